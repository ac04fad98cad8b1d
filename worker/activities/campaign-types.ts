// Activity signatures of cart upkeep and drip campaigns, as the workflows see them
// (workflows import this file as types only; the checkout's own are in types.ts).
import type { CampaignCondition, CampaignContext, CampaignId } from '#core/campaigns.ts';
import type { DripEnd } from '#workflows/campaign-messages.ts';
import type { AbandonedCart, QuietCartsReminded } from '#server/campaigns/quiet-carts.server.ts';
import type { CampaignSendStatus } from '#server/campaigns/send-campaign-email.server.ts';

export type { AbandonedCart, CampaignSendStatus, QuietCartsReminded };

export interface CampaignActivities {
  /** Records the enrolment (idempotent by runKey); the admin's counts come from these rows. */
  startCampaignRun(input: {
    campaign: CampaignId;
    customerId: number;
    email: string;
    workflowId: string;
    runKey: string;
    context: CampaignContext;
  }): Promise<void>;
  /** Progress and the end of a run, for the admin page. */
  updateCampaignRun(input: {
    runKey: string;
    stepIndex: number;
    stepId: string | null;
    emailsSent: number;
    ended: DripEnd | null;
  }): Promise<void>;
  checkCampaignCondition(input: {
    condition: CampaignCondition;
    customerId: number;
    runKey: string;
    context: CampaignContext;
  }): Promise<boolean>;
  /** Checks preferences and suppressions, then renders and sends the step's email once (idempotency key from the run and step). */
  sendCampaignEmail(input: {
    campaign: CampaignId;
    stepId: string;
    customerId: number;
    runKey: string;
    context: CampaignContext;
  }): Promise<{ status: CampaignSendStatus; emailId: number | null }>;
  /**
   * Up to `limit` quiet carts (items and an address, quiet for CART_QUIET_MINUTES, not reminded since they
   * last changed) enter the abandoned-cart campaign, set-based; `carts` is how many were found (a full batch
   * may mean more are waiting). A cart whose enrolment failed is not marked: the next call finds it again.
   */
  remindQuietCarts(input: { limit: number }): Promise<QuietCartsReminded>;
  // The per-cart upkeep of cart-upkeep runs started before patch remind-quiet-carts-set (kept while one may still run):
  /** Does nothing (idle carts stay active); kept for cart-upkeep runs without patch remind-quiet-carts-set, which call it. */
  markIdleCartsAbandoned(input: { limit: number }): Promise<{ abandoned: number }>;
  /** Carts with items and an address, quiet for CART_QUIET_MINUTES and not reminded since they last changed. */
  findQuietCarts(input: { limit: number }): Promise<{ carts: AbandonedCart[] }>;
  /** After enrolment: not again until the cart changes. */
  markCartReminded(input: { cartId: number }): Promise<void>;
  /** Signal-with-start of campaigns-<customerId> (a running one joins the campaign). */
  enrolInCampaign(input: {
    campaign: CampaignId;
    customerId: number;
    email: string;
    context: CampaignContext;
  }): Promise<{ outcome: 'started' | 'joined' | 'skipped'; reason?: string }>;
  /** After a paid order: the welcome series (first order) and the post-purchase campaign. */
  enrolAfterPurchase(input: { orderNumber: string }): Promise<{ enrolled: string[] }>;
}
