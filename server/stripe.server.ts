import Stripe from 'stripe';
import { getEnv, type Env } from '#server/env.server.ts';

// The SDK pins its own API version; webhooks are verified without depending on it.

/** The real SDK; in local payment mode it is only used to sign and verify webhooks (no network). */
export function makeStripe(env: Env): Stripe {
  return new Stripe(env.STRIPE_SECRET_KEY ?? 'sk_test_local_mode_no_network', {
    host: env.STRIPE_API_HOST,
    port: env.STRIPE_API_PORT,
    protocol: env.STRIPE_API_PROTOCOL,
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'Atelier' },
  });
}

let stripe: Stripe | undefined;
export function getStripe(): Stripe {
  stripe ??= makeStripe(getEnv());
  return stripe;
}
