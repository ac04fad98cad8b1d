// Signing in as a person does: ask for a link, read it from the outbox, post the verify form.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { Browser, waitFor } from './http.ts';

export const unique = () => randomBytes(4).toString('hex');
/** Each visitor comes from its own address (198.18.0.0/15, for tests), so per-IP limits do not collide. */
let nextIp = randomBytes(2).readUInt16BE(0);
const fromIp = () => {
  const n = nextIp++ % 65_536;
  return `198.18.${n >> 8}.${n & 255}`;
};

/** A browser whose requests carry X-Forwarded-For (the shop trusts loopback proxies). */
export class Visitor extends Browser {
  constructor(
    baseUrl: string,
    readonly ip = fromIp(),
  ) {
    super(baseUrl);
  }
  async postAs(path: string, form: Record<string, string | number>, origin?: string | null) {
    return this.post(path, form, { origin, headers: { 'X-Forwarded-For': this.ip } });
  }
  async getAs(path: string) {
    return this.get(path, { 'X-Forwarded-For': this.ip });
  }
}

export async function latestToken(db: pg.Pool, email: string): Promise<string> {
  const row = await waitFor('sign-in email', async () => {
    const { rows } = await db.query<{ text: string }>(
      'select text from emails where "to" = $1 and template = \'magic-link\' order by id desc limit 1',
      [email],
    );
    return rows[0];
  });
  const match = /token=([A-Za-z0-9_-]{43})/.exec(row.text);
  assert.ok(match, 'the email carries a sign-in link');
  return match[1]!;
}

export async function requestLink(v: Visitor, email: string, redirectTo = '/account') {
  return v.postAs('/login', { email, redirectTo });
}

export async function signIn(db: pg.Pool, v: Visitor, email: string, redirectTo = '/account'): Promise<Response> {
  const before = await db.query<{ n: number }>('select count(*)::int as n from emails where "to" = $1 and template = \'magic-link\'', [
    email,
  ]);
  const res = await requestLink(v, email, redirectTo);
  assert.equal(res.status, 200);
  await waitFor('a new sign-in email', async () => {
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from emails where "to" = $1 and template = \'magic-link\'', [
      email,
    ]);
    return rows[0]!.n > before.rows[0]!.n;
  });
  const token = await latestToken(db, email);
  return v.postAs('/auth/verify', { token });
}
