// The loyalty points activities as the workflows see them (imported as types only).
import type { EarnedPoints, ReversedPoints } from '#server/ledger/points-earning.server.ts';
import type { LotReminder } from '#server/ledger/points-lots.server.ts';
import type { PaidOrderSummary } from '#server/orders/mark-order-paid.server.ts';

export type { EarnedPoints, LotReminder, ReversedPoints };

export interface CreditsActivities {
  /** An order with nothing to pay in money, complete without a payment page. */
  completeUnpaidOrder(input: { orderNumber: string }): Promise<PaidOrderSummary & { statusUrl: string }>;
  /** A paid order's credit packs, granted once. */
  grantPurchasedCredits(input: { orderNumber: string }): Promise<{ credits: number }>;
}

export type PointsEmailTemplate = 'points-available' | 'points-expiring';

export interface PointsActivities {
  earnOrderPoints(input: { orderNumber: string }): Promise<EarnedPoints>;
  makeOrderPointsAvailable(input: { orderNumber: string; expiresAt: string }): Promise<{ lotId: number | null; points: number }>;
  remindPointsLot(input: { lotId: number }): Promise<LotReminder>;
  expirePointsLot(input: { lotId: number }): Promise<{ expired: number }>;
  reversePointsForRefund(input: { refundId: number }): Promise<ReversedPoints>;
  sendPointsEmail(input: {
    template: PointsEmailTemplate;
    customerId: number;
    points: number;
    lotId: number;
    expiresAt: string;
    orderNumber: string | null;
  }): Promise<{ sent: boolean; reason?: string }>;
}
