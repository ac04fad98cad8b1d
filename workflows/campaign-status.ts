// How a campaign's run describes itself: the answer to a status query and the "step N of M" of the details line the
// Temporal UI shows. Shared by campaigns-<customerId> (customer-campaigns.ts) and the older drip-* workflows (drip.ts).
import { CAMPAIGNS, type CampaignId } from '#core/campaigns.ts';
import type { DripStatus } from './campaign-messages';

/** A run's status from where it is; the step's id is looked up from its index. */
export function campaignStatus(run: Omit<DripStatus, 'stepId'>): DripStatus {
  return { ...run, stepId: CAMPAIGNS[run.campaign].steps[run.stepIndex]?.id ?? null };
}

/** "step 2 of 5 (Guide to framing)": the step a run is at, counted from one, with its label while there is one. */
export function stepPlace(campaign: CampaignId, stepIndex: number): string {
  const { steps } = CAMPAIGNS[campaign];
  const step = steps[stepIndex];
  return `step ${Math.min(stepIndex + 1, steps.length)} of ${steps.length}${step ? ` (${step.label})` : ''}`;
}
