// The forms of the admin's order page (/admin/orders/:orderNumber), one schema each; the ship form's
// is core/schemas/shipment.ts, shared with the fulfillment workflow.
import { z } from 'zod';
import { parseDecimal } from '../money';

export const NOTE_MAX = 2000;
export const REFUND_REASON_MAX = 500;

export const orderNoteSchema = z.object({
  note: z
    .string({ error: 'Write the note first' })
    .trim()
    .min(1, 'Write the note first')
    .max(NOTE_MAX, 'A note can be at most 2,000 characters'),
  /** Fixed per page view: a double-submitted form repeats it and adds one note. */
  key: z.string().optional(),
});

/** The refund form's quantity field of an order item. */
export const refundQuantityField = (itemId: number) => `qty-${itemId}` as const;
export type RefundQuantityField = ReturnType<typeof refundQuantityField>;
/** The refund form's "back to stock" box of an order item (physical lines). */
export const refundRestockField = (itemId: number) => `restock-${itemId}` as const;
export type RefundRestockField = ReturnType<typeof refundRestockField>;

/** What the admin asked to refund; the amount in minor units. What is left to refund is checked on the server. */
export type RefundRequest =
  | { kind: 'items'; quantities: Record<number, number>; shipping: boolean; reason: string; restock: number[] }
  | { kind: 'amount'; amount: number; reason: string };

const WHOLE_NUMBER = 'Enter a whole number';
const refundQuantity = z.number({ error: WHOLE_NUMBER }).int(WHOLE_NUMBER).min(0, WHOLE_NUMBER).max(9999, WHOLE_NUMBER).optional();
const REFUND_REASON = 'Give a reason (the customer sees it)';
const restockBox = z.boolean().optional();

/**
 * The refund form of an order with these items: by line items (a quantity per item, and shipping) or
 * by a custom amount typed as a decimal ("12.50"), which comes out in minor units.
 */
export function refundSchema(itemIds: readonly number[]) {
  const quantities = Object.fromEntries(itemIds.map((id) => [refundQuantityField(id), refundQuantity])) as Record<
    RefundQuantityField,
    typeof refundQuantity
  >;
  const restockBoxes = Object.fromEntries(itemIds.map((id) => [refundRestockField(id), restockBox])) as Record<
    RefundRestockField,
    typeof restockBox
  >;
  const fields = {
    kind: z.enum(['items', 'amount'], { error: 'Choose line items or a custom amount' }).default('items'),
    shipping: z.boolean({ error: 'Tick the box to refund shipping' }).optional(),
    amount: z.string().trim().optional(),
    reason: z
      .string({ error: REFUND_REASON })
      .trim()
      .min(1, REFUND_REASON)
      .max(REFUND_REASON_MAX, 'The reason can be at most 500 characters'),
  };
  return z
    .object(Object.assign(quantities, restockBoxes, fields))
    .superRefine(
      (v, ctx) => {
        if (v.kind === 'amount') {
          const minor = typeof v.amount === 'string' ? parseDecimal(v.amount) : null;
          if (minor === null || minor <= 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter an amount such as 12.50' });
        } else if (v.kind === 'items' && v.shipping !== true && itemIds.every((id) => (v[refundQuantityField(id)] ?? 0) === 0)) {
          // Nothing typed, or only zeros (a quantity that is not a whole number has its own error).
          ctx.addIssue({ code: 'custom', message: 'Choose what to refund' });
        }
      },
      // Also beside other problems (an empty reason), so every mistake shows at once.
      { when: () => true },
    )
    .transform((v): RefundRequest => {
      if (v.kind === 'amount') return { kind: 'amount', amount: parseDecimal(v.amount ?? '')!, reason: v.reason };
      const chosen: Record<number, number> = {};
      for (const id of itemIds) {
        const quantity = v[refundQuantityField(id)];
        if (quantity) chosen[id] = quantity;
      }
      const restock = itemIds.filter((id) => chosen[id] && v[refundRestockField(id)] === true);
      return { kind: 'items', quantities: chosen, shipping: v.shipping === true, reason: v.reason, restock };
    });
}

/** "Start again" beside a refund whose workflow did not start. */
export const restartRefundSchema = z.object({
  refundId: z.number({ error: 'That refund is not on this page any more; reload it' }).int().positive(),
});

/** The order emails an admin may send again (which ones apply depends on the order: server/admin/admin-actions.server.ts). */
export const RESENDABLE_EMAILS = ['order-confirmation', 'order-cancelled', 'files-ready'] as const;
export type ResendableEmail = (typeof RESENDABLE_EMAILS)[number];

export const resendEmailSchema = z
  .object({
    email: z.enum(RESENDABLE_EMAILS, { error: 'Choose an email to resend' }),
    /** The order's email count when the page was loaded: a double submit repeats it and sends once. */
    key: z.string().optional(),
  })
  .superRefine(
    (v, ctx) => {
      // A hidden field: nothing the admin can correct by it, so the problem is the form's.
      if (!/^\d{1,6}$/.test(v.key ?? '')) ctx.addIssue({ code: 'custom', message: 'The form is out of date; reload the page' });
    },
    { when: () => true },
  );

/** Make an order's files again: one item, or all of them. */
export const rerenderSchema = z
  .object({
    itemId: z
      .string()
      .regex(/^(all|\d{1,9})$/, 'Choose an item or all items')
      .default('all'),
  })
  .transform(({ itemId }) => ({ itemIds: itemId === 'all' ? undefined : [Number(itemId)] }));
