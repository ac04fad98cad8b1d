// How a customer's loyalty points read to them: when pending points become available, what each kind of ledger
// transfer is called, the amounts as signed text. Pure: used by server/ledger/points-views.server.ts and the pages.
import { scaledDays, type TransferType } from './ledger.ts';

export interface PendingOrder {
  paidAt: Date | null;
  deliveredAt: Date | null;
  /** Something in the order ships: its refund window starts at delivery. */
  ships: boolean;
}

export interface PendingAvailability {
  /** When the points become available, or null while that waits for something else (delivery). */
  at: Date | null;
  /** Said instead of a date when there is none. */
  note: string | null;
}

const dayWord = (days: number) => (days === 1 ? 'day' : 'days');

/**
 * When an order's pending points become available: its refund window (`pendingDays`, scaled like the workflows'
 * timers) after payment for an order of files only, after delivery for one with something to ship.
 */
export function pendingAvailableAt(order: PendingOrder, pendingDays: number, timeScale: number): PendingAvailability {
  const start = order.ships ? order.deliveredAt : order.paidAt;
  if (!start) {
    return { at: null, note: order.ships ? `${pendingDays} ${dayWord(pendingDays)} after delivery` : 'once the order is paid' };
  }
  return { at: new Date(start.getTime() + scaledDays(pendingDays, timeScale)), note: null };
}

const TRANSFER_LABELS: Record<TransferType, string> = {
  earn: 'Earned',
  make_available: 'Now available',
  reverse: 'Taken back',
  reserve: 'Held at checkout',
  release: 'Released',
  spend: 'Spent',
  return: 'Given back',
  expire: 'Expired',
  adjust: 'Adjusted by the shop',
  purchase: 'Bought',
  grant: 'Granted',
};

/** A transfer type as the customer reads it ("Spent", "Taken back"); an unknown type as it is written. */
export function transferLabel(type: string): string {
  return Object.hasOwn(TRANSFER_LABELS, type) ? TRANSFER_LABELS[type as TransferType] : type;
}

/** A change of points with its sign ("+120", "−40"; nothing for no change). */
export function signedPoints(amount: number): string {
  if (amount === 0) return '';
  const digits = Math.abs(amount).toLocaleString('en-IE');
  return amount > 0 ? `+${digits}` : `\u2212${digits}`;
}

/** "1 point", "1,250 points". */
export function pointsText(points: number): string {
  return `${points.toLocaleString('en-IE')} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
}
