// Refunds: created at Stripe (idempotency key = refund id), asked about, recorded; a full refund revokes downloads.
import type { ServerDeps } from '#server/deps.server.ts';
import { revokeDownloads } from '#server/downloads/revoke-downloads.server.ts';
import { recordRefundResult } from '#server/refunds/record-refund-result.server.ts';
import { createStripeRefund, fetchStripeRefund } from '#server/refunds/stripe-refunds.server.ts';
import { activitiesOf } from './adapt.ts';
import type { CheckoutActivities } from './types.ts';

export function createRefundActivities(
  deps: ServerDeps,
): Pick<CheckoutActivities, 'createStripeRefund' | 'fetchStripeRefund' | 'recordRefundResult' | 'revokeDownloads'> {
  return activitiesOf(deps, { createStripeRefund, fetchStripeRefund, recordRefundResult, revokeDownloads });
}
