// A credit note's lines: what a refund reverses of its order's invoice, given the credit notes already issued
// against it. Never more than the invoice: per line and per rate, the credits of all the refunds together add up to
// at most what was invoiced, and the refund that takes the last of something takes exactly what is left.
//
// - Refunded items: the refunded quantity's share of the invoiced line's net, VAT and gross, worked out on the
//   quantity credited so far (round(total × credited ÷ bought) minus what earlier notes took), so the last refund of
//   a line takes the remainder. Shipping, when refunded: what is left of the shipping line.
// - A custom amount: split over the invoice's rates and supplies in proportion to what is left of each (largest
//   remainder), the VAT of each part worked out as included in it (half up). Refunded items whose amount is not what
//   their lines come to (a discounted order, an amount typed by the admin) are split the same way over the rates and
//   supplies of those lines, in proportion to their shares.
// - The refund of everything still not credited reverses exactly that.
import { formatDecimal, shareOfMinor } from './money';
import { allocate, formatRate, splitGross } from './tax';
import { amountsOf, type InvoiceAmounts, type InvoiceLineData, type InvoiceSupply } from './invoice-lines';

export interface CreditedRefund {
  /** What was refunded, gross, in minor units. */
  amount: number;
  /** Items refunded; null for a custom amount. */
  lines: ReadonlyArray<{ orderItemId: number; quantity: number }> | null;
  includesShipping: boolean;
}

export type CreditMethod = 'lines' | 'remainder' | 'split';

/** A refund no credit note can reverse (more than is left on the invoice, or nothing). */
export class CreditNoteError extends Error {
  override readonly name = 'CreditNoteError';
  readonly type: string;

  constructor(message: string, type: string) {
    super(message);
    this.type = type;
  }
}

interface Sums {
  quantity: number;
  discount: number;
  net: number;
  tax: number;
  gross: number;
}

const ZERO: Sums = { quantity: 0, discount: 0, net: 0, tax: 0, gross: 0 };

const add = (a: Sums, l: Sums): Sums => ({
  quantity: a.quantity + l.quantity,
  discount: a.discount + l.discount,
  net: a.net + l.net,
  tax: a.tax + l.tax,
  gross: a.gross + l.gross,
});

/** Which invoice line a line credits: its order item, or the shipping line; null for an adjustment. */
const lineKey = (l: InvoiceLineData): string | null =>
  l.orderItemId != null ? `item:${l.orderItemId}` : l.category === 'shipping' ? 'shipping' : null;

const groupKey = (l: { rate: number; supply: InvoiceSupply }) => `${l.rate}:${l.supply}`;

const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

interface Group {
  rate: number;
  supply: InvoiceSupply;
  left: Sums;
}

/** What is left of each rate and supply of the invoice (in the order they first appear on it). */
function groupsLeft(invoice: readonly InvoiceLineData[], earlier: readonly InvoiceLineData[]): Group[] {
  const groups = new Map<string, Group>();
  for (const l of invoice) {
    const g = groups.get(groupKey(l)) ?? { rate: l.rate, supply: l.supply, left: ZERO };
    groups.set(groupKey(l), { ...g, left: add(g.left, l) });
  }
  for (const l of earlier) {
    const g = groups.get(groupKey(l));
    if (!g)
      throw new CreditNoteError(`an earlier credit note has a rate or supply the invoice does not (${groupKey(l)})`, 'CreditMismatch');
    g.left = { ...g.left, net: g.left.net - l.net, tax: g.left.tax - l.tax, gross: g.left.gross - l.gross };
  }
  return [...groups.values()];
}

function creditedPerLine(earlier: readonly InvoiceLineData[]): Map<string, Sums> {
  const credited = new Map<string, Sums>();
  for (const l of earlier) {
    const key = lineKey(l);
    if (key) credited.set(key, add(credited.get(key) ?? ZERO, l));
  }
  return credited;
}

/** Each invoice line's remainder: the refund of everything still not credited, line by line. */
function remainderLines(invoice: readonly InvoiceLineData[], credited: Map<string, Sums>): InvoiceLineData[] {
  return invoice.flatMap((l) => {
    const done = credited.get(lineKey(l) ?? '') ?? ZERO;
    const left = { quantity: l.quantity - done.quantity, discount: l.discount - done.discount, gross: l.gross - done.gross };
    if (left.quantity <= 0 && left.gross <= 0) return [];
    return [{ ...l, ...left, quantity: Math.max(left.quantity, 0), net: l.net - done.net, tax: l.tax - done.tax }];
  });
}

