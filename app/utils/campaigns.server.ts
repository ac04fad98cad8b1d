// Drip campaigns from the outside: enrolling a customer (signal-with-start of drip-<campaign>-<id>),
// one-click unsubscribe. Used by the web app and by the worker's activities.
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { CAMPAIGNS, CAMPAIGN_IDS, dripWorkflowId, type CampaignContext, type CampaignEvent, type CampaignId } from '#core/campaigns.ts';
import { makeUnsubscribeToken, readUnsubscribeToken } from '#core/unsubscribe.ts';
import { CampaignRun, EmailSuppression } from '#db/entities/campaign.ts';
import { User } from '#db/entities/user.ts';
import type { drip } from '#workflows/drip.ts';
import { campaignEventSignal, enrolSignal, goalMetSignal, unsubscribeSignal, type DripInput } from '#workflows/campaign-messages.ts';
import { CustomerEmailKey, TASK_QUEUES } from '#workflows/messages.ts';
import { getEnv } from './env.server.ts';
import { getTemporalClient } from './temporal.server.ts';

export type EnrolOutcome = { outcome: 'started' | 'joined' | 'skipped'; reason?: string };

/**
 * Enrols a customer: signal-with-start, so a second enrolment reaches the running workflow (which
 * joins it) instead of starting another. Skipped for customers who opted out of campaign emails, for
 * suppressed addresses, and for a once-only campaign they have already been through.
 */
export async function enrolInCampaign(
  em: EntityManager,
  input: { campaign: CampaignId; customerId: number; context: CampaignContext },
  client: Client = getTemporalClient(),
): Promise<EnrolOutcome> {
  const campaign = CAMPAIGNS[input.campaign];
  const user = await em.findOne(User, { id: input.customerId });
  if (!user) return { outcome: 'skipped', reason: 'no such customer' };
  if (user.blocked) return { outcome: 'skipped', reason: 'blocked' };
  if (!user.campaignEmails) return { outcome: 'skipped', reason: 'opted out of campaign emails' };
  if (await em.findOne(EmailSuppression, { email: user.email })) return { outcome: 'skipped', reason: 'address suppressed' };
  const runs = await em.find(CampaignRun, { campaign: input.campaign, userId: user.id }, { orderBy: { id: 'desc' }, limit: 1 });
  const running = runs[0]?.status === 'running';
  if (campaign.enrol === 'once' && runs.length > 0 && !running) return { outcome: 'skipped', reason: 'already went through it' };

  const env = getEnv();
  const args: DripInput = { campaign: input.campaign, customerId: user.id, email: user.email, context: input.context, timeScale: env.CAMPAIGN_TIME_SCALE };
  await client.workflow.signalWithStart<typeof drip, [CampaignContext]>('drip', {
    workflowId: dripWorkflowId(input.campaign, user.id),
    taskQueue: TASK_QUEUES.commerce,
    args: [args],
    signal: enrolSignal,
    signalArgs: [input.context],
    // A once-only campaign never starts again under the same id; a repeatable one may after it ended.
    workflowIdReusePolicy: campaign.enrol === 'once' ? 'REJECT_DUPLICATE' : 'ALLOW_DUPLICATE',
    typedSearchAttributes: [{ key: CustomerEmailKey, value: user.email }],
    staticSummary: `${campaign.title} campaign for ${user.email}`,
  });
  return { outcome: running ? 'joined' : 'started' };
}

/** Enrolment that must never break the caller (sign-in, checkout): problems are logged, not thrown. */
export async function enrolQuietly(em: EntityManager, input: { campaign: CampaignId; customerId: number; context: CampaignContext }): Promise<EnrolOutcome> {
  try {
    return await enrolInCampaign(em, input);
  } catch (err) {
    if (err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError') return { outcome: 'skipped', reason: 'already went through it' };
    console.error(`could not enrol customer ${input.customerId} in ${input.campaign}`, err);
    return { outcome: 'skipped', reason: 'Temporal did not answer' };
  }
}

/**
 * The welcome series starts at a customer's first sign-in (or first order, from the checkout). Called
 * without waiting by the sign-in: marketing must never slow down or break signing in.
 */
export async function enrolOnSignIn(em: EntityManager, user: { id: number; role: string }): Promise<void> {
  if (user.role !== 'customer') return;
  if (await em.findOne(CampaignRun, { campaign: 'welcome', userId: user.id }, { fields: ['id'] })) return;
  const outcome = await enrolQuietly(em, { campaign: 'welcome', customerId: user.id, context: {} });
  if (outcome.outcome === 'skipped' && outcome.reason === 'Temporal did not answer') console.error(`welcome series for customer ${user.id} not started`);
}

export const unsubscribeUrl = (userId: number) => `${getEnv().APP_URL}/unsubscribe?token=${makeUnsubscribeToken(userId, getEnv().SESSION_SECRET)}`;

export function userOfUnsubscribeToken(token: unknown): number | null {
  return readUnsubscribeToken(token, getEnv().SESSION_SECRET);
}

/** What the unsubscribe page shows for a token: nothing about the account but a masked address. */
export async function describeUnsubscribeToken(em: EntityManager, token: unknown): Promise<{ valid: false } | { valid: true; email: string; subscribed: boolean }> {
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

/** Tells every running campaign of this customer that they opted out (a finished one is nothing to tell). */
export async function signalUnsubscribed(userId: number, reason: string, client: Client = getTemporalClient()): Promise<number> {
  let told = 0;
  for (const campaign of CAMPAIGN_IDS) {
    try {
      await client.workflow.getHandle(dripWorkflowId(campaign, userId)).signal(unsubscribeSignal, { reason });
      told += 1;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return told;
}

/** Tells a customer's running campaign that something it may wait for happened (e.g. a parcel was delivered); false when none runs. */
export async function signalCampaignEvent(
  campaign: CampaignId,
  customerId: number,
  payload: { event: CampaignEvent; orderNumber?: string | null },
  client: Client = getTemporalClient(),
): Promise<boolean> {
  try {
    await client.workflow.getHandle(dripWorkflowId(campaign, customerId)).signal(campaignEventSignal, payload);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** For callers that have saved the opt-out already: a Temporal outage must not fail them (every send checks the preference anyway). */
export async function signalUnsubscribedQuietly(userId: number, reason: string): Promise<void> {
  try {
    await signalUnsubscribed(userId, reason);
  } catch (err) {
    console.error(`opt-out of customer ${userId}: the running campaigns could not be told (${reason})`, err);
  }
}

/** Ends a running campaign whose goal was met elsewhere (e.g. the abandoned cart was bought); false when none runs. */
export async function signalGoalMet(campaign: CampaignId, customerId: number, reason: string, client: Client = getTemporalClient()): Promise<boolean> {
  try {
    await client.workflow.getHandle(dripWorkflowId(campaign, customerId)).signal(goalMetSignal, { reason });
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/**
 * One-click unsubscribe from marketing email (the welcome series, cart reminders, review requests, news):
 * the preference is saved first, so a send that races with this sees it; then the running campaigns
 * are told. Idempotent.
 */
export async function unsubscribeFromCampaigns(em: EntityManager, userId: number): Promise<{ email: string } | null> {
  const user = await em.findOne(User, { id: userId });
  if (!user) return null;
  // One click opts out of every marketing email (news and offers too); order emails still come.
  await em.nativeUpdate(User, { id: userId }, { campaignEmails: false, marketingEmails: false, updatedAt: new Date() });
  await signalUnsubscribedQuietly(userId, 'one-click unsubscribe');
  return { email: user.email };
}
