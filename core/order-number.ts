// Order numbers: <PREFIX>-<YEAR>-<8 Crockford base32 chars>, e.g. ATL-2026-8H3K9C2D.
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const PATTERN = /^([A-Z]{2,6})-(\d{4})-([0-9A-HJKMNP-TV-Z]{8})$/;

export interface ParsedOrderNumber {
  prefix: string;
  year: number;
  code: string;
}

/** Builds an order number from 5 random bytes (40 bits = 8 base32 chars). */
export function makeOrderNumber(prefix: string, year: number, randomBytes: Uint8Array): string {
  if (!/^[A-Z]{2,6}$/.test(prefix)) throw new RangeError(`bad order prefix: ${prefix}`);
  if (randomBytes.length < 5) throw new RangeError('need 5 random bytes');
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(randomBytes[i] ?? 0);
  let code = '';
  for (let i = 7; i >= 0; i--) code += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${prefix}-${year}-${code}`;
}

/** Accepts what a person might type (lower case, O for 0, I/L for 1) and returns the canonical form. */
export function normalizeOrderNumber(input: string): string {
  const up = input.trim().toUpperCase();
  const parts = up.split('-');
  if (parts.length !== 3) return up;
  const code = (parts[2] ?? '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return `${parts[0]}-${parts[1]}-${code}`;
}

export function parseOrderNumber(input: string): ParsedOrderNumber | null {
  const m = PATTERN.exec(normalizeOrderNumber(input));
  if (!m) return null;
  return { prefix: m[1]!, year: Number(m[2]), code: m[3]! };
}

export function isOrderNumber(input: string): boolean {
  return PATTERN.test(input);
}
