import { condition, patched, proxyActivities, proxyLocalActivities, setCurrentDetails, setHandler, sleep } from '@temporalio/workflow';
import { lotExpiry, scaledDays } from '#core/ledger.ts';
import type { PointsActivities } from '#worker/activities/points-types.ts';
import { DATABASE, EMAIL } from './activity-options';
import { orderDeliveredSignal, pointsReversedSignal, pointsStatusQuery, type PointsState } from './points-messages';

const ledger =
  proxyActivities<Pick<PointsActivities, 'earnOrderPoints' | 'makeOrderPointsAvailable' | 'remindPointsLot' | 'expirePointsLot'>>(DATABASE);
const ledgerHere = proxyLocalActivities<Pick<PointsActivities, 'earnOrderPoints'>>(DATABASE);
const email = proxyActivities<Pick<PointsActivities, 'sendPointsEmail'>>(EMAIL);

interface Schedule {
  lifetimeDays: number;
  reminderDays: number;
  timeScale: number;
}

interface LotLife {
  lotId: number;
  customerId: number;
  expiresAt: string;
  orderNumber: string | null;
  schedule: Schedule;
  onState: (state: PointsState) => void;
}

/** An available lot's remaining life: the reminder before it expires (when something is left of it), then the expiry. */
async function liveLot({ lotId, customerId, expiresAt, orderNumber, schedule, onState }: LotLife): Promise<void> {
  const expiry = Date.parse(expiresAt);
  const remindAt = expiry - scaledDays(schedule.reminderDays, schedule.timeScale);
  onState('available');
  if (schedule.reminderDays > 0 && remindAt > Date.now()) {
    setCurrentDetails(`available; reminder due ${new Date(remindAt).toISOString()}, expiry ${expiresAt}`);
    await sleep(remindAt - Date.now());
    const reminder = await ledger.remindPointsLot({ lotId });
    if (reminder.due) {
      await email.sendPointsEmail({ template: 'points-expiring', customerId, points: reminder.remaining, lotId, expiresAt, orderNumber });
    }
  }
  setCurrentDetails(`available; expiring ${expiresAt}`);
  if (expiry > Date.now()) await sleep(expiry - Date.now());
  const { expired } = await ledger.expirePointsLot({ lotId });
  onState('expired');
  setCurrentDetails(`expired ${expired} unused points`);
}

export interface OrderPointsInput {
  orderNumber: string;
}

/**
 * points-<orderNumber>: the points a paid order earns, pending while it can still be refunded (a timer: the refund
 * window after payment, or after delivery for what ships), then available as one lot that expires (with a reminder
 * first). Refunds take points back through the ledger and tell this workflow what is still pending.
 */
export async function orderPoints({ orderNumber }: OrderPointsInput): Promise<{ points: number; state: PointsState }> {
  let state: PointsState = 'earning';
  let points = 0;
  let lotId: number | null = null;
  let expiresAt: string | null = null;
  let delivered = false;
  let pendingLeft: number | null = null;
  setHandler(pointsStatusQuery, () => ({ state, points, lotId, expiresAt }));
  setHandler(orderDeliveredSignal, () => {
    delivered = true;
  });
  setHandler(pointsReversedSignal, (update) => {
    pendingLeft = update.pendingLeft;
  });
  const reversedAll = () => pendingLeft === 0;

  setCurrentDetails(`earning the points of order ${orderNumber}`);
  // A local step in the task that starts the workflow (docs/decisions/062-one-step-after-payment.md); older runs replay scheduled.
  const earned = await (patched('points-earn-local') ? ledgerHere : ledger).earnOrderPoints({ orderNumber });
  points = earned.points;
  if (points === 0 || earned.customerId === null) {
    state = 'none';
    setCurrentDetails('no points: no customer account, or nothing earned');
    return { points, state };
  }
  const { schedule } = earned;
  state = 'pending';
  if (earned.waitsForDelivery && !earned.delivered && !delivered) {
    setCurrentDetails(`${points} points pending until delivery, then ${schedule.pendingDays} days`);
    await condition(() => delivered || reversedAll());
  }
  if (!reversedAll()) {
    setCurrentDetails(`${points} points pending: the refund window (${schedule.pendingDays} days) is open`);
    await condition(reversedAll, scaledDays(schedule.pendingDays, schedule.timeScale));
  }
  if (reversedAll()) {
    state = 'reversed';
    setCurrentDetails('all pending points were taken back by refunds');
    return { points, state };
  }

  expiresAt = lotExpiry(Date.now(), schedule).toISOString();
  const made = await ledger.makeOrderPointsAvailable({ orderNumber, expiresAt });
  if (made.lotId === null) {
    state = 'reversed';
    setCurrentDetails('nothing left pending to make available');
    return { points, state };
  }
  lotId = made.lotId;
  await email.sendPointsEmail({
    template: 'points-available',
    customerId: earned.customerId,
    points: made.points,
    lotId,
    expiresAt,
    orderNumber,
  });
  await liveLot({
    lotId,
    customerId: earned.customerId,
    expiresAt,
    orderNumber,
    schedule,
    onState: (s) => {
      state = s;
    },
  });
  return { points, state };
}

export interface PointsLotInput {
  lotId: number;
  customerId: number;
  expiresAt: string;
  orderNumber?: string | null;
  schedule: Schedule;
}

/** points-lot-<lotId>: points an admin added or a refund gave back, from available to expired. */
export async function pointsLot(input: PointsLotInput): Promise<{ state: PointsState }> {
  let state: PointsState = 'available';
  setHandler(pointsStatusQuery, () => ({ state, points: 0, lotId: input.lotId, expiresAt: input.expiresAt }));
  await liveLot({
    ...input,
    orderNumber: input.orderNumber ?? null,
    onState: (s) => {
      state = s;
    },
  });
  return { state };
}
