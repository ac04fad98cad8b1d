// Drip campaigns from the outside: enrolling a customer (signal-with-start of campaigns-<id>, or of the
// drip-<campaign>-<id> still running from before it), telling running campaigns what happened, one-click
// unsubscribe. Used by the web app and by the worker's activities.
// See docs/decisions/064-one-campaign-workflow-per-customer.md.
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import {
  CAMPAIGNS,
  CAMPAIGN_IDS,
  customerCampaignsWorkflowId,
  dripWorkflowId,
  type CampaignContext,
  type CampaignEvent,
  type CampaignId,
} from '#core/campaigns.ts';
import { makeUnsubscribeToken, readUnsubscribeToken } from '#core/unsubscribe.ts';
import type { CampaignRunStatus } from '#db/entities/campaign.ts';
import { User } from '#db/entities/user.ts';
import type { customerCampaigns } from '#workflows/customer-campaigns.ts';
import type { drip } from '#workflows/drip.ts';
import {
  campaignEventSignal,
  enrolCampaignsSignal,
  enrolSignal,
  goalMetSignal,
  unsubscribeSignal,
  type CustomerCampaignsInput,
  type DripInput,
} from '#workflows/campaign-messages.ts';
import { TASK_QUEUES } from '#workflows/messages.ts';
import { customerEmailAttributes } from '#server/temporal/customer-email-search.server.ts';
import { getEnv } from '#server/env.server.ts';
import { findSuppression } from '#server/emails/suppressions.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { logger } from '#server/log.server.ts';

/** `failed`: the enrolment itself did not happen (Temporal did not answer) and may be tried again, as opposed to a customer who gets no campaign. */
export type EnrolOutcome = { outcome: 'started' | 'joined' | 'skipped'; reason?: string; failed?: true };
export interface Enrolment {
  campaign: CampaignId;
  context: CampaignContext;
}

const TEMPORAL_DOWN = 'Temporal did not answer';

interface LatestRun {
  status: CampaignRunStatus;
  workflowId: string;
}

/** Each campaign's latest run of this customer (one query whatever the number of campaigns). */
async function latestRuns(em: EntityManager, userId: number, campaigns: CampaignId[]): Promise<Map<string, LatestRun>> {
  const rows = await em
    .getConnection()
    .execute<Array<{ campaign: string; status: CampaignRunStatus; workflow_id: string }>>(
      `select distinct on (campaign) campaign, status, workflow_id from campaign_runs where user_id = ? and campaign in (${campaigns.map(() => '?').join(', ')}) order by campaign, id desc`,
      [userId, ...campaigns],
    );
  return new Map(rows.map((r) => [r.campaign, { status: r.status, workflowId: r.workflow_id }]));
}

/** Why the runs so far rule this enrolment out, or null. */
function skippedByRuns(campaign: CampaignId, latest: CampaignRunStatus | undefined, onlyIfNew: boolean): string | null {
  if (latest === undefined) return null;
  if (onlyIfNew) return 'already enrolled';
  return CAMPAIGNS[campaign].enrol === 'once' && latest !== 'running' ? 'already went through it' : null;
}

/** Why this customer gets no campaign at all now, or null. */
async function skippedForCustomer(em: EntityManager, user: User | null): Promise<string | null> {
  if (!user) return 'no such customer';
  if (user.blocked) return 'blocked';
  if (!user.campaignEmails) return 'opted out of campaign emails';
  return (await findSuppression(em, user.email)) ? 'address suppressed' : null;
}

/**
 * One signal-with-start of the customer's campaigns workflow for all these enrolments: a running workflow joins (or
 * restarts) each campaign instead of another starting, and a first order's welcome series and post-purchase campaign
 * arrive together, so their first steps run in one workflow task.
 */
async function startCampaigns(user: User, enrolments: Enrolment[]): Promise<void> {
  const args: CustomerCampaignsInput = { customerId: user.id, email: user.email, timeScale: getEnv().CAMPAIGN_TIME_SCALE };
  await getTemporalClient().workflow.signalWithStart<typeof customerCampaigns, [Enrolment[]]>('customerCampaigns', {
    workflowId: customerCampaignsWorkflowId(user.id),
    taskQueue: TASK_QUEUES.commerce,
    args: [args],
    signal: enrolCampaignsSignal,
    signalArgs: [enrolments],
    // Once-only campaigns are ruled out by their runs in the database (and by the workflow while it runs).
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    // The workflow sets no CustomerEmail itself: this one stays, across continue-as-new too.
    typedSearchAttributes: customerEmailAttributes(user.email),
    staticSummary: `Campaigns for ${user.email}`,
  });
}

