// The admin order page's "Correct the invoice" form: the buyer as the corrected invoice names them, and why. The
// lines, amounts, email and country stay those of the invoice (server/invoices/correct-invoice.server.ts).
import { z } from 'zod';

export const BUYER_NAME_MAX = 200;
export const BUYER_ADDRESS_LINES_MAX = 8;
export const BUYER_ADDRESS_LINE_MAX = 200;
export const CORRECTION_REASON_MAX = 500;

/** The buyer's details a correction changes. */
export interface InvoiceBuyerCorrection {
  name: string;
  /** Address lines, printed one per line. */
  address: string[];
  vatNumber: string | null;
}

/** The address textarea's lines: trimmed, the empty ones dropped. */
export const addressLinesOf = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

const NAME = 'Enter the buyer’s name';
const REASON = 'Say why the invoice is corrected (it is printed on the credit note)';
const VAT_NUMBER = 'Enter a VAT number such as DE123456789, or leave it empty';

export const invoiceCorrectionSchema = z
  .object({
    name: z.string({ error: NAME }).trim().min(1, NAME).max(BUYER_NAME_MAX, 'The name can be at most 200 characters'),
    address: z
      .string()
      .optional()
      .superRefine((text, ctx) => {
        const lines = addressLinesOf(text);
        if (lines.length > BUYER_ADDRESS_LINES_MAX) ctx.addIssue({ code: 'custom', message: 'The address can have at most 8 lines' });
        else if (lines.some((l) => l.length > BUYER_ADDRESS_LINE_MAX))
          ctx.addIssue({ code: 'custom', message: 'An address line can be at most 200 characters' });
      }),
    vatNumber: z
      .string()
      .optional()
      .transform((v) => (v ?? '').replace(/[\s.-]/g, '').toUpperCase())
      .refine((v) => v === '' || /^[A-Z]{2}[A-Z0-9+*]{2,13}$/.test(v), VAT_NUMBER),
    reason: z.string({ error: REASON }).trim().min(1, REASON).max(CORRECTION_REASON_MAX, 'The reason can be at most 500 characters'),
  })
  .transform((v): { buyer: InvoiceBuyerCorrection; reason: string } => ({
    buyer: { name: v.name, address: addressLinesOf(v.address), vatNumber: v.vatNumber || null },
    reason: v.reason,
  }));
