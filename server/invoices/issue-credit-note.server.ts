// The credit note of a succeeded refund: numbered from the gapless CN series, referring to the order's current invoice (issued
// first if the order has none yet) and reversing what the refund gave back (core/invoice-credit.ts). One per refund
// (refund_id is unique); a retry returns the same number and only stores the PDF if that is what is missing.
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { CreditNoteError, creditNoteAmounts } from '#core/invoice-credit.ts';
import { INVOICE_SERIES } from '#core/invoice-number.ts';
import { formatMoney } from '#core/money.ts';
import { Invoice } from '#db/entities/invoice.ts';
import { Order } from '#db/entities/order.ts';
import { Refund } from '#db/entities/refund.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';
import { sellerParty } from '#server/tax/tax-settings.server.ts';
import { takeInvoiceNumber } from './invoice-numbers.server.ts';
import { storeInvoicePdf } from './invoice-store.server.ts';
import { issueInvoice } from './issue-invoice.server.ts';

type Deps = Pick<ServerDeps, 'orm' | 'env'>;

/** The refund's credit note, or null when the refund did not succeed (nothing was given back). */
export async function issueCreditNote(deps: Deps, { refundId }: { refundId: number }): Promise<{ number: string; pdfKey: string } | null> {
  const em = deps.orm.em.fork();
  const refund = await em.findOne(Refund, refundId, { populate: ['order'] });
  if (!refund) throw new PermanentError(`No refund ${refundId}`, 'NoSuchRefund');
  if (refund.status !== 'succeeded') return null;
  const issued = await em.findOne(Invoice, { kind: 'credit_note', refundId });
  if (issued) return storeInvoicePdf(deps, issued.id);
  // An order paid before invoices existed gets its invoice now, so the credit note has one to refer to.
  await issueInvoice(deps, { orderNumber: refund.order.orderNumber });
  return storeInvoicePdf(deps, await numberCreditNote(deps, refundId, refund.order.id));
}

/** Inserts the credit note with the next number, under the order's row lock (so earlier notes are all seen); returns its id. */
async function numberCreditNote({ orm, env }: Deps, refundId: number, orderId: number): Promise<number> {
  try {
    return await orm.em.fork().transactional(async (tx) => {
      const order = await tx.findOneOrFail(Order, orderId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const issued = await tx.findOne(Invoice, { kind: 'credit_note', refundId });
      if (issued) return issued.id;
      const refund = await tx.findOneOrFail(Refund, refundId);
      const invoice = await tx.findOneOrFail(Invoice, { kind: 'invoice', correctedBy: null, order: order.id });
      if (refund.currency.toLowerCase() !== invoice.currency.toLowerCase()) {
        throw new PermanentError(
          `Refund ${refundId} is in ${refund.currency}, its invoice ${invoice.number} in ${invoice.currency}`,
          'CreditCurrencyMismatch',
        );
      }
      const earlier = await tx.find(Invoice, { kind: 'credit_note', creditedInvoice: invoice.id }, { orderBy: { id: 'asc' } });
      let amounts: ReturnType<typeof creditNoteAmounts>;
      try {
        amounts = creditNoteAmounts(
          invoice.lines,
          earlier.map((e) => e.lines),
          { amount: refund.amount, lines: refund.lines, includesShipping: refund.includesShipping },
        );
      } catch (err) {
        if (err instanceof CreditNoteError)
          throw new PermanentError(`Refund ${refundId} of ${order.orderNumber} (invoice ${invoice.number}): ${err.message}`, err.type);
        throw err;
      }
      if (amounts.gross !== refund.amount) {
        const money = (n: number) => formatMoney(n, invoice.currency);
        throw new PermanentError(
          `Refund ${refundId}: the credit note comes to ${money(amounts.gross)}, not the ${money(refund.amount)} refunded`,
          'CreditTotalMismatch',
        );
      }
      const issuedAt = new Date();
      const { number, year, sequence } = await takeInvoiceNumber(tx, INVOICE_SERIES.credit_note, issuedAt.getUTCFullYear());
      const note = new Invoice({
        number,
        kind: 'credit_note',
        year,
        sequence,
        order,
        issuedAt,
        currency: invoice.currency,
        taxBehavior: invoice.taxBehavior,
        seller: sellerParty(env),
        buyer: invoice.buyer,
        lines: amounts.lines,
        rates: amounts.rates,
        net: amounts.net,
        tax: amounts.tax,
        gross: amounts.gross,
      });
      note.refundId = refundId;
      note.creditedInvoice = invoice;
      note.taxCountry = invoice.taxCountry;
      tx.persist(note);
      await tx.flush();
      await appendOrderEvent(
        tx,
        order,
        'credit_note_issued',
        `Credit note ${number} issued for refund ${refundId} (invoice ${invoice.number})`,
        { number, refundId, invoice: invoice.number },
        `${order.orderNumber}:credit-note:${refundId}`,
      );
      return note.id;
    });
  } catch (err) {
    // Another issuer committed this refund's credit note first (refund_id is unique): that one is the credit note.
    if (err instanceof UniqueConstraintViolationException) {
      const won = await orm.em.fork().findOne(Invoice, { kind: 'credit_note', refundId });
      if (won) return won.id;
    }
    throw err;
  }
}
