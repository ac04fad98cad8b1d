// The loyalty points activities as the workflows see them (imported as types only).
import type { EarnedPoints, ReversedPoints } from '#server/ledger/points-earning.server.ts';
import type { LotReminder } from '#server/ledger/points-lots.server.ts';

export type { EarnedPoints, LotReminder, ReversedPoints };

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
