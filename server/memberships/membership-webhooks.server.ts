// Stripe's subscription events (and a subscription checkout's): recorded once by the webhook route, then handed to the
// customer's membership workflow with signal-with-start — the first event of a membership starts its workflow.
import type { EntityManager } from '@mikro-orm/postgresql';
import { membershipWorkflowId } from '#core/memberships.ts';
import { User } from '#db/entities/user.ts';
import { customerEmailAttributes } from '#server/temporal/customer-email-search.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import {
  MEMBERSHIP_EVENT_TYPES,
  membershipEventSignal,
  type MembershipEvent,
  type MembershipEventType,
} from '#workflows/membership-messages.ts';
import { TASK_QUEUES } from '#workflows/messages.ts';

interface SubscriptionEventObject {
  id?: string;
  object?: string;
  mode?: string;
  subscription?: string | { id?: string } | null;
  metadata?: Record<string, string> | null;
  parent?: {
    subscription_details?: { subscription?: string | { id?: string } | null; metadata?: Record<string, string> | null } | null;
  } | null;
  subscription_details?: { metadata?: Record<string, string> | null } | null;
}

const idOf = (value: string | { id?: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

/** The membership event an incoming Stripe event is, or null when it is about something else (an order's checkout). */
export function membershipEventOf(
  event: { id: string; type: string; created?: number },
  obj: SubscriptionEventObject,
): (MembershipEvent & { metadata: Record<string, string> }) | null {
  if (!(MEMBERSHIP_EVENT_TYPES as readonly string[]).includes(event.type)) return null;
  const type = event.type as MembershipEventType;
  if (type.startsWith('checkout.session.') && obj.mode !== 'subscription') return null;
  let subscriptionId: string | null = null;
  let invoiceId: string | null = null;
  let checkoutSessionId: string | null = null;
  let metadata: Record<string, string> = {};
  if (obj.object === 'subscription') {
    subscriptionId = obj.id ?? null;
    metadata = obj.metadata ?? {};
  } else if (obj.object === 'invoice') {
    invoiceId = obj.id ?? null;
    subscriptionId = idOf(obj.parent?.subscription_details?.subscription) ?? idOf(obj.subscription);
    metadata = obj.parent?.subscription_details?.metadata ?? obj.subscription_details?.metadata ?? {};
    // An invoice that is not a subscription's (a one-off) is not a membership's.
    if (!subscriptionId) return null;
  } else if (obj.object === 'checkout.session') {
    checkoutSessionId = obj.id ?? null;
    subscriptionId = idOf(obj.subscription);
    metadata = obj.metadata ?? {};
  } else {
    return null;
  }
  return { eventId: event.id, type, subscriptionId, invoiceId, checkoutSessionId, created: event.created ?? 0, metadata };
}

/** Whose membership the event is about: the metadata the checkout set, else the row that knows the subscription. */
async function customerOf(em: EntityManager, e: MembershipEvent & { metadata: Record<string, string> }): Promise<number | null> {
  const fromMetadata = Number(e.metadata.customerId);
  if (Number.isSafeInteger(fromMetadata) && fromMetadata > 0) return fromMetadata;
  const rows = await em.execute<Array<{ customer_id: number }>>(
    `select customer_id from memberships where (stripe_subscription_id is not null and stripe_subscription_id = ?) or (checkout_session_id is not null and checkout_session_id = ?) limit 1`,
    [e.subscriptionId, e.checkoutSessionId],
    'all',
  );
  return rows[0]?.customer_id ?? null;
}

/** Signals (starting when needed) the customer's membership workflow; answers the outcome recorded with the event. */
export async function dispatchMembershipEvent(
  em: EntityManager,
  e: MembershipEvent & { metadata: Record<string, string> },
): Promise<string> {
  const customerId = await customerOf(em, e);
  if (!customerId) return `ignored: no membership knows subscription ${e.subscriptionId ?? e.checkoutSessionId ?? '?'}`;
  const user = await em.findOne(User, { id: customerId }, { fields: ['email'] });
  if (!user) return `ignored: no customer ${customerId}`;
  const { metadata: _metadata, ...signal } = e;
  const workflowId = membershipWorkflowId(customerId);
  await getTemporalClient().workflow.signalWithStart('membership', {
    workflowId,
    taskQueue: TASK_QUEUES.commerce,
    args: [{ customerId }],
    signal: membershipEventSignal,
    signalArgs: [signal],
    typedSearchAttributes: customerEmailAttributes(user.email),
  });
  return `signalled ${workflowId}`;
}