/** A drip-<campaign>-<id> from before the customer's campaigns workflow, still running: joined as it was. */
async function startDrip(user: User, { campaign: id, context }: Enrolment, running: boolean): Promise<EnrolOutcome> {
  const campaign = CAMPAIGNS[id];
  const client = getTemporalClient();
  const args: DripInput = { campaign: id, customerId: user.id, email: user.email, context, timeScale: getEnv().CAMPAIGN_TIME_SCALE };
  await client.workflow.signalWithStart<typeof drip, [CampaignContext]>('drip', {
    workflowId: dripWorkflowId(id, user.id),
    taskQueue: TASK_QUEUES.commerce,
    args: [args],
    signal: enrolSignal,
    signalArgs: [context],
    // A once-only campaign never starts again under the same id; a repeatable one may after it ended.
    workflowIdReusePolicy: campaign.enrol === 'once' ? 'REJECT_DUPLICATE' : 'ALLOW_DUPLICATE',
    // The drip workflow sets no CustomerEmail itself (patch customer-email-search): this one stays, across continue-as-new too.
    typedSearchAttributes: customerEmailAttributes(user.email),
    staticSummary: `${campaign.title} campaign for ${user.email}`,
  });
  return { outcome: running ? 'joined' : 'started' };
}

function enrolFailed(customerId: number, campaign: CampaignId, err: unknown): EnrolOutcome {
  if (err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')
    return { outcome: 'skipped', reason: 'already went through it' };
  logger.error({ err, customerId, campaign }, `could not enrol customer ${customerId} in ${campaign}`);
  return { outcome: 'skipped', reason: TEMPORAL_DOWN, failed: true };
}

/**
 * Enrols a customer in campaigns, the customer, their suppression and their latest runs read once for
 * all of them. Skipped for customers who opted out of campaign emails, for suppressed addresses, for a
 * once-only campaign they have already been through, and with `onlyIfNew` for a campaign they have
 * ever been in. Never throws: enrolment must not break the caller (sign-in, checkout); problems are logged.
 */
export async function enrolInCampaigns(
  em: EntityManager,
  customerId: number,
  enrolments: Enrolment[],
  options: { onlyIfNew?: boolean } = {},
): Promise<EnrolOutcome[]> {
  if (enrolments.length === 0) return [];
  let latest: Map<string, LatestRun>;
  let reasons: Array<string | null>;
  let user: User | null = null;
  try {
    latest = await latestRuns(
      em,
      customerId,
      enrolments.map((e) => e.campaign),
    );
    reasons = enrolments.map((e) => skippedByRuns(e.campaign, latest.get(e.campaign)?.status, options.onlyIfNew ?? false));
    if (reasons.includes(null)) {
      user = await em.findOne(User, { id: customerId });
      const notNow = await skippedForCustomer(em, user);
      reasons = reasons.map((r) => r ?? notNow);
    }
  } catch (err) {
    return enrolments.map((e) => enrolFailed(customerId, e.campaign, err));
  }
  const outcomes: EnrolOutcome[] = [];
  const together: number[] = [];
  for (const [i, enrolment] of enrolments.entries()) {
    const reason = reasons[i];
    if (reason) {
      outcomes[i] = { outcome: 'skipped', reason };
      continue;
    }
    const run = latest.get(enrolment.campaign);
    const running = run?.status === 'running';
    // Still running in its own drip workflow from before: joined there, so the customer never has two runs of it.
    if (!running || run.workflowId !== dripWorkflowId(enrolment.campaign, customerId)) {
      together.push(i);
      outcomes[i] = { outcome: running ? 'joined' : 'started' };
      continue;
    }
    try {
      // Not ruled out, so the customer was found above.
      outcomes[i] = await startDrip(user!, enrolment, running);
    } catch (err) {
      outcomes[i] = enrolFailed(customerId, enrolment.campaign, err);
    }
  }
  if (together.length > 0) {
    try {
      await startCampaigns(
        user!,
        together.map((i) => enrolments[i]!),
      );
    } catch (err) {
      for (const i of together) outcomes[i] = enrolFailed(customerId, enrolments[i]!.campaign, err);
    }
  }
  return outcomes;
}

/** One campaign (see enrolInCampaigns); never throws. */
export async function enrolQuietly(
  em: EntityManager,
  input: { campaign: CampaignId; customerId: number; context: CampaignContext },
): Promise<EnrolOutcome> {
  const [outcome] = await enrolInCampaigns(em, input.customerId, [input]);
  return outcome!;
}

/**
 * The welcome series starts at a customer's first sign-in (or first order, from the checkout). Called
 * without waiting by the sign-in: marketing must never slow down or break signing in.
 */
export async function enrolOnSignIn(em: EntityManager, user: { id: number; role: string }): Promise<void> {
  if (user.role !== 'customer') return;
  // Once ever: a returning customer costs one query, and a running series is left alone.
  const [outcome] = await enrolInCampaigns(em, user.id, [{ campaign: 'welcome', context: {} }], { onlyIfNew: true });
  if (outcome?.failed) logger.error({ customerId: user.id }, `welcome series for customer ${user.id} not started`);
}

export const unsubscribeUrl = (userId: number) =>
  `${getEnv().APP_URL}/unsubscribe?token=${makeUnsubscribeToken(userId, getEnv().SESSION_SECRET)}`;

export function userOfUnsubscribeToken(token: unknown): number | null {
  return readUnsubscribeToken(token, getEnv().SESSION_SECRET);
}

/** What the unsubscribe page shows for a token: nothing about the account but a masked address. */
export async function describeUnsubscribeToken(
  em: EntityManager,
  token: unknown,
): Promise<{ valid: false } | { valid: true; email: string; subscribed: boolean }> {
  const userId = userOfUnsubscribeToken(token);
  const user = userId ? await em.findOne(User, { id: userId }, { fields: ['email', 'campaignEmails', 'marketingEmails'] }) : null;
  if (!user) return { valid: false };
  return { valid: true, email: maskEmail(user.email), subscribed: user.campaignEmails || user.marketingEmails };
}

/** `a•••@example.com`: enough to recognise one's own address, not enough to read someone else's. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '•••' : `${email[0]}•••${email.slice(at)}`;
}

/** Signals one workflow; false when it is not running (a finished one is nothing to tell). */
async function signalIfRunning<Args extends unknown[]>(
  client: Client,
  workflowId: string,
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).signal(signal, ...args);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/**
 * Signals the workflows that run this campaign for the customer, found by its running runs: campaigns-<id>, or a
 * drip-<campaign>-<id> from before it. A customer without one costs a query and no Temporal call (a signal is an action).
 */
async function signalCampaign<Payload>(
  em: EntityManager,
  client: Client,
  campaign: CampaignId,
  customerId: number,
  signal: SignalDefinition<[Payload]>,
  payload: Payload,
): Promise<boolean> {
  const rows = await em
    .getConnection()
    .execute<Array<{ workflow_id: string }>>(
      `select distinct workflow_id from campaign_runs where user_id = ? and campaign = ? and status = 'running'`,
      [customerId, campaign],
    );
  let told = false;
  for (const { workflow_id } of rows) if (await signalIfRunning(client, workflow_id, signal, payload)) told = true;
  return told;
}

/** Tells every running campaign of this customer that they opted out: their campaigns workflow and any drip from before. */
export async function signalUnsubscribed(userId: number, reason: string, client: Client = getTemporalClient()): Promise<number> {
  let told = 0;
  for (const id of [customerCampaignsWorkflowId(userId), ...CAMPAIGN_IDS.map((c) => dripWorkflowId(c, userId))])
    if (await signalIfRunning(client, id, unsubscribeSignal, { reason })) told += 1;
  return told;
}

/** Tells a customer's running campaign that something it may wait for happened (e.g. a parcel was delivered); false when none runs. */
export function signalCampaignEvent(
  em: EntityManager,
  campaign: CampaignId,
  customerId: number,
  payload: { event: CampaignEvent; orderNumber?: string | null },
  client: Client = getTemporalClient(),
): Promise<boolean> {
  return signalCampaign(em, client, campaign, customerId, campaignEventSignal, { ...payload, campaign });
}

/** For callers that have saved the opt-out already: a Temporal outage must not fail them (every send checks the preference anyway). */
export async function signalUnsubscribedQuietly(userId: number, reason: string): Promise<void> {
  try {
    await signalUnsubscribed(userId, reason);
  } catch (err) {
    logger.error({ err, customerId: userId }, `opt-out of customer ${userId}: the running campaigns could not be told (${reason})`);
  }
}

/** Ends a running campaign whose goal was met elsewhere (e.g. the abandoned cart was bought); false when none runs. */
export function signalGoalMet(
  em: EntityManager,
  campaign: CampaignId,
  customerId: number,
  reason: string,
  client: Client = getTemporalClient(),
): Promise<boolean> {
  return signalCampaign(em, client, campaign, customerId, goalMetSignal, { reason, campaign });
}

/**
 * One-click unsubscribe from marketing email (the welcome series, cart reminders, review requests, news):
 * the preference is saved first, so a send that races with this sees it; then the running campaigns
 * are told. Idempotent.
 */
export async function unsubscribeFromCampaigns(em: EntityManager, userId: number): Promise<boolean> {
  // One click opts out of every marketing email (news and offers too); order emails still come.
  const updated = await em.nativeUpdate(User, { id: userId }, { campaignEmails: false, marketingEmails: false, updatedAt: new Date() });
  // No row: the account no longer exists.
  if (updated === 0) return false;
  await signalUnsubscribedQuietly(userId, 'one-click unsubscribe');
  return true;
}
