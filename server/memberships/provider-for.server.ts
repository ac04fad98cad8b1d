// Which subscription provider answers: Stripe when the shop has a Stripe key, else the local stand-in.
import type { EntityManager } from '@mikro-orm/postgresql';
import type Stripe from 'stripe';
import type { Env } from '#server/env.server.ts';
import { localSubscriptions } from './local-subscription-provider.server.ts';
import { stripeSubscriptions } from './stripe-subscriptions.server.ts';
import type { SubscriptionProvider } from './subscription-provider.server.ts';

export function subscriptionProvider(deps: {
  em: EntityManager;
  env: Pick<Env, 'APP_URL' | 'MEMBERSHIP_TIME_SCALE'>;
  stripe: Stripe | null;
}): SubscriptionProvider {
  return deps.stripe ? stripeSubscriptions(deps.stripe) : localSubscriptions(deps.em, deps.env);
}
