// What the account and admin pages ask of a membership: changes go to its workflow as Updates (the workflow makes
// them at the provider and answers the membership as it now is); the card is updated on the provider's page.
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { membershipWorkflowId, type MembershipChange } from '#core/memberships.ts';
import { Membership } from '#db/entities/membership.ts';
import { getEnv } from '#server/env.server.ts';
import { getStripe } from '#server/stripe.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { changeMembershipUpdate, type MembershipView } from '#workflows/membership-messages.ts';
import { subscriptionProvider } from './provider-for.server.ts';

export type ChangeResult = { ok: true; view: MembershipView } | { ok: false; message: string };

const NO_MEMBERSHIP = 'You have no membership to change.';

export async function changeMembership(customerId: number, change: MembershipChange): Promise<ChangeResult> {
  try {
    const view = await getTemporalClient()
      .workflow.getHandle(membershipWorkflowId(customerId))
      .executeUpdate(changeMembershipUpdate, { args: [change] });
    return { ok: true, view };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { ok: false, message: NO_MEMBERSHIP };
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause as { message?: string } | undefined;
      return { ok: false, message: cause?.message || 'Your membership could not be changed. Try again in a minute.' };
    }
    // A finished workflow (the membership ended) refuses Updates.
    if (err instanceof Error && /completed|closed/i.test(err.message)) return { ok: false, message: NO_MEMBERSHIP };
    throw err;
  }
}

/** Where the member updates the card: Stripe's customer portal (a fresh session), or the stand-in's page; null without a subscription. */
export async function cardUpdateUrl(em: EntityManager, customerId: number): Promise<string | null> {
  const m = await em.findOne(Membership, { customer: customerId, status: { $ne: 'ended' } }, { orderBy: { id: 'desc' } });
  if (!m?.stripeSubscriptionId || !m.stripeCustomerId) return null;
  const env = getEnv();
  const provider = subscriptionProvider({ em, env, stripe: env.stripeMode === 'stripe' ? getStripe() : null });
  return provider.cardUpdateUrl({
    customerRef: m.stripeCustomerId,
    subscriptionId: m.stripeSubscriptionId,
    returnUrl: `${env.APP_URL}/account/membership`,
  });
}
