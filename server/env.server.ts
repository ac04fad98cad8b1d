// Environment, parsed once at start-up with a clear error for what is missing. README.md ("Configuration") and
// .env.example list every variable; server/env-documentation.test.ts keeps the three in step.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CUSTOMER_EMAIL_SEARCH_MODES, type CustomerEmailSearch } from '#core/email-search.ts';
import { payloadKeysFromEnv } from '#server/temporal/payload-codec.server.ts';

/** Signs the local payment page's webhooks in development; anyone can read it here, so it is refused wherever money is real. */
export const DEV_WEBHOOK_SECRET = 'whsec_atelier_local_development_secret';
/** The print provider stand-in's webhook token in development; refused where money is real, like DEV_WEBHOOK_SECRET. */
export const DEV_PRINT_PROVIDER_TOKEN = 'atelier-local-print-provider-token';
const MIN_HASH_KEY_CHARS = 32;
/** A session secret signs cookies, order-access links and download links: shorter ones are refused where they matter. */
export const MIN_SESSION_SECRET_CHARS = 32;

/** The variables the web app and the workers read through getEnv(), with their defaults. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().positive().default(3000),
  APP_URL: z.url().default('http://localhost:3000'),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/atelier'),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  DATA_DIR: z.string().default('.data'),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  /** Payload encryption (app/utils/payload-codec.server.ts): base64 of 32 bytes; unset → payloads in the clear. */
  TEMPORAL_PAYLOAD_KEY: z.string().optional(),
  /** The current key's id in each payload's metadata (default: a fingerprint of the key). */
  TEMPORAL_PAYLOAD_KEY_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'TEMPORAL_PAYLOAD_KEY_ID: letters, digits, . _ - (at most 64)')
    .optional(),
  /** Earlier keys, for decryption only: comma-separated `id:base64` (or bare base64). */
  TEMPORAL_PAYLOAD_OLD_KEYS: z.string().optional(),
  /** What the CustomerEmail search attribute holds (core/email-search.ts): the address, its keyed hash, or nothing. Unset: hashed in production, plain otherwise. */
  CUSTOMER_EMAIL_SEARCH: z.enum(CUSTOMER_EMAIL_SEARCH_MODES).optional(),
  /** The HMAC key of CUSTOMER_EMAIL_SEARCH=hashed (required then). */
  CUSTOMER_EMAIL_HASH_KEY: z.string().optional(),
  STRIPE_SECRET_KEY: z.string().optional(),
  /** Unset: DEV_WEBHOOK_SECRET, in local payment mode outside production only. */
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PORT: z.coerce.number().int().positive().optional(),
  STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
  RESEND_API_KEY: z.string().optional(),
  EMAIL_FROM: z.string().default('Atelier <shop@localhost>'),
  SESSION_SECRET: z.string().optional(),
  STORAGE_DIR: z.string().default('.data/files'),
  /** S3-compatible storage for rendered files instead of STORAGE_DIR (credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the SDK's usual chain). */
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  /** A non-AWS endpoint (MinIO, R2…); path-style addressing is used with it. */
  S3_ENDPOINT: z.url().optional(),
  /** How long the download links minted for an order page work. */
  DOWNLOAD_LINK_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(48),
  ADMIN_EMAIL: z.email().default('admin@example.com'),
  ORDER_PREFIX: z
    .string()
    .regex(/^[A-Z]{2,6}$/, 'ORDER_PREFIX must be 2-6 capital letters')
    .default('ATL'),
  SHOP_CURRENCY: z.enum(['eur', 'usd', 'gbp']).default('eur'),
  SHIPPING_FLAT_RATE: z.coerce.number().int().nonnegative().default(999),
  SHIPPING_FREE_FROM: z.coerce.number().int().nonnegative().default(15000),
  SHIPPING_COUNTRIES: z.string().default('IE,GB,FR,DE,NL,BE,ES,IT,PT,AT,DK,SE,FI,US,CA'),
  /** `off`: no VAT is computed or shown (a seller below the registration threshold); invoices are still issued. */
  TAX: z.enum(['on', 'off']).default('on'),
  /** Whether the prices entered in the admin include VAT (`inclusive`, usual for shops selling to consumers) or not. */
  TAX_BEHAVIOR: z.enum(['inclusive', 'exclusive']).default('inclusive'),
  /** The seller's legal details printed on invoices; the country also sets the VAT estimate before an address is known. */
  SELLER_NAME: z.string().min(1).default('Atelier Prints Ltd'),
  /** Address lines separated by `|`. */
  SELLER_ADDRESS: z.string().min(1).default('1 Harbour Road|Dublin D02 X123|Ireland'),
  SELLER_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'SELLER_COUNTRY is a two-letter country code, e.g. IE')
    .default('IE'),
  SELLER_VAT_NUMBER: z.string().default('IE1234567FA'),
  /** Loyalty points per whole currency unit of goods after discounts (shipping excluded); 0 turns earning off. */
  POINTS_EARN_RATE: z.coerce.number().min(0).max(100).default(1),
  /** How a part-point is rounded when an order earns points. */
  POINTS_ROUNDING: z.enum(['down', 'nearest']).default('down'),
  /** What one point is worth when spent at checkout, minor units (1: 100 points = 1.00). */
  POINT_VALUE: z.coerce.number().int().positive().default(1),
  /** Days after payment (files) or delivery (what ships) before earned points become available. */
  POINTS_PENDING_DAYS: z.coerce.number().positive().default(14),
  /** Days available points last before they expire, and how many days before that the reminder goes. */
  POINTS_LIFETIME_DAYS: z.coerce.number().positive().default(365),
  POINTS_REMINDER_DAYS: z.coerce.number().nonnegative().default(30),
  /** An admin's points adjustment above this many points (either way) needs a superadmin. */
  POINTS_ADJUST_LIMIT: z.coerce.number().int().positive().default(5000),
  CHECKOUT_SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(1800),
  CHECKOUT_EXPIRY_GRACE_SECONDS: z.coerce.number().int().nonnegative().default(300),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(8),
  RENDER_CONCURRENCY: z.coerce.number().int().positive().default(1),
  /** CPU niceness of a rendering-only worker process (0–19): renders take what checkout leaves. */
  RENDER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** Workflows each worker keeps in memory between tasks; bounds the worker's memory when many orders wait (fulfillment, campaigns). */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
  /** Multiplies every drip campaign wait: 1 in production; e.g. 0.00001 in tests so a week passes in seconds. */
  CAMPAIGN_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
  /** Not read by the upkeep (idle carts stay active; "abandoned" is derived from last_activity_at); kept so .env files that set it still parse. */
  CART_IDLE_HOURS: z.coerce.number().positive().default(48),
  /** A cart with items and an email untouched this long enters the abandoned-cart campaign. */
  CART_QUIET_MINUTES: z.coerce.number().positive().default(60),
  /** How often the cart-upkeep Schedule runs (a Temporal interval: 1h, 15m, 30s). */
  CART_UPKEEP_EVERY: z
    .string()
    .regex(/^\d+(s|m|h)$/, 'CART_UPKEEP_EVERY is a number and s, m or h, e.g. 1h')
    .default('1h'),
  /** How long a refund waits for Stripe's webhook before asking Stripe itself. */
  REFUND_CHECK_AFTER_SECONDS: z.coerce.number().int().min(1).max(86400).default(600),
  /** Resend's webhook signing secret (whsec_…): /webhooks/resend refuses every delivery without it. */
  RESEND_WEBHOOK_SECRET: z.string().optional(),
  /** Local payment mode: where the stand-in for Stripe delivers its webhooks (default: this host's PORT). */
  LOCAL_STRIPE_WEBHOOK_URL: z.url().optional(),
  /** Gelato's API key: print-on-demand orders go to Gelato. Unset: to the local stand-in (PRINT_PROVIDER_STAND_IN_URL). */
  GELATO_API_KEY: z.string().optional(),
  GELATO_API_URL: z.url().default('https://order.gelatoapis.com'),
  /** Where the local print provider stand-in listens (started by `npm start` and the tests when GELATO_API_KEY is unset). */
  PRINT_PROVIDER_STAND_IN_URL: z.url().default('http://127.0.0.1:3300'),
  /** The stand-in moves each order one step on every this many seconds (0: only by the buttons on /dev/provider). */
  PRINT_PROVIDER_STAND_IN_STEP_SECONDS: z.coerce.number().min(0).default(20),
  /** The token in the webhook URL registered at the provider (/webhooks/print-provider?token=…); unset: a development token, refused in production. */
  PRINT_PROVIDER_WEBHOOK_SECRET: z.string().optional(),
  /** How long a print order waits for a webhook before asking the provider itself. */
  /** Multiplies membership periods of the local payment stand-in and the membership waits (grace, renewal check): 1 in production. */
  MEMBERSHIP_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
  /** Days a member whose renewal failed keeps the membership while the payment is retried; then it ends. */
  MEMBERSHIP_GRACE_DAYS: z.coerce.number().positive().default(14),
  /** Days after a period's end without word of its renewal before the membership workflow asks the provider itself. */
  MEMBERSHIP_RENEWAL_CHECK_DAYS: z.coerce.number().positive().default(2),
  /** Local payment mode: how often the stand-in renews due subscriptions and delivers its events (milliseconds). */
  LOCAL_SUBSCRIPTIONS_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  PRINT_PROVIDER_POLL_SECONDS: z.coerce.number().int().min(1).default(21600),
  /** How long the print-file links given to the provider work. */
  PRINT_FILE_LINK_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(168),
  /** Who gets the developer pages (/dev/…): loopback clients only, or anyone (`open`: a shop in containers reached through a published port). */
  DEV_ROUTES: z.enum(['loopback', 'open']).default('loopback'),
});

