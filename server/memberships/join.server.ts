// Joining: a membership row (incomplete until its checkout is paid) and a hosted checkout in subscription mode —
// Stripe Checkout, or the stand-in's page in local payment mode. The workflow starts with the first event.
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { Membership, MembershipPlan } from '#db/entities/membership.ts';
import { User } from '#db/entities/user.ts';
import { getEnv } from '#server/env.server.ts';
import { getStripe } from '#server/stripe.server.ts';
import { subscriptionProvider } from './provider-for.server.ts';

export type JoinResult = { ok: true; url: string } | { ok: false; field: 'planId' | null; message: string };

/** The customer's membership that has not ended, if any. */
const openMembership = (em: EntityManager, customerId: number) =>
  em.findOne(Membership, { customer: customerId, status: { $ne: 'ended' } }, { populate: ['plan'], refresh: true });

export async function startMembershipCheckout(em: EntityManager, input: { customerId: number; planId: number }): Promise<JoinResult> {
  const env = getEnv();
  const plan = await em.findOne(MembershipPlan, { id: input.planId });
  if (!plan || plan.status !== 'active') return { ok: false, field: 'planId', message: 'This plan is not offered any more.' };
  if (!plan.stripePriceId) return { ok: false, field: 'planId', message: 'This plan is not ready for sale yet; try again in a minute.' };
  const customer = await em.findOneOrFail(User, { id: input.customerId });
  let membership = await openMembership(em, input.customerId);
  if (membership && membership.status !== 'incomplete') {
    return { ok: false, field: null, message: `You are already a member (${membership.plan.name}).` };
  }
  if (!membership) {
    // Two tabs joining at once: the unique index keeps one open membership per customer, and both use it.
    try {
      membership = new Membership({ customer, plan });
      await em.persistAndFlush(membership);
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      em.clear();
      membership = await openMembership(em, input.customerId);
      if (!membership || membership.status !== 'incomplete') return { ok: false, field: null, message: 'You are already a member.' };
    }
  }
  membership.plan = plan;
  const previous = await em.execute<Array<{ stripe_customer_id: string }>>(
    `select stripe_customer_id from memberships where customer_id = ? and stripe_customer_id is not null order by id desc limit 1`,
    [input.customerId],
    'all',
  );
  const provider = subscriptionProvider({ em, env, stripe: env.stripeMode === 'stripe' ? getStripe() : null });
  const session = await provider.createCheckout({
    membershipId: membership.id,
    customerId: customer.id,
    email: customer.email,
    plan: {
      id: plan.id,
      name: plan.name,
      stripePriceId: plan.stripePriceId,
      price: plan.price,
      currency: plan.currency,
      trialDays: plan.trialDays,
    },
    customerRef: previous[0]?.stripe_customer_id ?? null,
    successUrl: `${env.APP_URL}/account/membership?joined=1`,
    cancelUrl: `${env.APP_URL}/membership`,
  });
  membership.checkoutSessionId = session.sessionId;
  membership.stripeCustomerId = session.customerRef ?? membership.stripeCustomerId;
  await em.flush();
  return { ok: true, url: session.url };
}
