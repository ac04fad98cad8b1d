// /admin/campaigns: what the drip campaigns have done, from campaign_runs, the emails outbox and the
// suppression list. A fixed handful of grouped queries whatever the number of runs (no per-row lookups).
import type { EntityManager } from '@mikro-orm/postgresql';
import { CAMPAIGNS, CAMPAIGN_IDS, isCampaignId, type CampaignStep } from '#core/campaigns.ts';
import { CAMPAIGN_RUN_STATUSES, SUPPRESSION_REASONS, type CampaignRunStatus, type SuppressionReason } from '#db/entities/campaign.ts';

export const FINISHED_OUTCOMES = CAMPAIGN_RUN_STATUSES.filter((s): s is Exclude<CampaignRunStatus, 'running'> => s !== 'running');
export type FinishedOutcome = (typeof FINISHED_OUTCOMES)[number];

export const RECENT_SUPPRESSIONS = 50;
export const RECENT_RUNS = 20;

/** Emails in these states never left the shop; every other state (sent, stored, delivered, bounced, complained) was sent. */
const NOT_SENT = ['queued', 'failed'];

export interface StepStats {
  id: string;
  label: string;
  kind: CampaignStep['kind'];
  /** Campaign emails sent for this step (null for steps that send nothing). */
  sent: number | null;
  /** Running enrolments currently at this step. */
  running: number;
}

export interface CampaignStats {
  id: string;
  title: string;
  description: string;
  running: number;
  finished: number;
  outcomes: Record<FinishedOutcome, number>;
  steps: StepStats[];
}

export interface RecentRun {
  id: number;
  email: string;
  campaign: string;
  campaignTitle: string;
  status: CampaignRunStatus;
  step: string | null;
  workflowId: string;
  updatedAt: string;
}

export interface RecentSuppression {
  email: string;
  reason: SuppressionReason;
  createdAt: string;
}

export interface CampaignOverview {
  campaigns: CampaignStats[];
  unsubscribedCustomers: number;
  suppressions: Record<SuppressionReason, number>;
  recentSuppressions: RecentSuppression[];
  recentRuns: RecentRun[];
}

const zeroOutcomes = (): Record<FinishedOutcome, number> =>
  Object.fromEntries(FINISHED_OUTCOMES.map((o) => [o, 0])) as Record<FinishedOutcome, number>;

/** Every email step of every campaign: what the sent counts are read for. */
const EMAIL_STEPS = CAMPAIGN_IDS.flatMap((campaign) =>
  CAMPAIGNS[campaign].steps.filter((s) => s.kind === 'email').map((s) => ({ campaign, stepId: s.id })),
);

const titleOf = (campaign: string) => (isCampaignId(campaign) ? CAMPAIGNS[campaign].title : campaign);

function stepLabel(campaign: string, stepId: string | null): string | null {
  if (stepId == null) return null;
  const step = isCampaignId(campaign) ? CAMPAIGNS[campaign].steps.find((s) => s.id === stepId) : undefined;
  return step?.label ?? stepId;
}

export async function campaignOverview(em: EntityManager): Promise<CampaignOverview> {
  const conn = em.getConnection();
  const [byStatus, byStep, sentByStep, optedOut, byReason, suppressions, runs] = await Promise.all([
    conn.execute<Array<{ campaign: string; status: CampaignRunStatus; n: number }>>(
      `select campaign, status, count(*)::int as n from campaign_runs group by campaign, status`,
    ),
    conn.execute<Array<{ campaign: string; step_index: number; n: number }>>(
      `select campaign, step_index, count(*)::int as n from campaign_runs where status = 'running' group by campaign, step_index`,
    ),
    // drip:<campaign>:<customerId>:<runKey>:<stepId> (core/campaign-email-key.ts): the run key has colons of its
    // own, so the campaign is read from the known start and the step from the known end — every email step of
    // every campaign, matched as a whole suffix (per step, not per template: two steps may share a template).
    conn.execute<Array<{ campaign: string; step_id: string; n: number }>>(
      `select s.campaign, s.step_id, count(*)::int as n
         from (values ${EMAIL_STEPS.map(() => '(?, ?)').join(', ')}) as s(campaign, step_id)
         join emails e on starts_with(e.idempotency_key, 'drip:' || s.campaign || ':') and right(e.idempotency_key, length(s.step_id) + 1) = ':' || s.step_id
        where e.idempotency_key like 'drip:%' and e.status not in (${NOT_SENT.map(() => '?').join(', ')})
        group by 1, 2`,
      [...EMAIL_STEPS.flatMap((s) => [s.campaign, s.stepId]), ...NOT_SENT],
    ),
    conn.execute<Array<{ n: number }>>(`select count(*)::int as n from users where campaign_emails = false`),
    conn.execute<Array<{ reason: SuppressionReason; n: number }>>(
      `select reason, count(*)::int as n from email_suppressions group by reason`,
    ),
    conn.execute<Array<{ email: string; reason: SuppressionReason; created_at: Date }>>(
      `select email, reason, created_at from email_suppressions order by created_at desc, id desc limit ?`,
      [RECENT_SUPPRESSIONS],
    ),
    conn.execute<
      Array<{
        id: number;
        campaign: string;
        email: string;
        status: CampaignRunStatus;
        step_id: string | null;
        workflow_id: string;
        updated_at: Date;
      }>
    >(`select id, campaign, email, status, step_id, workflow_id, updated_at from campaign_runs order by updated_at desc, id desc limit ?`, [
      RECENT_RUNS,
    ]),
  ]);

  // Every defined campaign, in definition order, then any that only the database still knows (a retired campaign).
  const ids = [...Object.keys(CAMPAIGNS)];
  for (const r of byStatus) if (!ids.includes(r.campaign)) ids.push(r.campaign);

  const campaigns = ids.map((id): CampaignStats => {
    const def = isCampaignId(id) ? CAMPAIGNS[id] : null;
    const outcomes = zeroOutcomes();
    let running = 0;
    for (const r of byStatus) {
      if (r.campaign !== id) continue;
      if (r.status === 'running') running += r.n;
      else outcomes[r.status] += r.n;
    }
    const steps = (def?.steps ?? []).map((step, index): StepStats => ({
      id: step.id,
      label: step.label,
      kind: step.kind,
      sent: step.kind === 'email' ? (sentByStep.find((s) => s.campaign === id && s.step_id === step.id)?.n ?? 0) : null,
      running: byStep.find((s) => s.campaign === id && s.step_index === index)?.n ?? 0,
    }));
    return {
      id,
      title: def?.title ?? id,
      description: def?.description ?? 'No longer defined in core/campaigns.ts.',
      running,
      finished: FINISHED_OUTCOMES.reduce((sum, o) => sum + outcomes[o], 0),
      outcomes,
      steps,
    };
  });

  const suppressed = Object.fromEntries(SUPPRESSION_REASONS.map((r) => [r, byReason.find((b) => b.reason === r)?.n ?? 0])) as Record<
    SuppressionReason,
    number
  >;

  return {
    campaigns,
    unsubscribedCustomers: optedOut[0]?.n ?? 0,
    suppressions: suppressed,
    recentSuppressions: suppressions.map((s) => ({
      email: s.email,
      reason: s.reason,
      createdAt: new Date(s.created_at).toISOString(),
    })),
    recentRuns: runs.map((r) => ({
      id: r.id,
      email: r.email,
      campaign: r.campaign,
      campaignTitle: titleOf(r.campaign),
      status: r.status,
      step: stepLabel(r.campaign, r.step_id),
      workflowId: r.workflow_id,
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
  };
}
