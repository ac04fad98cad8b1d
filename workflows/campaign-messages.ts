// Names for cart upkeep and drip campaigns shared by the web app, the workers and the
// workflows (the checkout's own are in messages.ts).
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CampaignContext, CampaignEvent, CampaignId } from '#core/campaigns.ts';

/** The Temporal Schedule that runs cartUpkeep (hourly by default). */
export const CART_UPKEEP_SCHEDULE_ID = 'cart-upkeep';

export type DripEnd = 'completed' | 'goal_met' | 'unsubscribed' | 'suppressed' | 'stopped';

export interface DripInput {
  campaign: CampaignId;
  customerId: number;
  email: string;
  context: CampaignContext;
  /** Multiplies every wait (CAMPAIGN_TIME_SCALE): 1 in production, tiny in tests. */
  timeScale?: number;
  /** Steps walked per run before continuing as new (keeps histories small). */
  stepsPerRun?: number;
  /** Carried across continue-as-new. */
  resume?: { stepIndex: number; runKey: string; restarts: number; emailsSent: number; events: CampaignEvent[] };
}

export interface DripStatus {
  campaign: CampaignId;
  customerId: number;
  stepIndex: number;
  stepId: string | null;
  state: 'waiting' | 'sending' | 'checking' | 'ended';
  /** ISO time the current wait ends (when waiting). */
  until: string | null;
  emailsSent: number;
  ended: DripEnd | null;
}

/** The campaigns of one customer in one workflow (campaigns-<customerId>, workflows/customer-campaigns.ts). */
export interface CustomerCampaignsInput {
  customerId: number;
  email: string;
  /** Multiplies every wait (CAMPAIGN_TIME_SCALE): 1 in production, tiny in tests. */
  timeScale?: number;
  /** Times the workflow wakes (a wait over, a signal) before it continues as new (keeps histories small). */
  wakesPerRun?: number;
  /** Carried across continue-as-new. */
  resume?: { tracks: CampaignTrack[]; tracksStarted: number; onceDone: CampaignId[] };
}

/** One campaign's run inside campaigns-<customerId>: where it is, what it has seen. */
export interface CampaignTrack {
  campaign: CampaignId;
  context: CampaignContext;
  /** The run's key in campaign_runs and in its emails' idempotency keys: new at every (re)start. */
  runKey: string;
  stepIndex: number;
  emailsSent: number;
  events: CampaignEvent[];
  /** Workflow time (epoch ms) the current wait ends, from when the wait began; null when not waiting. */
  waitUntil: number | null;
  /** Its campaign_runs row is written. */
  recorded: boolean;
}

export interface CustomerCampaignsStatus {
  customerId: number;
  campaigns: DripStatus[];
}

/**
 * Enrols the customer in campaigns: signal-with-start of campaigns-<customerId>, so a running one joins them. Several
 * at once (a first order's welcome series and post-purchase campaign) come in one signal and start in one task.
 */
export const enrolCampaignsSignal = defineSignal<[Array<{ campaign: CampaignId; context: CampaignContext }>]>('enrolCampaigns');
export const customerCampaignsQuery = defineQuery<CustomerCampaignsStatus>('customerCampaigns');

/** Signal-with-start: a second enrolment reaches the running workflow with this. */
export const enrolSignal = defineSignal<[CampaignContext]>('enrol');
/** The customer opted out (one-click unsubscribe, preferences): no further email, the campaign ends. */
export const unsubscribeSignal = defineSignal<[{ reason: string }]>('unsubscribe');
/**
 * The customer's account is being deleted: the campaign ends at once, and its CustomerEmail search attribute is
 * removed first, so the closed workflow lists no address (or hash) of theirs.
 */
export const forgetCustomerSignal = defineSignal('forgetCustomer');
/** The campaign's goal was met elsewhere (e.g. the cart was bought): it ends (in campaigns-<customerId>, the one named). */
export const goalMetSignal = defineSignal<[{ reason: string; campaign?: CampaignId }]>('goalMet');
/** Something a `wait-for` step waits on happened (e.g. the parcel was delivered); in campaigns-<customerId>, for the one named. */
export const campaignEventSignal =
  defineSignal<[{ event: CampaignEvent; orderNumber?: string | null; campaign?: CampaignId }]>('campaignEvent');
export const dripStatusQuery = defineQuery<DripStatus>('dripStatus');
