// Correcting the buyer of an order's invoice. An invoice is never edited: the correction is a credit note (series CN)
// cancelling the whole invoice, with the admin's reason, and a new invoice (series INV) with the same lines and amounts
// and the corrected buyer. Both are numbered in one transaction under the order's row lock, the old invoice names the
// new one (corrected_by) and the new one becomes the order's current invoice; the PDFs are stored once it has committed.
// An invoice that refunds already credited (or will) is not corrected here: its credit notes would refer to it.
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { INVOICE_SERIES } from '#core/invoice-number.ts';
import type { InvoiceBuyerCorrection } from '#core/schemas/invoice-correction.ts';
import { Invoice } from '#db/entities/invoice.ts';
import { Order } from '#db/entities/order.ts';
import { Refund } from '#db/entities/refund.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { logger } from '#server/log.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';
import { takeInvoiceNumber } from './invoice-numbers.server.ts';
import { storeInvoicePdf } from './invoice-store.server.ts';

type Deps = Pick<ServerDeps, 'orm' | 'env'>;

export interface CorrectInvoiceRequest {
  orderNumber: string;
  buyer: InvoiceBuyerCorrection;
  reason: string;
  adminId: number;
  /** Who corrected it, as the timeline names them. */
  adminEmail?: string;
}

export type CorrectInvoiceResult =
  { ok: true; message: string; creditNote: string; invoice: string; pdfsStored: boolean } | { ok: false; message: string };

const sameBuyer = (a: InvoiceBuyerCorrection, b: InvoiceBuyerCorrection) =>
  a.name === b.name && a.vatNumber === b.vatNumber && a.address.join('\n') === b.address.join('\n');

export async function correctInvoice(deps: Deps, req: CorrectInvoiceRequest): Promise<CorrectInvoiceResult> {
  const r = await numberCorrection(deps, req);
  if (!r.ok) return r;
  let pdfsStored = true;
  try {
    await storeInvoicePdf(deps, r.creditNoteId);
    await storeInvoicePdf(deps, r.invoiceId);
  } catch (err) {
    // The documents are issued; their PDFs show as "being prepared" until stored (storeInvoicePdf again).
    logger.error({ err, orderNumber: req.orderNumber }, `storing the PDFs of ${r.creditNote} and ${r.invoice} failed`);
    pdfsStored = false;
  }
  const message =
    `Invoice ${r.corrected} corrected: credit note ${r.creditNote} cancels it, invoice ${r.invoice} replaces it.` +
    (pdfsStored ? '' : ' Their PDFs could not be stored yet.');
  return { ok: true, message, creditNote: r.creditNote, invoice: r.invoice, pdfsStored };
}

type Numbered =
  | { ok: true; corrected: string; creditNote: string; creditNoteId: number; invoice: string; invoiceId: number }
  | { ok: false; message: string };

/** The order's current invoice when it may be corrected here, or why not. */
export async function correctionCheck(
  em: EntityManager,
  orderId: number,
): Promise<{ ok: true; invoice: Invoice } | { ok: false; message: string }> {
  const invoice = await em.findOne(Invoice, { kind: 'invoice', correctedBy: null, order: orderId });
  if (!invoice) return { ok: false, message: 'This order has no invoice to correct.' };
  const credited = await em.count(Invoice, { kind: 'credit_note', creditedInvoice: invoice.id });
  const refunds = await em.count(Refund, { order: orderId, status: { $nin: ['failed', 'canceled'] } });
  if (credited > 0 || refunds > 0) return { ok: false, message: "This order has refunds; correct it with a refund's credit note instead." };
  return { ok: true, invoice };
}

async function numberCorrection({ orm }: Deps, req: CorrectInvoiceRequest): Promise<Numbered> {
  return orm.em.fork().transactional(async (tx): Promise<Numbered> => {
    const order = await tx.findOne(Order, { orderNumber: req.orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order) return { ok: false, message: `No order ${req.orderNumber}` };
    const check = await correctionCheck(tx, order.id);
    if (!check.ok) return check;
    const old = check.invoice;
    if (sameBuyer(req.buyer, { name: old.buyer.name, address: old.buyer.address, vatNumber: old.buyer.vatNumber })) {
      return { ok: false, message: `The buyer is the same as on invoice ${old.number}: there is nothing to correct.` };
    }

    const issuedAt = new Date();
    const year = issuedAt.getUTCFullYear();
    const same = {
      order,
      issuedAt,
      currency: old.currency,
      taxBehavior: old.taxBehavior,
      seller: old.seller,
      lines: old.lines,
      rates: old.rates,
      net: old.net,
      tax: old.tax,
      gross: old.gross,
    };
    const cn = await takeInvoiceNumber(tx, INVOICE_SERIES.credit_note, year);
    const note = new Invoice({ ...same, ...cn, kind: 'credit_note', buyer: old.buyer });
    note.creditedInvoice = old;
    note.taxCountry = old.taxCountry;
    note.reason = req.reason;
    tx.persist(note);
    await tx.flush();
    const inv = await takeInvoiceNumber(tx, INVOICE_SERIES.invoice, year);
    const buyer = { ...req.buyer, country: old.buyer.country, email: old.buyer.email ?? null };
    const replacement = new Invoice({ ...same, ...inv, kind: 'invoice', buyer });
    replacement.taxCountry = old.taxCountry;
    // The old invoice names its replacement, and so stops being current, before the replacement is inserted
    // (invoices_one_current_per_order); the foreign key is checked at commit.
    const { id } = await tx.execute<{ id: number }>(`select nextval(pg_get_serial_sequence('invoices', 'id'))::int as id`, [], 'get');
    replacement.id = Number(id);
    await tx.nativeUpdate(Invoice, { id: old.id }, { correctedBy: replacement.id, updatedAt: issuedAt });
    tx.persist(replacement);
    await tx.flush();
    await appendOrderEvent(
      tx,
      order,
      'invoice_corrected',
      `Invoice ${old.number} corrected: credit note ${note.number} cancels it, invoice ${replacement.number} replaces it (${req.reason})`,
      {
        invoice: old.number,
        creditNote: note.number,
        replacement: replacement.number,
        adminId: req.adminId,
        adminEmail: req.adminEmail ?? null,
      },
      `${order.orderNumber}:invoice-corrected:${old.number}`,
    );
    return {
      ok: true,
      corrected: old.number,
      creditNote: note.number,
      creditNoteId: note.id,
      invoice: replacement.number,
      invoiceId: replacement.id,
    };
  });
}
