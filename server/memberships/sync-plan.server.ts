// A membership plan mirrored to Stripe: one product per plan, and a recurring monthly price per amount it has had.
import type Stripe from 'stripe';
import { MembershipPlan } from '#db/entities/membership.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';

export interface PlanSyncResult {
  planId: number;
  name: string;
  /** The plan's version this run read and mirrored. */
  version: number;
  stripeProductId: string | null;
  stripePriceId: string | null;
  stripePriceAmount: number | null;
  activeOnStripe: boolean;
}

/** Local payment mode plays Stripe's part: the ids it would have given. */
export const localPlanProductId = (planId: number) => `prod_local_plan_${planId}`;
export const localPlanPriceId = (planId: number, amount: number) => `price_local_plan_${planId}_${amount}`;

/** Records the stand-in's product and price of the plan's current amount (local payment mode). */
export function recordLocalPlanIds(plan: MembershipPlan): void {
  plan.stripeProductId ??= localPlanProductId(plan.id);
  if (plan.stripePriceAmount !== plan.price || !plan.stripePriceId) {
    plan.stripePriceId = localPlanPriceId(plan.id, plan.price);
    plan.stripePriceAmount = plan.price;
  }
}

/**
 * The plan's monthly price for its current amount, created once per amount. Stripe answers a repeated key with the
 * first answer: a price archived since (the amount changed and changed back within Stripe's 24 hours) is put back on.
 */
async function monthlyPrice(stripe: Stripe, plan: MembershipPlan, productId: string): Promise<string> {
  const price = await stripe.prices.create(
    {
      product: productId,
      unit_amount: plan.price,
      currency: plan.currency,
      recurring: { interval: 'month' },
      metadata: { planId: String(plan.id) },
    },
    { idempotencyKey: `membership-price:${plan.id}:${plan.price}` },
  );
  if (price.lastResponse?.headers['idempotent-replayed'] === 'true') await stripe.prices.update(price.id, { active: true });
  return price.id;
}

/** Makes Stripe's product and price match the plan; the old price, when replaced, is archived (its members stay on it). */
async function syncToStripe(stripe: Stripe, plan: MembershipPlan, active: boolean, save: () => Promise<void>): Promise<void> {
  if (!plan.stripeProductId) {
    const product = await stripe.products.create(
      {
        name: plan.name,
        ...(plan.description ? { description: plan.description } : {}),
        active,
        metadata: { planId: String(plan.id) },
      },
      { idempotencyKey: `membership-product:${plan.id}` },
    );
    plan.stripeProductId = product.id;
    await save();
  }
  const replaced = plan.stripePriceAmount !== plan.price || !plan.stripePriceId ? plan.stripePriceId : undefined;
  const priceId = replaced === undefined ? plan.stripePriceId! : await monthlyPrice(stripe, plan, plan.stripeProductId);
  await stripe.products.update(
    plan.stripeProductId,
    { name: plan.name, description: plan.description ?? '', active, default_price: priceId },
    { idempotencyKey: `membership-product:${plan.id}:v${plan.version}:${priceId}` },
  );
  // Archived only once it is no longer the product's default (Stripe refuses to archive that one).
  if (replaced && replaced !== priceId) {
    await stripe.prices.update(replaced, { active: false }, { idempotencyKey: `membership-price-archive:${replaced}` });
  }
  plan.stripePriceId = priceId;
  plan.stripePriceAmount = plan.price;
}

/**
 * Makes Stripe match the shop's record of a plan (the activity of membership-plan-<id>-v<version>): the product
 * created once and its name, description and `active` kept in step; a new monthly price when the amount changed,
 * made the product's default, the former one archived. Ids are recorded as they come back, so a retry repeats nothing.
 */
export async function syncMembershipPlan(
  { orm, stripe }: Pick<ServerDeps, 'orm' | 'stripe'>,
  { planId }: { planId: number },
): Promise<PlanSyncResult> {
  const em = orm.em.fork();
  const plan = await em.findOne(MembershipPlan, { id: planId });
  if (!plan) throw new PermanentError(`membership plan ${planId} does not exist`, 'NoSuchPlan');
  const version = plan.version;
  const active = plan.status === 'active';

  if (!stripe) {
    recordLocalPlanIds(plan);
  } else {
    try {
      await syncToStripe(stripe, plan, active, () => em.flush());
    } catch (err) {
      const e = err as { type?: string; message?: string };
      plan.syncError = e.message?.slice(0, 1000) ?? String(err);
      await em.flush();
      // A request Stripe refuses (bad parameters) will not succeed on retry.
      if (e.type === 'StripeInvalidRequestError') throw new PermanentError(plan.syncError, 'StripeRejected');
      throw err;
    }
  }
  // Only a newer version moves syncedVersion forward: a late, older run never claims the latest.
  if (plan.syncedVersion < version) plan.syncedVersion = version;
  plan.syncError = null;
  await em.flush();
  return {
    planId: plan.id,
    name: plan.name,
    version,
    stripeProductId: plan.stripeProductId,
    stripePriceId: plan.stripePriceId,
    stripePriceAmount: plan.stripePriceAmount,
    activeOnStripe: active,
  };
}