export type Env = Omit<z.infer<typeof envSchema>, 'CUSTOMER_EMAIL_SEARCH' | 'STRIPE_WEBHOOK_SECRET' | 'PRINT_PROVIDER_WEBHOOK_SECRET'> & {
  CUSTOMER_EMAIL_SEARCH: CustomerEmailSearch;
  STRIPE_WEBHOOK_SECRET: string;
  PRINT_PROVIDER_WEBHOOK_SECRET: string;
  printProviderMode: 'gelato' | 'local';
  SESSION_SECRET: string;
  stripeMode: 'stripe' | 'local';
  emailMode: 'resend' | 'outbox';
  storageMode: 'local' | 's3';
};

/** In development the session secret is generated once into the data folder, so restarts keep sessions. */
function devSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Where money or real customers are involved — Stripe mode (STRIPE_SECRET_KEY) or NODE_ENV=production — the
 * secrets that prove who is talking must be real: the webhook secret (the built-in development one is public, so
 * anyone could sign "paid" with it), the session secret, and Resend's webhook secret once Resend sends mail.
 * Returns what is wrong, one line each; empty when nothing is.
 */
function missingSecrets(env: z.infer<typeof envSchema>): string[] {
  const stripeMode = Boolean(env.STRIPE_SECRET_KEY);
  const production = env.NODE_ENV === 'production';
  const gelato = Boolean(env.GELATO_API_KEY?.trim());
  if (!stripeMode && !production && !gelato) return [];
  const problems: string[] = [];
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim() ?? '';
  if (!webhookSecret || webhookSecret === DEV_WEBHOOK_SECRET) {
    problems.push(
      `STRIPE_WEBHOOK_SECRET is ${webhookSecret ? 'the built-in development secret, which anyone can read' : 'not set'}: ` +
        (stripeMode
          ? "set the signing secret (whsec_…) of the shop's webhook endpoint in the Stripe Dashboard (or the one `stripe listen` prints)"
          : 'set a random secret (e.g. whsec_$(openssl rand -hex 24)); the local payment page signs its webhooks with it'),
    );
  }
  const sessionSecret = env.SESSION_SECRET?.trim() ?? '';
  if (sessionSecret.length < MIN_SESSION_SECRET_CHARS) {
    problems.push(
      `SESSION_SECRET is ${sessionSecret ? `too short (${sessionSecret.length} characters)` : 'not set'}: set a random string of at least ${MIN_SESSION_SECRET_CHARS} characters (openssl rand -base64 32); it signs cookies and links`,
    );
  }
  const providerToken = env.PRINT_PROVIDER_WEBHOOK_SECRET?.trim() ?? '';
  if ((production || gelato) && (providerToken.length < 24 || providerToken === DEV_PRINT_PROVIDER_TOKEN)) {
    problems.push(
      `PRINT_PROVIDER_WEBHOOK_SECRET is ${providerToken ? 'too short or the development token' : 'not set'}: set a random string of at least 24 characters (openssl rand -hex 24) and register /webhooks/print-provider?token=<it> as the provider's webhook URL`,
    );
  }
  if (production && env.RESEND_API_KEY?.trim() && !env.RESEND_WEBHOOK_SECRET?.trim()) {
    problems.push(
      "RESEND_WEBHOOK_SECRET is not set while RESEND_API_KEY sends mail: set the signing secret (whsec_…) of the shop's webhook in Resend",
    );
  }
  if (!problems.length) return [];
  const why = [
    stripeMode ? 'Stripe mode (STRIPE_SECRET_KEY is set)' : null,
    gelato ? 'Gelato (GELATO_API_KEY is set)' : null,
    production ? 'NODE_ENV=production' : null,
  ]
    .filter(Boolean)
    .join(' and ');
  return [`Refusing to start: ${why} needs real secrets, the same in the web app and the workers.`, ...problems.map((p) => `  - ${p}`)];
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const refusal = missingSecrets(env);
  if (refusal.length) throw new Error(refusal.join('\n'));
  // A malformed payload key fails here, at start-up, rather than at the first workflow.
  payloadKeysFromEnv(env);
  // In production the visibility store gets keyed hashes, not customers' addresses (README, "Customer data in Temporal").
  const emailSearch = env.CUSTOMER_EMAIL_SEARCH ?? (env.NODE_ENV === 'production' ? 'hashed' : 'plain');
  const hashKey = env.CUSTOMER_EMAIL_HASH_KEY?.trim();
  if (emailSearch === 'hashed' && (!hashKey || hashKey.length < MIN_HASH_KEY_CHARS)) {
    throw new Error(
      `CUSTOMER_EMAIL_SEARCH=hashed${env.CUSTOMER_EMAIL_SEARCH ? '' : ' (the default with NODE_ENV=production)'} needs CUSTOMER_EMAIL_HASH_KEY, ` +
        `a random string of at least ${MIN_HASH_KEY_CHARS} characters (openssl rand -hex 32), ` +
        'the same in the web app and the workers' +
        (hashKey ? ` (it has ${hashKey.length})` : '') +
        '; or set CUSTOMER_EMAIL_SEARCH=plain or off explicitly',
    );
  }
  // Only local payment mode outside production gets here without one (missingSecrets refuses the rest).
  const secret = env.SESSION_SECRET?.trim() || devSessionSecret(env.DATA_DIR);
  return {
    ...env,
    APP_URL: env.APP_URL.replace(/\/$/, ''),
    CUSTOMER_EMAIL_SEARCH: emailSearch,
    CUSTOMER_EMAIL_HASH_KEY: hashKey || undefined,
    // Blank (an empty variable in a compose file) is unset: the local payment page's development secret.
    STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET?.trim() || DEV_WEBHOOK_SECRET,
    PRINT_PROVIDER_WEBHOOK_SECRET: env.PRINT_PROVIDER_WEBHOOK_SECRET?.trim() || DEV_PRINT_PROVIDER_TOKEN,
    printProviderMode: env.GELATO_API_KEY?.trim() ? 'gelato' : 'local',
    SESSION_SECRET: secret,
    stripeMode: env.STRIPE_SECRET_KEY ? 'stripe' : 'local',
    emailMode: env.RESEND_API_KEY ? 'resend' : 'outbox',
    storageMode: env.S3_BUCKET ? 's3' : 'local',
  };
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
