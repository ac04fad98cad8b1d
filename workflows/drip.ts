import {
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { DATABASE, EMAIL, withMaximumAttempts } from './activity-options';
import { LOCAL_TRY, localFirst } from './local-first';
import { CAMPAIGNS, scaledMs, type CampaignContext, type CampaignEvent } from '#core/campaigns.ts';
import type { CampaignActivities } from '#worker/activities/campaign-types.ts';
import {
  campaignEventSignal,
  dripStatusQuery,
  enrolSignal,
  forgetCustomerSignal,
  goalMetSignal,
  unsubscribeSignal,
  type DripEnd,
  type DripInput,
  type DripStatus,
} from './campaign-messages';
import { campaignStatus, stepPlace } from './campaign-status';
import { CustomerEmailKey } from './messages';

type Bookkeeping = Pick<CampaignActivities, 'startCampaignRun' | 'updateCampaignRun' | 'checkCampaignCondition'>;
// The run's bookkeeping and condition checks are quick queries of the shop's own database, run as local activities
// (markers in the history, no activity task and no extra workflow task each); the emails stay ordinary activities,
// which the provider can hold up for hours. See docs/decisions/006-local-activities.md.
const db = proxyActivities<Bookkeeping>(DATABASE);
const localDb = proxyLocalActivities<Bookkeeping>(DATABASE);
const mail = proxyActivities<Pick<CampaignActivities, 'sendCampaignEmail'>>(withMaximumAttempts(EMAIL, 30));
const mailHere = proxyLocalActivities<Pick<CampaignActivities, 'sendCampaignEmail'>>(LOCAL_TRY);

export interface DripResult {
  campaign: string;
  ended: DripEnd;
  emailsSent: number;
}

/**
 * drip-<campaign>-<customerId>: walks a campaign's steps (core/campaigns.ts) with durable timers.
 * Started with signal-with-start, so a second enrolment joins the running workflow. Ends on
 * `unsubscribe`, when the campaign's goal is met (checked before every email, or signalled), or
 * after its last step; preferences and suppressions are checked by the send activity before each
 * email. Continues as new every few steps so a months-long campaign keeps a small history.
 */
export async function drip(input: DripInput): Promise<DripResult> {
  const campaign = CAMPAIGNS[input.campaign];
  const timeScale = input.timeScale ?? 1;
  const stepsPerRun = input.stepsPerRun ?? 4;
  const info = workflowInfo();
  let context: CampaignContext = input.context;
  let stepIndex = input.resume?.stepIndex ?? 0;
  let runKey = input.resume?.runKey ?? `${info.workflowId}:${info.firstExecutionRunId}`;
  let restarts = input.resume?.restarts ?? 0;
  let emailsSent = input.resume?.emailsSent ?? 0;
  const events = new Set<CampaignEvent>([...(input.resume?.events ?? []), ...(context.events ?? [])]);
  let ended: DripEnd | null = null;
  let restartWith: CampaignContext | null = null;
  let state: DripStatus['state'] = 'checking';
  let until: string | null = null;

  // Handlers first: signals that arrive with the start (signal-with-start) are delivered before the code below runs.
  // The first enrol signal is the one that came with the start; later ones are new enrolments.
  let started = input.resume !== undefined;
  setHandler(enrolSignal, (next) => {
    if (started && campaign.onRejoin === 'restart') {
      restartWith = next;
      return;
    }
    started = true;
    for (const e of next.events ?? []) events.add(e);
    context = { ...context, ...next };
  });
  setHandler(unsubscribeSignal, () => {
    ended ??= 'unsubscribed';
  });
  // The account is being deleted (delete-account workflow). A new signal: no history before it holds one, so no patch.
  let forgotten = false;
  setHandler(forgetCustomerSignal, () => {
    ended ??= 'unsubscribed';
    forgotten = true;
    upsertSearchAttributes([{ key: CustomerEmailKey, value: null }]);
  });
  setHandler(goalMetSignal, () => {
    ended ??= 'goal_met';
  });
  setHandler(campaignEventSignal, ({ event, orderNumber }) => {
    // An event about another order (e.g. an earlier parcel arriving after a newer order restarted the campaign) is not this run's.
    if (orderNumber && context.orderNumber && orderNumber !== context.orderNumber) return;
    events.add(event);
  });
  setHandler(dripStatusQuery, () =>
    campaignStatus({
      campaign: input.campaign,
      customerId: input.customerId,
      stepIndex,
      state: ended ? 'ended' : state,
      until,
      emailsSent,
      ended,
    }),
  );

  const total = campaign.steps.length;
  const customer = () => `customer ${input.customerId} (${forgotten ? 'account deleted' : input.email})`;
  const show = (doing: string) =>
    setCurrentDetails(
      `**${campaign.title}** for ${customer()} — ${stepPlace(input.campaign, stepIndex)}: ${doing}. Emails sent: ${emailsSent}.`,
    );
  // Runs (and continued runs) from before local activities replay with the scheduled ones.
  const book = patched('drip-local-activities') ? localDb : db;
  const progress = (endedAs: DripEnd | null = ended) =>
    book.updateCampaignRun({ runKey, stepIndex, stepId: campaign.steps[stepIndex]?.id ?? null, emailsSent, ended: endedAs });

  // The enrolment's signal-with-start sets CustomerEmail as CUSTOMER_EMAIL_SEARCH says (the email, its keyed hash, or
  // nothing; docs/decisions/011-customer-email-search-attribute.md) and continue-as-new keeps it; runs without the
  // patch marker upsert the plain email here, as they did when they ran.
  if (!patched('customer-email-search')) upsertSearchAttributes([{ key: CustomerEmailKey, value: input.email }]);
  if (!input.resume)
    await book.startCampaignRun({
      campaign: input.campaign,
      customerId: input.customerId,
      email: input.email,
      workflowId: info.workflowId,
      runKey,
      context,
    });

  let stepsThisRun = 0;
  while (ended === null && stepIndex < total) {
    if (restartWith) {
      // A new enrolment (e.g. another order) starts the campaign over: the old run is recorded as stopped.
      // Recorded without setting `ended` for the while: an unsubscribe or goal arriving during that write would find
      // `ended` already set and be dropped, and the restarted run would go on. Runs without the patch marker replay the old way.
      if (patched('drip-restart-keeps-signals')) {
        await progress('stopped');
        if (ended !== null) break;
      } else {
        ended = 'stopped';
        await progress();
        ended = null;
      }
      context = restartWith;
      restartWith = null;
      events.clear();
      for (const e of context.events ?? []) events.add(e);
      restarts += 1;
      stepIndex = 0;
      emailsSent = 0;
      runKey = `${info.workflowId}:${info.firstExecutionRunId}:${restarts}`;
      await book.startCampaignRun({
        campaign: input.campaign,
        customerId: input.customerId,
        email: input.email,
        workflowId: info.workflowId,
        runKey,
        context,
      });
    }
    const step = campaign.steps[stepIndex]!;
    if (step.kind === 'wait' || step.kind === 'wait-for') {
      const ms = scaledMs(step.kind === 'wait' ? step.seconds : step.maxSeconds, timeScale);
      until = new Date(Date.now() + ms).toISOString();
      state = 'waiting';
      show(step.kind === 'wait' ? `waiting until ${until}` : `waiting for "${step.event}" (at most until ${until})`);
      const done = () => ended !== null || restartWith !== null || (step.kind === 'wait-for' && events.has(step.event));
      await condition(done, ms);
      until = null;
      if (ended !== null || restartWith !== null) continue;
    } else {
      state = 'checking';
      show('checking the goal and conditions');
      if (
        campaign.goal &&
        (await book.checkCampaignCondition({ condition: campaign.goal, customerId: input.customerId, runKey, context }))
      ) {
        ended = 'goal_met';
        break;
      }
      if (ended !== null || restartWith !== null) continue;
      const skip = step.unless
        ? await book.checkCampaignCondition({ condition: step.unless, customerId: input.customerId, runKey, context })
        : false;
      if (!skip) {
        state = 'sending';
        show(`sending "${step.template}"`);
        const email = { campaign: input.campaign, stepId: step.id, customerId: input.customerId, runKey, context };
        // Tried in this task first (docs/decisions/062-one-step-after-payment.md); runs from before send it scheduled.
        const sent = patched('drip-email-local-first')
          ? await localFirst(
              () => mailHere.sendCampaignEmail(email),
              () => mail.sendCampaignEmail(email),
            )
          : await mail.sendCampaignEmail(email);
        if (sent.status === 'sent') emailsSent += 1;
        else if (sent.status === 'opted_out' || sent.status === 'no_customer') ended = 'unsubscribed';
        else if (sent.status === 'suppressed') ended = 'suppressed';
        if (ended !== null) break;
      }
    }
    stepIndex += 1;
    stepsThisRun += 1;
    await progress();
    if (
      ended === null &&
      restartWith === null &&
      stepIndex < total &&
      (stepsThisRun >= stepsPerRun || workflowInfo().continueAsNewSuggested)
    ) {
      show('continuing as new');
      await continueAsNew<typeof drip>({ ...input, context, resume: { stepIndex, runKey, restarts, emailsSent, events: [...events] } });
    }
  }

  const result: DripResult = { campaign: input.campaign, ended: ended ?? 'completed', emailsSent };
  ended = result.ended;
  await progress();
  state = 'ended';
  setCurrentDetails(`**${campaign.title}** for ${customer()} — ended: ${result.ended.replace('_', ' ')}. Emails sent: ${emailsSent}.`);
  return result;
}
