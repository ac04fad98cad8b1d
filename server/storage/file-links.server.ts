// Signed, expiring download links: /files/<id>.<version>.<expiry>.<signature>. The token names a download
// row, never a storage key, and is signed with a key derived from SESSION_SECRET; changing any part of it
// (another download, a later expiry) breaks the signature. The version is the row's link version: an
// admin's "regenerate links" bumps it and every link minted before stops working.
import { signPayload, signatureMatches } from '#server/signing.server.ts';

/** How long a link minted for the order page works, unless the caller says otherwise. */
export const DEFAULT_LINK_TTL_SECONDS = 48 * 3600;

export type FileTokenCheck =
  { ok: true; downloadId: number; version: number; expiresAt: Date } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

// Its own key, so a file link can never pass for a session cookie's signature or the other way round.
const PURPOSE = 'atelier:file-links:v1';

export function signFileToken(downloadId: number, version: number, expiresAt: Date, secret: string): string {
  if (!Number.isSafeInteger(downloadId) || downloadId <= 0) throw new Error(`bad download id ${downloadId}`);
  if (!Number.isSafeInteger(version) || version <= 0) throw new Error(`bad link version ${version}`);
  const payload = `${downloadId.toString(36)}.${version.toString(36)}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${payload}.${signPayload(payload, secret, PURPOSE)}`;
}

export function verifyFileToken(token: string, secret: string, now: Date = new Date()): FileTokenCheck {
  const m = /^([0-9a-z]{1,11})\.([0-9a-z]{1,11})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const [, id, version, exp, signature] = m as unknown as [string, string, string, string, string];
  if (!signatureMatches(`${id}.${version}.${exp}`, signature, secret, PURPOSE)) return { ok: false, reason: 'signature' };
  const expiresAt = new Date(parseInt(exp, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, downloadId: parseInt(id, 36), version: parseInt(version, 36), expiresAt };
}

/** The path of a signed link (relative to APP_URL). */
export function fileLinkPath(downloadId: number, version: number, expiresAt: Date, secret: string): string {
  return `/files/${signFileToken(downloadId, version, expiresAt, secret)}`;
}
