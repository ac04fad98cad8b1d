import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { changeRefusal } from '#core/memberships.ts';
import type { MembershipActivities, MembershipStep } from '#worker/activities/membership-types.ts';
import { EMAIL, STRIPE, withMaximumAttempts } from './activity-options';
import {
  changeMembershipUpdate,
  membershipEventSignal,
  membershipQuery,
  type MembershipEvent,
  type MembershipView,
} from './membership-messages';

const steps = proxyActivities<Pick<MembershipActivities, 'applyMembershipEvent' | 'refreshMembership' | 'endUnpaidMembership'>>(STRIPE);
/** A member waits for the answer: a few tries, then "try again later" rather than a page that never loads. */
const changes = proxyActivities<Pick<MembershipActivities, 'changeMembershipStep'>>(withMaximumAttempts(STRIPE, 3));
const email = proxyActivities<Pick<MembershipActivities, 'sendMembershipEmail'>>(EMAIL);

export interface MembershipInput {
  customerId: number;
  /** From the run before (continue-as-new): the last view and the events not yet handled. */
  carried?: { view: MembershipView; queue: MembershipEvent[]; checkEveryMs: number };
}

const emptyView = (customerId: number): MembershipView => ({
  customerId,
  membershipId: null,
  subscriptionId: null,
  status: 'incomplete',
  planId: null,
  currentPeriodEnd: null,
  cancelAtPeriodEnd: false,
  pausedUntil: null,
  pastDueSince: null,
  graceEndsAt: null,
  renewalCheckAt: null,
  periodsGranted: 0,
  activity: 'waiting for the first event of the membership',
});

const messageOf = (err: unknown): string => {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) return cause.message;
  return err instanceof Error ? err.message : String(err);
};

/**
 * membership-<customerId>: one customer's membership, from its checkout to its end. Stripe's events arrive as signals
 * (each read back from Stripe by an activity, so order and repeats do not matter); each paid period grants its credits
 * once and sends a receipt; a failed renewal starts the grace period, after which an unpaid membership ends; pause,
 * resume, cancel and plan changes are Updates. Each paid period continues as new, so the history stays small.
 */
export async function membership({ customerId, carried }: MembershipInput): Promise<{ view: MembershipView }> {
  const queue: MembershipEvent[] = [...(carried?.queue ?? [])];
  const outbox: MembershipStep['emails'] = [];
  let view: MembershipView = carried?.view ?? emptyView(customerId);
  let checkEveryMs = carried?.checkEveryMs ?? 86_400_000;
  let busy = false;
  let periodsThisRun = 0;

  const take = (step: MembershipStep) => {
    view = step.view;
    checkEveryMs = step.checkEveryMs;
    outbox.push(...step.emails);
    if (step.granted > 0) periodsThisRun += 1;
    setCurrentDetails(view.activity);
  };
  /** One step at a time: events, checks and members' changes never interleave. */
  const exclusive = async (run: () => Promise<MembershipStep>) => {
    await condition(() => !busy);
    busy = true;
    try {
      take(await run());
    } finally {
      busy = false;
    }
  };

  setHandler(membershipEventSignal, (event) => {
    queue.push(event);
  });
  setHandler(membershipQuery, () => view);
  setHandler(
    changeMembershipUpdate,
    async (change) => {
      try {
        await exclusive(() => changes.changeMembershipStep({ customerId, change }));
      } catch (err) {
        throw ApplicationFailure.nonRetryable(messageOf(err), 'MembershipChangeRefused');
      }
      return view;
    },
    {
      validator: (change) => {
        const refused = changeRefusal(view, change);
        if (refused) throw new Error(refused);
      },
    },
  );

  setCurrentDetails(view.activity);
  let nextCheck: number | null = null;
  for (;;) {
    const wakeAt =
      view.status === 'past_due' && view.graceEndsAt
        ? Date.parse(view.graceEndsAt)
        : (nextCheck ?? (view.renewalCheckAt ? Date.parse(view.renewalCheckAt) : null));
    const due = () => queue.length > 0 || outbox.length > 0 || (view.status === 'ended' && !busy);
    const woken = wakeAt === null ? (await condition(due), true) : await condition(due, Math.max(1, wakeAt - Date.now()));
    while (outbox.length > 0) {
      const e = outbox.shift()!;
      await email.sendMembershipEmail({
        template: e.template,
        membershipId: e.membershipId,
        invoiceId: 'invoiceId' in e ? e.invoiceId : null,
        attempt: 'attempt' in e ? e.attempt : null,
        graceEndsAt: 'graceEndsAt' in e ? e.graceEndsAt : null,
      });
    }
    if (queue.length > 0) {
      const event = queue.shift()!;
      // The step reads the subscription as it is now: the subscription's own events queued behind this one say no more.
      for (let i = queue.length - 1; i >= 0; i--) {
        const later = queue[i]!;
        if (later.subscriptionId === event.subscriptionId && later.type.startsWith('customer.subscription.')) queue.splice(i, 1);
      }
      await exclusive(() => steps.applyMembershipEvent({ customerId, event }));
      nextCheck = null;
    } else if (!woken && view.status !== 'ended') {
      // No word for a while: past the grace period the membership ends; otherwise ask the provider.
      const before = view.renewalCheckAt;
      if (view.status === 'past_due' && view.graceEndsAt && Date.parse(view.graceEndsAt) <= Date.now()) {
        await exclusive(() => steps.endUnpaidMembership({ customerId }));
      } else {
        await exclusive(() => steps.refreshMembership({ customerId }));
      }
      nextCheck = view.renewalCheckAt === before ? Date.now() + checkEveryMs : null;
    }
    if (outbox.length > 0) continue;
    if (view.status === 'ended' && queue.length === 0) {
      await condition(() => !busy && allHandlersFinished());
      if (queue.length === 0 && outbox.length === 0) {
        setCurrentDetails(view.activity);
        return { view };
      }
      // Events arrived after the end (a new membership of the same customer): a fresh run handles them.
      return continueAsNew<typeof membership>({ customerId, carried: { view, queue, checkEveryMs } });
    }
    if ((periodsThisRun > 0 || workflowInfo().continueAsNewSuggested) && queue.length === 0) {
      await condition(() => !busy && allHandlersFinished());
      if (queue.length === 0 && outbox.length === 0)
        return continueAsNew<typeof membership>({ customerId, carried: { view, queue, checkEveryMs } });
    }
  }
}
