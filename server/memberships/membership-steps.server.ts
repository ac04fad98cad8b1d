// The membership workflow's steps (each an activity): an event read back from the provider and applied, a renewal
// check when no word came, the end of an unpaid membership, and a member's or admin's change. Each step reads the
// provider first, then writes the membership, its invoice and the ledger in one transaction under the row lock.
import type { EntityManager } from '@mikro-orm/postgresql';
import { changeRefusal } from '#core/memberships.ts';
import { MembershipPlan } from '#db/entities/membership.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import type { MembershipChange, MembershipEvent } from '#workflows/membership-messages.ts';
import {
  applySnapshot,
  currentMembership,
  endMembership,
  graceEndOf,
  lockMembership,
  recordInvoice,
  renewalCheckMs,
  viewOf,
  type MembershipEmail,
  type MembershipStep,
} from './membership-state.server.ts';
import { subscriptionProvider } from './provider-for.server.ts';
import { SubscriptionRejectedError, type InvoiceSnapshot, type SubscriptionSnapshot } from './subscription-provider.server.ts';

type Deps = Pick<ServerDeps, 'orm' | 'env' | 'stripe'>;

const providerOf = (deps: Deps) => subscriptionProvider({ em: deps.orm.em.fork(), env: deps.env, stripe: deps.stripe });

/** Reads the subscription back; a subscription the provider no longer knows is treated as ended. */
async function readSubscription(deps: Deps, subscriptionId: string | null): Promise<SubscriptionSnapshot | null> {
  if (!subscriptionId) return null;
  try {
    return await providerOf(deps).retrieveSubscription(subscriptionId);
  } catch (err) {
    if (err instanceof SubscriptionRejectedError) throw new PermanentError(err.message, 'NoSuchSubscription');
    throw err;
  }
}

interface Applied {
  customerId: number;
  membershipId?: number | null;
  subscriptionId: string | null;
  checkoutSessionId?: string | null;
  snapshot: SubscriptionSnapshot | null;
  invoice: InvoiceSnapshot | null;
  eventCreated: Date | null;
  /** Why it ends, if the subscription ended. */
  endReason?: 'cancelled' | 'unpaid' | 'admin' | 'checkout_expired';
  expired?: boolean;
  /** A plan change the provider has made. */
  planId?: number;
}

/** Writes a snapshot (and invoice) onto the membership in one transaction; answers the step's view, credits and emails. */
async function apply(deps: Deps, a: Applied): Promise<MembershipStep> {
  const now = new Date();
  return deps.orm.em.fork().transactional(async (tx: EntityManager) => {
    const metadataId = Number(a.snapshot?.metadata.membershipId);
    const m = await lockMembership(tx, {
      customerId: a.customerId,
      membershipId: a.membershipId ?? (Number.isSafeInteger(metadataId) ? metadataId : null),
      subscriptionId: a.subscriptionId,
      checkoutSessionId: a.checkoutSessionId ?? null,
    });
    if (!m) return { view: await viewOf(tx, a.customerId, null, deps.env), granted: 0, emails: [], checkEveryMs: renewalCheckMs(deps.env) };
    const emails: MembershipEmail[] = [];
    const wasPastDue = m.status === 'past_due';
    if (a.snapshot) applySnapshot(m, a.snapshot, now);
    if (a.planId) m.plan = await tx.findOneOrFail(MembershipPlan, { id: a.planId });
    let granted = 0;
    if (a.invoice) {
      granted = await recordInvoice(tx, m, a.invoice, a.eventCreated);
      if (granted > 0) emails.push({ template: 'membership-receipt', membershipId: m.id, invoiceId: a.invoice.invoiceId });
      if (a.invoice.status === 'open' && a.invoice.attemptCount > 0 && m.status !== 'ended') {
        emails.push({
          template: 'membership-payment-failed',
          membershipId: m.id,
          invoiceId: a.invoice.invoiceId,
          attempt: a.invoice.attemptCount,
          graceEndsAt: graceEndOf(m.pastDueSince ?? now, deps.env)?.toISOString() ?? null,
        });
      }
    }
    const ended = a.snapshot ? a.snapshot.status === 'canceled' || a.snapshot.status === 'incomplete_expired' : false;
    if (a.expired && m.status === 'incomplete') {
      await endMembership(tx, m, 'checkout_expired', now);
    } else if (ended) {
      const reason = a.endReason ?? (wasPastDue ? 'unpaid' : 'cancelled');
      if (await endMembership(tx, m, reason, a.snapshot?.endedAt ?? now)) emails.push({ template: 'membership-ended', membershipId: m.id });
    }
    await tx.flush();
    return { view: await viewOf(tx, a.customerId, m, deps.env), granted, emails, checkEveryMs: renewalCheckMs(deps.env) };
  });
}