/** The refunded items' and shipping's shares, or null when the refund names something the invoice cannot credit. */
function itemLines(invoice: readonly InvoiceLineData[], credited: Map<string, Sums>, refund: CreditedRefund): InvoiceLineData[] | null {
  const quantities = new Map<number, number>();
  for (const r of refund.lines ?? []) quantities.set(r.orderItemId, (quantities.get(r.orderItemId) ?? 0) + r.quantity);
  const lines: InvoiceLineData[] = [];
  for (const [orderItemId, quantity] of quantities) {
    const inv = invoice.find((l) => l.orderItemId === orderItemId);
    const done = credited.get(`item:${orderItemId}`) ?? ZERO;
    const upTo = done.quantity + quantity;
    if (!inv || quantity <= 0 || upTo > inv.quantity) return null;
    const gross = clamp(shareOfMinor(inv.gross, upTo, inv.quantity) - done.gross, 0, inv.gross - done.gross);
    let tax = clamp(shareOfMinor(inv.tax, upTo, inv.quantity) - done.tax, 0, Math.min(inv.tax - done.tax, gross));
    if (gross - tax > inv.net - done.net) tax = gross - (inv.net - done.net);
    const discount = clamp(shareOfMinor(inv.discount, upTo, inv.quantity) - done.discount, 0, inv.discount - done.discount);
    lines.push({ ...inv, quantity, discount, net: gross - tax, tax, gross });
  }
  if (refund.includesShipping) {
    const inv = invoice.find((l) => l.category === 'shipping');
    const done = credited.get('shipping') ?? ZERO;
    if (!inv || done.gross >= inv.gross) return null;
    lines.push({ ...inv, quantity: 1, net: inv.net - done.net, tax: inv.tax - done.tax, gross: inv.gross - done.gross });
  }
  return lines;
}

/**
 * The amount split over `groups` in proportion to `weights` (default: what is left of each), each part's VAT worked
 * out as included in it; null when a part would be more than is left of its group.
 */
function splitLines(
  groups: readonly Group[],
  amount: number,
  weights: readonly number[] = groups.map((g) => Math.max(0, g.left.gross)),
): InvoiceLineData[] | null {
  const parts = allocate(amount, weights);
  if (groups.some((g, i) => parts[i]! > g.left.gross)) return null;
  return groups.flatMap((g, i): InvoiceLineData[] => {
    const gross = parts[i]!;
    if (gross === 0) return [];
    const tax =
      gross === g.left.gross
        ? g.left.tax
        : clamp(splitGross(gross, g.rate).tax, Math.max(0, gross - g.left.net), Math.min(g.left.tax, gross));
    return [
      {
        description: `Refund of ${g.supply} supplies at ${formatRate(g.rate)} VAT`,
        quantity: 1,
        unitPrice: gross,
        discount: 0,
        rate: g.rate,
        net: gross - tax,
        tax,
        gross,
        category: 'adjustment',
        supply: g.supply,
        orderItemId: null,
      },
    ];
  });
}

/** What `lines` take of each group (zero for the groups they do not touch). */
const grossPerGroup = (lines: readonly InvoiceLineData[], groups: readonly Group[]) =>
  groups.map((g) => lines.filter((l) => groupKey(l) === groupKey(g)).reduce((s, l) => s + l.gross, 0));

/** The lines' credits stay within what is left of each rate and supply. */
function fits(lines: readonly InvoiceLineData[], groups: readonly Group[]): boolean {
  const taken = new Map<string, Sums>();
  for (const l of lines) taken.set(groupKey(l), add(taken.get(groupKey(l)) ?? ZERO, l));
  return [...taken].every(([key, t]) => {
    const g = groups.find((x) => groupKey(x) === key);
    return g != null && t.net <= g.left.net && t.tax <= g.left.tax && t.gross <= g.left.gross && t.net >= 0 && t.tax >= 0;
  });
}

/**
 * The credit note of `refund` against an invoice with `invoiceLines`, after the credit notes whose lines are
 * `earlier`. Its gross is the refund's amount; throws CreditNoteError when more is refunded than is left to credit.
 */
export function creditNoteAmounts(
  invoiceLines: readonly InvoiceLineData[],
  earlier: ReadonlyArray<readonly InvoiceLineData[]>,
  refund: CreditedRefund,
): InvoiceAmounts & { method: CreditMethod } {
  const earlierLines = earlier.flat();
  const groups = groupsLeft(invoiceLines, earlierLines);
  const left = groups.reduce((s, g) => s + g.left.gross, 0);
  if (!Number.isSafeInteger(refund.amount) || refund.amount <= 0)
    throw new CreditNoteError(`a credit note needs a positive amount, got ${refund.amount}`, 'CreditAmountInvalid');
  if (refund.amount > left)
    throw new CreditNoteError(
      `the refund of ${formatDecimal(refund.amount)} is more than the ${formatDecimal(left)} left to credit on the invoice`,
      'CreditExceedsInvoice',
    );
  const credited = creditedPerLine(earlierLines);

  const everyGroup = (amount: number) => splitLines(groups, amount)!;
  if (refund.amount === left) {
    // Everything still not credited: line by line, unless an earlier custom amount took from rates rather than lines.
    const byLine = earlierLines.every((l) => l.category !== 'adjustment');
    const lines = byLine ? remainderLines(invoiceLines, credited) : everyGroup(refund.amount);
    return { ...amountsOf(lines), method: byLine ? 'remainder' : 'split' };
  }
  if (refund.lines?.length || refund.includesShipping) {
    const lines = itemLines(invoiceLines, credited, refund);
    if (lines && lines.reduce((s, l) => s + l.gross, 0) === refund.amount && fits(lines, groups)) {
      return { ...amountsOf(lines), method: 'lines' };
    }
    // Another amount than those lines come to: split over their rates and supplies, as far as what is left allows.
    const split = lines?.length ? splitLines(groups, refund.amount, grossPerGroup(lines, groups)) : null;
    if (split) return { ...amountsOf(split), method: 'split' };
  }
  return { ...amountsOf(everyGroup(refund.amount)), method: 'split' };
}
