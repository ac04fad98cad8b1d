// The admin's stock form (/admin/stock): goods received (added to what is on hand), or a count of the shelf
// (what is on hand now, with why it differs).
import { z } from 'zod';

export const STOCK_REASON_MAX = 500;
export const STOCK_QUANTITY_MAX = 1_000_000;

const WHOLE = 'Enter a whole number';

export const stockChangeSchema = z
  .object({
    variantId: z.number({ error: 'Choose the item' }).int('Choose the item').positive('Choose the item'),
    change: z.enum(['receive', 'count'], { error: 'Choose received or counted' }),
    quantity: z
      .number({ error: WHOLE })
      .int(WHOLE)
      .min(0, WHOLE)
      .max(STOCK_QUANTITY_MAX, `At most ${STOCK_QUANTITY_MAX.toLocaleString('en')}`),
    reason: z.string().trim().max(STOCK_REASON_MAX, 'At most 500 characters').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.change === 'receive' && v.quantity === 0) ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'Receive at least one' });
    if (v.change === 'count' && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say why the count changes (e.g. “stocktake”, “2 broken”)' });
  });

export type StockChange = z.output<typeof stockChangeSchema>;
