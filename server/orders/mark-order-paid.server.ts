import { LockMode } from '@mikro-orm/postgresql';
import { formatMoney } from '#core/money.ts';
import type { ShippingAddress } from '#core/order-status.ts';
import { Order } from '#db/entities/order.ts';
import { User } from '#db/entities/user.ts';
import { WebhookEvent } from '#db/entities/webhook-event.ts';
import { closePaidCart } from '#server/checkout/order-number-claim.server.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { sellStock } from '#server/catalog/stock.server.ts';
import { spendOrderPoints } from '#server/ledger/points-spending.server.ts';
import { redeemPromoCode } from '#server/promotions/redeem-promo-code.server.ts';
import { taxSettings } from '#server/tax/tax-settings.server.ts';
import { customerEmailSearch } from '#server/temporal/customer-email-search.server.ts';
import { appendOrderEvent } from './append-order-event.server.ts';

/** The order event that puts an oversold order on the admin's attention list. */
export const OVERSOLD_EVENT = 'oversold';

export interface PaidOrderSummary {
  orderNumber: string;
  /** Physical items to make and ship (starts fulfillment). Absent in histories recorded before it existed. */
  hasPhysical?: boolean;
  hasDigital?: boolean;
  /** Credit packs to grant once the order has its customer account. Absent in older histories. */
  grantsCredits?: boolean;
  email: string | null;
  /** The CustomerEmail search attribute's value (CUSTOMER_EMAIL_SEARCH: the email, its keyed hash, or null for none). Absent in older histories. */
  emailSearch?: string | null;
  total: number;
  totalFormatted: string;
}

interface StripeSessionLike {
  id?: string;
  client_reference_id?: string | null;
  metadata?: Record<string, string> | null;
  amount_subtotal?: number | null;
  amount_total?: number | null;
  currency?: string | null;
  total_details?: { amount_discount?: number; amount_shipping?: number | null; amount_tax?: number } | null;
  customer?: string | { id: string } | null;
  customer_details?: { email?: string | null; name?: string | null; address?: { country?: string | null } | null } | null;
  customer_email?: string | null;
  payment_intent?: string | { id: string } | null;
  shipping_cost?: { amount_total?: number; shipping_rate?: string | { id: string; display_name?: string } | null } | null;
  shipping_details?: { name?: string | null; address?: Record<string, string | null> | null } | null;
  collected_information?: { shipping_details?: { name?: string | null; address?: Record<string, string | null> | null } | null } | null;
  discounts?: Array<{ promotion_code?: string | { id: string; code?: string } | null }> | null;
}

const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === 'string' ? v : v.id);

/** A two-letter country code as Stripe writes them, or null. */
const countryCode = (v: string | null | undefined): string | null => (v && /^[A-Za-z]{2}$/.test(v) ? v.toUpperCase() : null);

function shippingAddressOf(session: StripeSessionLike): ShippingAddress | null {
  const details = session.collected_information?.shipping_details ?? session.shipping_details;
  if (!details?.address) return null;
  const a = details.address;
  return {
    name: details.name ?? null,
    line1: a.line1 ?? null,
    line2: a.line2 ?? null,
    city: a.city ?? null,
    postalCode: a.postal_code ?? null,
    state: a.state ?? null,
    country: a.country ?? null,
  };
}

/** What the checkout needs to know of a paid order: what follows payment (files to make, parcels, credit packs). */
export function paidOrderSummary(order: Order, env: DbDeps['env']): PaidOrderSummary {
  const items = order.items.getItems();
  return {
    orderNumber: order.orderNumber,
    email: order.email,
    emailSearch: customerEmailSearch(order.email, env),
    total: order.total,
    totalFormatted: formatMoney(order.total, order.currency),
    hasPhysical: items.some((i) => i.format !== 'digital'),
    // A credit pack has no file to make.
    hasDigital: items.some((i) => i.format !== 'physical' && !i.grantsCredits),
    grantsCredits: items.some((i) => (i.grantsCredits ?? 0) > 0),
  };
}

/**
 * Records the payment a Stripe event (recorded once in webhook_events) reports: amounts, customer, address,
 * promo redemption, customer stats, the cart closed. Idempotent: a paid order is returned as it is. Money
 * that arrives for a cancelled order reinstates it (Stripe is the truth).
 */
