import {
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { DATABASE, EMAIL, withMaximumAttempts } from './activity-options';
import { LOCAL_TRY, localFirst } from './local-first';
import { CAMPAIGNS, scaledMs, type CampaignCondition, type CampaignContext, type CampaignId } from '#core/campaigns.ts';
import type { CampaignActivities } from '#worker/activities/campaign-types.ts';
import {
  campaignEventSignal,
  customerCampaignsQuery,
  enrolCampaignsSignal,
  forgetCustomerSignal,
  goalMetSignal,
  unsubscribeSignal,
  type CampaignTrack,
  type CustomerCampaignsInput,
  type DripEnd,
  type DripStatus,
} from './campaign-messages';
import { campaignStatus, stepPlace } from './campaign-status';
import { CustomerEmailKey } from './messages';

// Bookkeeping and condition checks are quick queries of the shop's own database (local activities); an email is tried
// locally first and handed to an ordinary activity when the provider is away (docs/decisions/062-one-step-after-payment.md).
const book = proxyLocalActivities<Pick<CampaignActivities, 'startCampaignRun' | 'updateCampaignRun' | 'checkCampaignCondition'>>(DATABASE);
const mail = proxyActivities<Pick<CampaignActivities, 'sendCampaignEmail'>>(withMaximumAttempts(EMAIL, 30));
const mailHere = proxyLocalActivities<Pick<CampaignActivities, 'sendCampaignEmail'>>(LOCAL_TRY);

/** A track while this run holds it: what signals ask of it, and whether it has ended for good. */
interface Live extends CampaignTrack {
  ended: DripEnd | null;
  restartWith: CampaignContext | null;
  done: boolean;
}

export interface CustomerCampaignsResult {
  customerId: number;
  /** The campaigns this run ended, in the order they ended. */
  ended: Array<{ campaign: CampaignId; ended: DripEnd; emailsSent: number }>;
}

/**
 * campaigns-<customerId>: every drip campaign of one customer (core/campaigns.ts) in one workflow, started and joined
 * by signal-with-start of `enrolCampaigns`. Each campaign is a track that walks its steps as the drip workflow did; the
 * tracks that are due run in the same workflow task, and one timer waits for the earliest of their waits, so a first
 * order's welcome series and post-purchase campaign cost one start, one batch of local activities and one timer
 * (docs/decisions/064-one-campaign-workflow-per-customer.md). `unsubscribe` and `forgetCustomer` end every track;
 * `goalMet` and `campaignEvent` name theirs. Ends when no track is left; continues as new every few wake-ups.
 */
export async function customerCampaigns(input: CustomerCampaignsInput): Promise<CustomerCampaignsResult> {
  const timeScale = input.timeScale ?? 1;
  const wakesPerRun = input.wakesPerRun ?? 8;
  const info = workflowInfo();
  let tracksStarted = input.resume?.tracksStarted ?? 0;
  /** Once-only campaigns this workflow has run: an enrolment racing with the shop's own check starts none again. */
  const onceDone = new Set<CampaignId>(input.resume?.onceDone ?? []);
  const tracks: Live[] = (input.resume?.tracks ?? []).map((t) => ({ ...t, ended: null, restartWith: null, done: false }));
  const endedTracks: CustomerCampaignsResult['ended'] = [];
  let forgotten = false;

  const live = (campaign?: CampaignId) => tracks.filter((t) => !t.done && t.ended === null && (!campaign || t.campaign === campaign));
  const newTrack = (campaign: CampaignId, context: CampaignContext): Live => ({
    campaign,
    context,
    runKey: `${info.workflowId}:${info.firstExecutionRunId}:${++tracksStarted}`,
    stepIndex: 0,
    emailsSent: 0,
    events: [...(context.events ?? [])],
    waitUntil: null,
    recorded: false,
    ended: null,
    restartWith: null,
    done: false,
  });

  // Handlers first: the enrolment that came with the start is delivered before the code below runs.
  setHandler(enrolCampaignsSignal, (enrolments) => {
    for (const { campaign, context } of enrolments) {
      const running = live(campaign)[0];
      if (!running) {
        if (CAMPAIGNS[campaign].enrol === 'once' && onceDone.has(campaign)) continue;
        if (CAMPAIGNS[campaign].enrol === 'once') onceDone.add(campaign);
        tracks.push(newTrack(campaign, context));
      } else if (CAMPAIGNS[campaign].onRejoin === 'restart') {
        running.restartWith = context;
      } else {
        running.events = [...new Set([...running.events, ...(context.events ?? [])])];
        running.context = { ...running.context, ...context };
      }
    }
  });
  setHandler(unsubscribeSignal, () => {
    for (const t of live()) t.ended = 'unsubscribed';
  });
  // The account is being deleted (delete-account): every campaign ends and the CustomerEmail attribute goes first.
  setHandler(forgetCustomerSignal, () => {
    for (const t of live()) t.ended = 'unsubscribed';
    if (!forgotten) upsertSearchAttributes([{ key: CustomerEmailKey, value: null }]);
    forgotten = true;
  });
  setHandler(goalMetSignal, ({ campaign }) => {
    for (const t of live(campaign)) t.ended = 'goal_met';
  });
  setHandler(campaignEventSignal, ({ event, orderNumber, campaign }) => {
    for (const t of live(campaign)) {
      // An event about another order (an earlier parcel after a newer order restarted the campaign) is not this run's.
      if (orderNumber && t.context.orderNumber && orderNumber !== t.context.orderNumber) continue;
      if (!t.events.includes(event)) t.events.push(event);
    }
  });
  setHandler(customerCampaignsQuery, () => ({ customerId: input.customerId, campaigns: tracks.map(status) }));

  const status = (t: Live): DripStatus => {
    const ended = t.done ? t.ended : null;
    const waiting = t.waitUntil !== null && !t.done;
    return campaignStatus({
      campaign: t.campaign,
      customerId: input.customerId,
      stepIndex: t.stepIndex,
      state: ended ? 'ended' : waiting ? 'waiting' : 'checking',
      until: waiting ? new Date(t.waitUntil!).toISOString() : null,
      emailsSent: t.emailsSent,
      ended,
    });
  };

  function show(): void {
    const who = `customer ${input.customerId} (${forgotten ? 'account deleted' : input.email})`;
    const parts = tracks
      .filter((t) => !t.done)
      .map((t) => {
        const doing = t.waitUntil !== null ? `waiting until ${new Date(t.waitUntil).toISOString()}` : 'working';
        return `**${CAMPAIGNS[t.campaign].title}**: ${stepPlace(t.campaign, t.stepIndex)}, ${doing}; emails sent ${t.emailsSent}`;
      });
    setCurrentDetails(`Campaigns of ${who} — ${parts.length ? parts.join(' · ') : 'none running'}`);
  }

  const progress = (t: Live, endedAs: DripEnd | null) =>
    book.updateCampaignRun({
      runKey: t.runKey,
      stepIndex: t.stepIndex,
      stepId: CAMPAIGNS[t.campaign].steps[t.stepIndex]?.id ?? null,
      emailsSent: t.emailsSent,
      ended: endedAs,
    });
  const holds = (t: Live, which: CampaignCondition) =>
    book.checkCampaignCondition({ condition: which, customerId: input.customerId, runKey: t.runKey, context: t.context });

  /** A newer enrolment starts the campaign over: the run so far is recorded as stopped, a new run begins. */
  async function restart(t: Live): Promise<void> {
    if (t.recorded) await progress(t, 'stopped');
    // An unsubscribe or goal that came during that write ends the campaign instead.
    if (t.ended !== null) return;
    const context = t.restartWith!;
    Object.assign(t, newTrack(t.campaign, context));
  }

  /** Walks a track's steps until it waits or ends. */
  async function advance(t: Live): Promise<void> {
    const campaign = CAMPAIGNS[t.campaign];
    for (;;) {
      if (t.restartWith !== null && t.ended === null) await restart(t);
      t.restartWith = null;
      if (!t.recorded && t.ended === null) {
        await book.startCampaignRun({
          campaign: t.campaign,
          customerId: input.customerId,
          email: input.email,
          workflowId: info.workflowId,
          runKey: t.runKey,
          context: t.context,
        });
        t.recorded = true;
        continue;
      }
      const step = campaign.steps[t.stepIndex];
      if (t.ended !== null || !step) {
        t.ended ??= 'completed';
        t.waitUntil = null;
        if (t.recorded) await progress(t, t.ended);
        t.done = true;
        endedTracks.push({ campaign: t.campaign, ended: t.ended, emailsSent: t.emailsSent });
        return;
      }
      if (step.kind === 'wait' || step.kind === 'wait-for') {
        t.waitUntil ??= Date.now() + scaledMs(step.kind === 'wait' ? step.seconds : step.maxSeconds, timeScale);
        const over = Date.now() >= t.waitUntil || (step.kind === 'wait-for' && t.events.includes(step.event));
        if (!over) return;
        t.waitUntil = null;
      } else {
        if (campaign.goal && (await holds(t, campaign.goal))) t.ended ??= 'goal_met';
        if (t.ended !== null || t.restartWith !== null) continue;
        if (!step.unless || !(await holds(t, step.unless))) {
          const email = { campaign: t.campaign, stepId: step.id, customerId: input.customerId, runKey: t.runKey, context: t.context };
          const sent = await localFirst(
            () => mailHere.sendCampaignEmail(email),
            () => mail.sendCampaignEmail(email),
          );
          if (sent.status === 'sent') t.emailsSent += 1;
          else if (sent.status === 'opted_out' || sent.status === 'no_customer') t.ended ??= 'unsubscribed';
          else if (sent.status === 'suppressed') t.ended ??= 'suppressed';
          if (t.ended !== null) continue;
        }
      }
      t.stepIndex += 1;
      await progress(t, null);
    }
  }

  /** A track that has something to do now: not waiting, its wait over, or told something. */
  const due = (t: Live): boolean => {
    if (t.done) return false;
    if (t.ended !== null || t.restartWith !== null || t.waitUntil === null || Date.now() >= t.waitUntil) return true;
    const step = CAMPAIGNS[t.campaign].steps[t.stepIndex];
    return step?.kind === 'wait-for' && t.events.includes(step.event);
  };

  let wakes = 0;
  for (;;) {
    const now = tracks.filter(due);
    if (now.length > 0) {
      show();
      // Every due track in the same workflow task: their local activities are one batch.
      await Promise.all(now.map(advance));
      continue;
    }
    const waiting = tracks.filter((t) => !t.done);
    if (waiting.length === 0) break;
    if (wakes >= wakesPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof customerCampaigns>({
        ...input,
        resume: {
          tracks: waiting.map(({ ended: _e, restartWith: _r, done: _d, ...t }) => t),
          tracksStarted,
          onceDone: [...onceDone],
        },
      });
    }
    show();
    // One timer, for the earliest wait; a signal that gives a track something to do wakes the loop sooner.
    const next = Math.min(...waiting.map((t) => t.waitUntil!));
    await condition(() => tracks.some(due), Math.max(1, next - Date.now()));
    wakes += 1;
  }
  show();
  return { customerId: input.customerId, ended: endedTracks };
}
