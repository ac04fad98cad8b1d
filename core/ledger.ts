// The rules of the points and credits ledger, as pure arithmetic (docs/decisions/059-points-and-credits-ledger.md).
import { scaledMs } from './campaigns.ts';

export const LEDGER_KINDS = ['points', 'credits'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Where a customer's units sit: usable now, earned but still refundable, or held by a checkout in progress. */
export const LEDGER_BUCKETS = ['available', 'pending', 'reserved'] as const;
export type LedgerBucket = (typeof LEDGER_BUCKETS)[number];

/**
 * The shop's counter-accounts: every transfer's entries sum to zero, so what customers hold is always matched by where
 * it came from or went. `earned`: points given for orders; `redeemed`: points spent as a discount; `reversed`: taken back
 * by refunds; `expired`; `adjusted`: an admin's corrections; `returned`: spent points given back by refunds;
 * `written_off`: reversals a customer no longer had the points for; `purchased` / `spent` / `granted`: credits.
 */
export const POINTS_SHOP_ACCOUNTS = ['earned', 'redeemed', 'reversed', 'expired', 'adjusted', 'returned', 'written_off'] as const;
export type PointsShopAccount = (typeof POINTS_SHOP_ACCOUNTS)[number];
export const SHOP_ACCOUNTS = [...POINTS_SHOP_ACCOUNTS, 'purchased', 'spent', 'granted'] as const;
export type ShopAccount = (typeof SHOP_ACCOUNTS)[number];

export const TRANSFER_TYPES = [
  'earn',
  'make_available',
  'reverse',
  'reserve',
  'release',
  'spend',
  'return',
  'expire',
  'adjust',
  'purchase',
  'grant',
] as const;
export type TransferType = (typeof TRANSFER_TYPES)[number];

export interface PointsRules {
  /** Points per whole currency unit of goods after discounts (shipping excluded); 0 turns earning off. */
  earnRate: number;
  /** How a fraction of a point is rounded when earning. */
  rounding: 'down' | 'nearest';
  /** What one point is worth when spent, minor units. */
  pointValue: number;
}

/** The points an order earns: `earnRate` per whole currency unit of goods after discounts. */
export function pointsEarned(goodsAfterDiscounts: number, rules: PointsRules): number {
  if (goodsAfterDiscounts <= 0 || rules.earnRate <= 0) return 0;
  // Integers throughout: minor units × rate (in hundredths) ÷ 100 minor units per unit ÷ 100.
  const hundredths = Math.round(rules.earnRate * 100);
  const numerator = goodsAfterDiscounts * hundredths;
  const whole = 100 * 100;
  return rules.rounding === 'nearest' ? Math.floor((2 * numerator + whole) / (2 * whole)) : Math.floor(numerator / whole);
}

/** How many points an order can spend: what was asked, at most what is available, at most the goods' worth. */
export function pointsToSpend(requested: number, available: number, goods: number, pointValue: number): number {
  if (requested <= 0 || pointValue <= 0) return 0;
  return Math.max(0, Math.min(requested, available, Math.floor(goods / pointValue)));
}

/**
 * The share of `units` that a refund of `refunded` out of `paid` takes back, cumulatively over an order's refunds:
 * rounded down (the customer keeps a part-point), and all of it once the order is fully refunded. Each refund takes
 * the difference between the new cumulative share and what earlier refunds took, so the sum is exact.
 */
export function proportionalShare(units: number, refunded: number, paid: number, full: boolean): number {
  if (full || paid <= 0 || refunded >= paid) return units;
  if (refunded <= 0) return 0;
  return Math.floor((units * refunded) / paid);
}

export interface LotState {
  id: number;
  amount: number;
  expiresAt: Date;
}

/**
 * What is left of one lot when every use of available points (spending, reversal, expiry, less what came back) is taken
 * from the lots that expire first: the lots up to and including this one, less all that was used, within the lot.
 * `used` is the net outflow from the available bucket that did not come from lots themselves.
 */
export function lotRemaining(lots: readonly LotState[], lotId: number, used: number): number {
  const ordered = [...lots].sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || a.id - b.id);
  let through = 0;
  for (const lot of ordered) {
    through += lot.amount;
    if (lot.id === lotId) return Math.max(0, Math.min(lot.amount, through - Math.max(0, used)));
  }
  return 0;
}

/** `days` of points time (the refund window, the life of available points), shortened by the campaign time scale in tests. */
export const scaledDays = (days: number, timeScale: number): number => scaledMs(days * 86_400, timeScale);

/** When points that become available at `from` (ms) expire. */
export const lotExpiry = (from: number, schedule: { lifetimeDays: number; timeScale: number }): Date =>
  new Date(from + scaledDays(schedule.lifetimeDays, schedule.timeScale));