export async function markOrderPaid(
  { orm, env }: DbDeps,
  { orderNumber, eventId }: { orderNumber: string; eventId: string },
): Promise<PaidOrderSummary> {
  const em = orm.em.fork();
  const event = await em.findOne(WebhookEvent, { provider: 'stripe', eventId });
  if (!event) throw new PermanentError(`webhook event ${eventId} is not recorded`, 'EventMissing');
  const session = (event.payload as { data?: { object?: StripeSessionLike } }).data?.object ?? {};
  const ref = session.client_reference_id ?? session.metadata?.orderNumber;
  if (ref !== orderNumber) {
    throw new PermanentError(`event ${eventId} belongs to ${ref}, not ${orderNumber}`, 'EventMismatch');
  }

  return em.transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    await tx.populate(order, ['items']);
    const result = () => paidOrderSummary(order, env);
    if (order.paidAt) return result();
    if (order.status === 'cancelled') {
      // Money arrived for an order we had given up on: Stripe is the truth, so the order is paid after all.
      await appendOrderEvent(
        tx,
        order,
        'reopened',
        'Payment arrived after the order was cancelled; order reinstated',
        { eventId },
        `${orderNumber}:reopened`,
      );
      order.cancelledAt = null;
      order.cancelReason = null;
    }
    const details = session.total_details ?? {};
    order.status = 'paid';
    order.paidAt = new Date();
    if (session.amount_subtotal != null) order.subtotal = session.amount_subtotal;
    order.discount = details.amount_discount ?? 0;
    order.shipping = details.amount_shipping ?? session.shipping_cost?.amount_total ?? order.shipping;
    order.tax = details.amount_tax ?? 0;
    if (session.amount_total != null) order.total = session.amount_total;
    order.email = (session.customer_details?.email ?? session.customer_email ?? order.email)?.toLowerCase() ?? null;
    order.stripeCheckoutSessionId ??= session.id ?? null;
    order.stripePaymentIntentId = idOf(session.payment_intent);
    order.stripeCustomerId = idOf(session.customer);
    order.shippingAddress = shippingAddressOf(session);
    // Whose VAT applied: where the order ships, else the billing country (files only), as Stripe Tax decides.
    order.taxCountry = countryCode(order.shippingAddress?.country) ?? countryCode(session.customer_details?.address?.country);
    order.taxBehavior ??= taxSettings(env).behavior;
    const rate = session.shipping_cost?.shipping_rate;
    order.shippingMethod = rate && typeof rate !== 'string' ? (rate.display_name ?? null) : order.shippingMethod;
    const promo = session.discounts?.[0]?.promotion_code;
    order.promoCode = promo && typeof promo !== 'string' ? (promo.code ?? promo.id) : (promo ?? null);
    const promotionCodeId = idOf(promo);

    if (order.customer) {
      const customer = await tx.findOneOrFail(User, order.customer.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      customer.totalSpent += order.total;
      customer.orderCount += 1;
      customer.lastOrderAt = order.paidAt;
    }
    if (order.cartId) {
      await closePaidCart(tx, order.cartId, orderNumber);
    }
    const { oversold } = await sellStock(tx, order);
    await spendOrderPoints(tx, order);
    await tx.flush();
    if (oversold.length > 0) {
      // Honoured all the same (the customer paid); the admin sees it under "Needs attention".
      const short = oversold.reduce((n, o) => n + o.short, 0);
      await appendOrderEvent(
        tx,
        order,
        OVERSOLD_EVENT,
        `Oversold: paid after its stock was released, ${short} more than the shelf holds`,
        { oversold },
        `${orderNumber}:oversold`,
      );
    }
    if (promotionCodeId) {
      // Counted once per order (the redemption's order number is unique), under the code's row lock.
      const redeemed = await redeemPromoCode(tx, {
        where: { stripePromotionCodeId: promotionCodeId },
        orderNumber,
        customerId: order.customer?.id ?? null,
        email: order.email,
        subtotal: order.subtotal,
        currency: order.currency,
        discount: order.discount,
        enforce: false,
      });
      if (redeemed.ok) order.promoCode = redeemed.code;
      await tx.flush();
    }
    await appendOrderEvent(
      tx,
      order,
      'paid',
      `Paid ${formatMoney(order.total, order.currency)}`,
      { eventId, paymentIntent: order.stripePaymentIntentId },
      `${orderNumber}:paid`,
    );
    return result();
  });
}
