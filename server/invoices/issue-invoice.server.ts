// The invoice of a paid order: numbered from the gapless INV series in the transaction that inserts it, its lines
// taken from the VAT the order recorded, its PDF stored once that transaction has committed. Idempotent: a retry finds
// the invoice (same number) and only stores the PDF if that is what is missing. A corrected order's invoice is the
// current one (correct-invoice.server.ts).
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { formatMoney } from '#core/money.ts';
import { invoiceBuyer } from '#core/invoice-buyer.ts';
import { invoiceAmountsOf } from '#core/invoice-lines.ts';
import { INVOICE_SERIES } from '#core/invoice-number.ts';
import { Invoice } from '#db/entities/invoice.ts';
import { Order } from '#db/entities/order.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';
import { sellerParty, taxSettings } from '#server/tax/tax-settings.server.ts';
import { takeInvoiceNumber } from './invoice-numbers.server.ts';
import { storeInvoicePdf } from './invoice-store.server.ts';

type Deps = Pick<ServerDeps, 'orm' | 'env'>;

export async function issueInvoice(deps: Deps, { orderNumber }: { orderNumber: string }): Promise<{ number: string; pdfKey: string }> {
  const issued = await deps.orm.em.fork().findOne(Invoice, { kind: 'invoice', correctedBy: null, order: { orderNumber } });
  return storeInvoicePdf(deps, issued?.id ?? (await numberInvoice(deps, orderNumber)));
}

/** Inserts the order's invoice with the next number, under the order's row lock; returns its id. */
async function numberInvoice({ orm, env }: Deps, orderNumber: string): Promise<number> {
  try {
    return await orm.em.fork().transactional(async (tx) => {
      const order = await tx.findOne(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!order) throw new PermanentError(`No order ${orderNumber}`, 'NoSuchOrder');
      const issued = await tx.findOne(Invoice, { kind: 'invoice', correctedBy: null, order: order.id });
      if (issued) return issued.id;
      if (!order.paidAt) throw new PermanentError(`Order ${orderNumber} is not paid: it gets its invoice once paid`, 'OrderNotPaid');
      await tx.populate(order, ['items']);
      const taxBehavior = order.taxBehavior ?? taxSettings(env).behavior;
      const amounts = invoiceAmountsOf({
        taxBehavior,
        discount: order.discount,
        shipping: order.shipping,
        shippingTax: order.shippingTax,
        shippingTaxRate: order.shippingTaxRate,
        total: order.total,
        items: order.items.getItems(),
      });
      const money = (n: number) => formatMoney(n, order.currency);
      if (amounts.gross !== order.total || amounts.lines.some((l) => l.net < 0 || l.tax < 0)) {
        throw new PermanentError(
          `Order ${orderNumber}: its lines and shipping come to ${money(amounts.gross)} (net ${money(amounts.net)} + VAT ${money(amounts.tax)}), ` +
            `not the ${money(order.total)} paid, so its VAT was not recorded consistently; no invoice was issued`,
          'InvoiceTotalMismatch',
        );
      }
      const issuedAt = new Date();
      const { number, year, sequence } = await takeInvoiceNumber(tx, INVOICE_SERIES.invoice, issuedAt.getUTCFullYear());
      const invoice = new Invoice({
        number,
        kind: 'invoice',
        year,
        sequence,
        order,
        issuedAt,
        currency: order.currency,
        taxBehavior,
        seller: sellerParty(env),
        buyer: invoiceBuyer(order),
        ...amounts,
      });
      invoice.taxCountry = order.taxCountry ?? order.shippingAddress?.country ?? null;
      tx.persist(invoice);
      await tx.flush();
      await appendOrderEvent(tx, order, 'invoice_issued', `Invoice ${number} issued`, { number }, `${orderNumber}:invoice`);
      return invoice.id;
    });
  } catch (err) {
    // Another issuer committed this order's invoice first (invoices_one_current_per_order): that one is the invoice.
    if (err instanceof UniqueConstraintViolationException) {
      const won = await orm.em.fork().findOne(Invoice, { kind: 'invoice', correctedBy: null, order: { orderNumber } });
      if (won) return won.id;
    }
    throw err;
  }
}
