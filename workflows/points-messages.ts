// Names shared by the web app, the workers and the loyalty points workflows.
import { defineQuery, defineSignal } from '@temporalio/workflow';

/** points-<orderNumber>: an order's points, from pending to expired. */
export const orderPointsWorkflowId = (orderNumber: string) => `points-${orderNumber}`;
/** points-lot-<lotId>: the life of points an admin added or a refund gave back. */
export const pointsLotWorkflowId = (lotId: number) => `points-lot-${lotId}`;

export type PointsState = 'earning' | 'pending' | 'available' | 'expired' | 'reversed' | 'none';

export interface PointsStatus {
  state: PointsState;
  points: number;
  lotId: number | null;
  expiresAt: string | null;
}

/** The order's parcel was delivered: the refund window starts (sent by fulfillment-<orderNumber>). */
export const orderDeliveredSignal = defineSignal('orderDelivered');
/** A refund took points back: `pendingLeft` is what is still pending for the order (0 ends the wait). */
export const pointsReversedSignal = defineSignal<[{ pendingLeft: number }]>('pointsReversed');
export const pointsStatusQuery = defineQuery<PointsStatus>('pointsStatus');
