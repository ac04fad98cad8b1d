// Start-up refusals: where money or real customers are involved (Stripe mode, NODE_ENV=production) the web app and
// the workers refuse to start without real secrets; the local payment mode in development keeps its built-in one.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { DEV_PRINT_PROVIDER_TOKEN, DEV_WEBHOOK_SECRET, parseEnv } from './env.server.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'atelier-env-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const SESSION_SECRET = 's'.repeat(32);
const WEBHOOK_SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const HASH_KEY = 'k'.repeat(32);
/** A production setup with every secret it needs. */
const production = {
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  SESSION_SECRET,
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  CUSTOMER_EMAIL_HASH_KEY: HASH_KEY,
  PRINT_PROVIDER_WEBHOOK_SECRET: 'print-provider-token-0123456789',
} as const;
/** Stripe mode on a developer's machine, with every secret it needs. */
const stripeDevelopment = {
  NODE_ENV: 'development',
  DATA_DIR: dataDir,
  STRIPE_SECRET_KEY: 'sk_test_x',
  SESSION_SECRET,
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
} as const;

const refusal = (source: Record<string, string | undefined>): string => {
  try {
    parseEnv(source as NodeJS.ProcessEnv);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  assert.fail('parseEnv accepted the environment');
};

test('the local payment mode in development starts with the built-in webhook secret and a generated session secret', () => {
  const env = parseEnv({ NODE_ENV: 'development', DATA_DIR: dataDir });
  assert.equal(env.STRIPE_WEBHOOK_SECRET, DEV_WEBHOOK_SECRET);
  assert.equal(env.stripeMode, 'local');
  assert.ok(env.SESSION_SECRET.length >= 32, 'a generated session secret');
  // A blank variable (an empty line in a compose file) is unset, not an empty signing secret.
  assert.equal(
    parseEnv({ NODE_ENV: 'development', DATA_DIR: dataDir, STRIPE_WEBHOOK_SECRET: '' }).STRIPE_WEBHOOK_SECRET,
    DEV_WEBHOOK_SECRET,
  );
});

test('Stripe mode refuses to start without a real webhook secret', () => {
  const { STRIPE_WEBHOOK_SECRET: _, ...withoutSecret } = stripeDevelopment;
  assert.match(
    refusal(withoutSecret),
    /Refusing to start: Stripe mode \(STRIPE_SECRET_KEY is set\)[^\n]*\n\s+- STRIPE_WEBHOOK_SECRET is not set: set the signing secret/,
  );
  assert.match(
    refusal({ ...stripeDevelopment, STRIPE_WEBHOOK_SECRET: DEV_WEBHOOK_SECRET }),
    /STRIPE_WEBHOOK_SECRET is the built-in development secret, which anyone can read/,
  );
  assert.match(refusal({ ...stripeDevelopment, STRIPE_WEBHOOK_SECRET: '  ' }), /STRIPE_WEBHOOK_SECRET is not set/);
  assert.equal(parseEnv(stripeDevelopment).STRIPE_WEBHOOK_SECRET, WEBHOOK_SECRET);
});

test('Stripe mode refuses to start without a session secret of at least 32 characters', () => {
  const { SESSION_SECRET: _, ...withoutSecret } = stripeDevelopment;
  assert.match(refusal(withoutSecret), /SESSION_SECRET is not set: set a random string of at least 32 characters/);
  assert.match(refusal({ ...stripeDevelopment, SESSION_SECRET: 'short-secret' }), /SESSION_SECRET is too short \(12 characters\)/);
});

test('NODE_ENV=production refuses to start without real secrets, in local payment mode too, and says everything at once', () => {
  const message = refusal({ NODE_ENV: 'production', DATA_DIR: dataDir, CUSTOMER_EMAIL_HASH_KEY: HASH_KEY });
  assert.match(message, /^Refusing to start: NODE_ENV=production needs real secrets/);
  assert.match(message, /- STRIPE_WEBHOOK_SECRET is not set: set a random secret/);
  assert.match(message, /- SESSION_SECRET is not set/);
  assert.match(message, /- PRINT_PROVIDER_WEBHOOK_SECRET is not set/);
  assert.match(
    refusal({ ...production, PRINT_PROVIDER_WEBHOOK_SECRET: DEV_PRINT_PROVIDER_TOKEN }),
    /PRINT_PROVIDER_WEBHOOK_SECRET is too short or the development token/,
  );
  assert.match(refusal({ ...production, STRIPE_WEBHOOK_SECRET: DEV_WEBHOOK_SECRET }), /built-in development secret/);
  assert.match(refusal({ ...production, SESSION_SECRET: 'x'.repeat(31) }), /SESSION_SECRET is too short \(31 characters\)/);
  assert.match(
    refusal({ ...production, STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: undefined }),
    /Stripe mode \(STRIPE_SECRET_KEY is set\) and NODE_ENV=production/,
  );
  assert.equal(parseEnv(production).SESSION_SECRET, SESSION_SECRET);
});

test('with Resend sending mail in production, the Resend webhook secret is required', () => {
  assert.match(refusal({ ...production, RESEND_API_KEY: 're_live_x' }), /RESEND_WEBHOOK_SECRET is not set while RESEND_API_KEY sends mail/);
  assert.equal(parseEnv({ ...production, RESEND_API_KEY: 're_live_x', RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET }).emailMode, 'resend');
  // In development the outbox and a missing Resend webhook secret (/webhooks/resend answers 503) are fine.
  assert.equal(parseEnv({ NODE_ENV: 'development', DATA_DIR: dataDir, RESEND_API_KEY: 're_test_x' }).emailMode, 'resend');
});

test('CustomerEmail is a keyed hash by default in production, and the hash key is then required', () => {
  const { CUSTOMER_EMAIL_HASH_KEY: _, ...withoutKey } = production;
  assert.match(refusal(withoutKey), /CUSTOMER_EMAIL_SEARCH=hashed \(the default with NODE_ENV=production\) needs CUSTOMER_EMAIL_HASH_KEY/);
  assert.equal(parseEnv(production).CUSTOMER_EMAIL_SEARCH, 'hashed');
  // Chosen explicitly, plain or off need no key.
  assert.equal(parseEnv({ ...withoutKey, CUSTOMER_EMAIL_SEARCH: 'plain' }).CUSTOMER_EMAIL_SEARCH, 'plain');
  assert.equal(parseEnv({ ...withoutKey, CUSTOMER_EMAIL_SEARCH: 'off' }).CUSTOMER_EMAIL_SEARCH, 'off');
  // Development keeps the readable default.
  assert.equal(parseEnv({ NODE_ENV: 'development', DATA_DIR: dataDir }).CUSTOMER_EMAIL_SEARCH, 'plain');
});