/** A Stripe event, read back: the subscription's state now and, for invoice events, the invoice. */
export async function applyMembershipEvent(
  deps: Deps,
  { customerId, event }: { customerId: number; event: MembershipEvent },
): Promise<MembershipStep> {
  const snapshot = await readSubscription(deps, event.subscriptionId);
  const invoice = event.invoiceId ? await providerOf(deps).retrieveInvoice(event.invoiceId) : null;
  return apply(deps, {
    customerId,
    subscriptionId: event.subscriptionId,
    checkoutSessionId: event.checkoutSessionId,
    snapshot,
    invoice,
    eventCreated: event.created ? new Date(event.created * 1000) : null,
    expired: event.type === 'checkout.session.expired',
  });
}

/** No word of a renewal (or of a payment) for a while: asks the provider for the subscription and its latest invoice. */
export async function refreshMembership(deps: Deps, { customerId }: { customerId: number }): Promise<MembershipStep> {
  const m = await currentMembership(deps.orm.em.fork(), customerId);
  if (!m?.stripeSubscriptionId || m.status === 'ended')
    return {
      view: await viewOf(deps.orm.em.fork(), customerId, m, deps.env),
      granted: 0,
      emails: [],
      checkEveryMs: renewalCheckMs(deps.env),
    };
  const snapshot = await readSubscription(deps, m.stripeSubscriptionId);
  const invoice = snapshot?.latestInvoiceId ? await providerOf(deps).retrieveInvoice(snapshot.latestInvoiceId) : null;
  return apply(deps, { customerId, membershipId: m.id, subscriptionId: m.stripeSubscriptionId, snapshot, invoice, eventCreated: null });
}

/** The grace period passed without a payment: the subscription is cancelled at the provider and the membership ends. */
export async function endUnpaidMembership(deps: Deps, { customerId }: { customerId: number }): Promise<MembershipStep> {
  const m = await currentMembership(deps.orm.em.fork(), customerId);
  if (!m?.stripeSubscriptionId || m.status !== 'past_due') return refreshMembership(deps, { customerId });
  const snapshot = await providerOf(deps).cancelNow(m.stripeSubscriptionId, `membership-unpaid:${m.id}`);
  return apply(deps, {
    customerId,
    membershipId: m.id,
    subscriptionId: m.stripeSubscriptionId,
    snapshot,
    invoice: null,
    eventCreated: null,
    endReason: 'unpaid',
  });
}

/** A member's or admin's change: made at the provider (idempotency key per membership, action and state), then recorded. */
export async function changeMembershipStep(
  deps: Deps,
  { customerId, change }: { customerId: number; change: MembershipChange },
): Promise<MembershipStep> {
  const em = deps.orm.em.fork();
  const m = await currentMembership(em, customerId);
  const refused = changeRefusal(
    m && { status: m.status, cancelAtPeriodEnd: m.cancelAtPeriodEnd, planId: m.plan.id, subscriptionId: m.stripeSubscriptionId },
    change,
  );
  if (refused) throw new PermanentError(refused, 'MembershipChangeRefused');
  const sub = m!.stripeSubscriptionId!;
  const key = `membership-${m!.id}:${change.action}:${m!.currentPeriodEnd?.getTime() ?? 0}`;
  const provider = providerOf(deps);
  let snapshot: SubscriptionSnapshot;
  let newPlan: MembershipPlan | null = null;
  try {
    switch (change.action) {
      case 'pause':
        snapshot = await provider.pause(sub, change.periods, `${key}:${change.periods}`);
        break;
      case 'resume':
        snapshot = await provider.resume(sub, key);
        break;
      case 'keep':
        snapshot = await provider.setCancelAtPeriodEnd(sub, false, key);
        break;
      case 'cancel':
        snapshot = change.when === 'now' ? await provider.cancelNow(sub, key) : await provider.setCancelAtPeriodEnd(sub, true, key);
        break;
      case 'change_plan': {
        newPlan = await em.findOne(MembershipPlan, { id: change.planId, status: 'active' });
        if (!newPlan?.stripePriceId) throw new PermanentError('That plan is not available.', 'NoSuchPlan');
        snapshot = await provider.changePrice(sub, newPlan.stripePriceId, `${key}:${newPlan.stripePriceId}`);
        break;
      }
    }
  } catch (err) {
    if (err instanceof SubscriptionRejectedError) throw new PermanentError(err.message, 'MembershipChangeRefused');
    throw err;
  }
  return apply(deps, {
    customerId,
    membershipId: m!.id,
    subscriptionId: sub,
    snapshot,
    invoice: null,
    eventCreated: null,
    endReason: change.action === 'cancel' && change.by === 'admin' ? 'admin' : 'cancelled',
    planId: newPlan?.id,
  });
}
