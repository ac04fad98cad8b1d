// The admin's stock forms (/admin/stock): goods received (added to what is on hand), or a count of the shelf
// (what is on hand now, with why it differs); and a CSV file of shelf counts (core/stock-csv.ts reads it).
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

export const STOCK_IMPORT_MAX_BYTES = 1024 * 1024;
export const STOCK_IMPORT_MAX_ROWS = 5000;
export const STOCK_IMPORT_TOO_LARGE = 'The file is larger than 1 MB: split it into smaller files';

/** The import form: one CSV file (its rows are checked on the server, against the catalogue). */
export const stockImportSchema = z.object({
  file: z.file({ error: 'Choose a CSV file' }).min(1, 'The file is empty').max(STOCK_IMPORT_MAX_BYTES, STOCK_IMPORT_TOO_LARGE),
});
