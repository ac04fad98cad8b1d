// The VAT of a paid order per line and on shipping, as its payment page worked it out: in Stripe mode Stripe Tax's
// figures from the session's line items and shipping cost, in local mode the breakdown the stand-in fixed at payment
// (docs/decisions/057-tax-model.md). Invoices and the order's pages read these figures; they are never recomputed.
import type { EntityManager } from '@mikro-orm/postgresql';
import type Stripe from 'stripe';
import { computeTax, type TaxBehavior } from '#core/tax.ts';
import { LocalCheckoutSession } from '#db/entities/local-checkout-session.ts';
import { Order, type OrderItem } from '#db/entities/order.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { logger } from '#server/log.server.ts';
import { taxSettings } from '#server/tax/tax-settings.server.ts';
import { sessionTaxInput } from './local-session-tax.server.ts';

interface LineTax {
  item: OrderItem;
  /** Basis points. */
  rate: number;
  discount: number;
  tax: number;
  net: number;
}

interface TaxFigures {
  lines: LineTax[];
  shipping: { rate: number | null; tax: number };
}

/** A line's figures from its amount before discount, its discount and its VAT: the net is what remains without VAT. */
function lineTax(item: OrderItem, amount: number, discount: number, tax: number, rate: number, behavior: TaxBehavior): LineTax {
  const afterDiscount = amount - discount;
  return { item, rate, discount, tax, net: behavior === 'exclusive' ? afterDiscount : afterDiscount - tax };
}

/** Stripe's rate (a percentage, e.g. 19 or 5.5) in basis points; the sum where several taxes apply. */
const basisPoints = (taxes: ReadonlyArray<{ rate: string | Stripe.TaxRate }> | undefined): number =>
  Math.round((taxes ?? []).reduce((sum, t) => sum + (typeof t.rate === 'string' ? 0 : t.rate.percentage), 0) * 100);

/** Stripe mode: the session's line items come in the order they were created from, the order's items by id. */
async function fromStripe(stripe: Stripe, order: Order, items: OrderItem[], behavior: TaxBehavior): Promise<TaxFigures> {
  const sessionId = order.stripeCheckoutSessionId;
  if (!sessionId) throw new PermanentError(`order ${order.orderNumber} has no checkout session`, 'NoSession');
  const lineItems = await stripe.checkout.sessions
    .listLineItems(sessionId, { expand: ['data.taxes'], limit: 100 })
    .autoPagingToArray({ limit: 10_000 });
  if (lineItems.length !== items.length) {
    throw new PermanentError(
      `session ${sessionId} has ${lineItems.length} line items, order ${order.orderNumber} ${items.length} items`,
      'LineItemsMismatch',
    );
  }
  // Line items that are not the order's items (another session's, or a test server's fixtures) are not recorded.
  const stranger = items.findIndex(
    (item, i) => lineItems[i]!.amount_subtotal !== item.lineTotal || lineItems[i]!.quantity !== item.quantity,
  );
  if (stranger >= 0) {
    const li = lineItems[stranger]!;
    const item = items[stranger]!;
    throw new PermanentError(
      `line item ${li.id} of session ${sessionId} (${li.quantity} for ${li.amount_subtotal}) is not order item ${item.id} (${item.quantity} for ${item.lineTotal})`,
      'LineItemsMismatch',
    );
  }
  const lines = items.map((item, i) => {
    const li = lineItems[i]!;
    return lineTax(item, li.amount_subtotal, li.amount_discount, li.amount_tax, basisPoints(li.taxes), behavior);
  });
  if (order.fulfilmentType === 'digital') return { lines, shipping: { rate: null, tax: 0 } };
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const cost = session.shipping_cost;
  return { lines, shipping: { rate: cost ? basisPoints(cost.taxes) : null, tax: cost?.amount_tax ?? 0 } };
}

/**
 * Local mode: the breakdown the stand-in fixed when it was paid, its lines matched to the order's items by id. A
 * session completed otherwise (no breakdown fixed) gets the calculator's figures for the order's country, or none
 * when the payment reported no VAT.
 */
async function fromLocalSession(em: EntityManager, order: Order, items: OrderItem[]): Promise<TaxFigures> {
  const session = await em.findOne(LocalCheckoutSession, { orderNumber: order.orderNumber });
  if (!session) throw new PermanentError(`order ${order.orderNumber} has no local checkout session`, 'NoSession');
  const breakdown =
    session.tax ?? computeTax({ ...sessionTaxInput(session), country: order.taxCountry, enabled: session.taxEnabled && order.tax !== 0 });
  if (!session.tax)
    logger.warn({ orderNumber: order.orderNumber }, `${order.orderNumber}: its local session fixed no VAT; worked out again`);
  if (breakdown.lines.length !== items.length || session.lines.length !== items.length) {
    throw new PermanentError(
      `session ${session.sessionId} has ${breakdown.lines.length} taxed lines, order ${order.orderNumber} ${items.length} items`,
      'LineItemsMismatch',
    );
  }
  const byId = new Map(items.map((item) => [item.id, item]));
  const lines = breakdown.lines.map((line, i) => {
    // Sessions made before lines named their order item follow the items' order, as Stripe's line items do.
    const item = byId.get(session.lines[i]!.orderItemId ?? -1) ?? items[i]!;
    return lineTax(item, line.amount, line.discount, line.tax, line.rate, breakdown.behavior);
  });
  const shipped = session.shippingRates.length > 0;
  return { lines, shipping: { rate: shipped ? breakdown.shipping.rate : null, tax: breakdown.shipping.tax } };
}

/**
 * Writes each item's rate, discount share, VAT and net, and the shipping's VAT and rate, on the paid order. Idempotent:
 * a second run writes the same figures. Their sum is the order's tax (Stripe's `total_details.amount_tax`, or the
 * stand-in's); where Stripe's per-line figures do not add up to it, they are kept as Stripe gave them and a warning
 * logged.
 */
export async function recordOrderTaxes(
  { orm, env, stripe }: Pick<ServerDeps, 'orm' | 'env' | 'stripe'>,
  { orderNumber }: { orderNumber: string },
): Promise<{ tax: number; country: string | null }> {
  const em = orm.em.fork();
  const order = await em.findOneOrFail(Order, { orderNumber }, { populate: ['items'] });
  if (!order.paidAt) throw new PermanentError(`order ${orderNumber} is not paid`, 'NotPaid');
  const items = order.items.getItems();
  const behavior = order.taxBehavior ?? taxSettings(env).behavior;
  const figures = stripe ? await fromStripe(stripe, order, items, behavior) : await fromLocalSession(em, order, items);
  for (const line of figures.lines) {
    line.item.taxRate = line.rate;
    line.item.discountAmount = line.discount;
    line.item.taxAmount = line.tax;
    line.item.netAmount = line.net;
  }
  order.shippingTax = figures.shipping.tax;
  order.shippingTaxRate = figures.shipping.rate;
  order.taxBehavior ??= behavior;
  await em.flush();
  const sum = figures.lines.reduce((s, l) => s + l.tax, 0) + figures.shipping.tax;
  if (sum !== order.tax) {
    logger.warn(
      { orderNumber, lineTaxes: sum, orderTax: order.tax },
      `${orderNumber}: the VAT per line and on shipping adds up to ${sum}, the order's VAT is ${order.tax}; recorded as the payment page gave them`,
    );
  }
  return { tax: order.tax, country: order.taxCountry };
}
