// The opening membership plans of a new shop, created only while there are no plans at all (once there are, the
// admin owns the list). In local payment mode they get the stand-in's product and price ids straight away, so members
// can join before any sync; in Stripe mode an admin's save or "Sync with Stripe" puts them on Stripe.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UnusedCreditsRule } from '#core/memberships.ts';
import { MembershipPlan } from '#db/entities/membership.ts';
import { getEnv } from '#server/env.server.ts';
import { recordLocalPlanIds } from './sync-plan.server.ts';

interface SeedPlan {
  name: string;
  description: string;
  price: number;
  creditsPerPeriod: number;
  trialDays: number;
  unusedCredits: UnusedCreditsRule;
}

export const SEED_PLANS: readonly SeedPlan[] = [
  {
    name: 'Starter',
    description: '5 print credits every month. Unused credits stay yours.',
    price: 900,
    creditsPerPeriod: 5,
    trialDays: 0,
    unusedCredits: 'keep',
  },
  {
    name: 'Pro',
    description: '12 print credits every month, the first 7 days free. Unused monthly credits end with the membership.',
    price: 1900,
    creditsPerPeriod: 12,
    trialDays: 7,
    unusedCredits: 'expire',
  },
];

/** Creates the opening plans into an empty list (all or none); how many it created. */
export async function seedPlans(em: EntityManager): Promise<number> {
  const env = getEnv();
  return em.transactional(async (tx) => {
    if ((await tx.count(MembershipPlan, {})) > 0) return 0;
    const plans = SEED_PLANS.map((p) => {
      const plan = new MembershipPlan({ name: p.name, price: p.price, currency: env.SHOP_CURRENCY, creditsPerPeriod: p.creditsPerPeriod });
      plan.description = p.description;
      plan.trialDays = p.trialDays;
      plan.unusedCredits = p.unusedCredits;
      return plan;
    });
    await tx.persist(plans).flush();
    if (env.stripeMode === 'local') {
      // What the sync workflow records for version 1 in local payment mode (the ids need the plans' own).
      for (const plan of plans) {
        recordLocalPlanIds(plan);
        plan.syncedVersion = plan.version;
      }
      await tx.flush();
    }
    return plans.length;
  });
}
