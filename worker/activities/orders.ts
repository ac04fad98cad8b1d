// Orders in PostgreSQL: every activity here is idempotent by order number (or event id).
import { ApplicationFailure } from '@temporalio/activity';
import { LockMode, type MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { formatMoney } from '#core/money.ts';
import { priceCart } from '#core/pricing.ts';
import { Cart } from '#db/entities/cart.ts';
import { Order, OrderEvent, OrderItem, type ShippingAddress } from '#db/entities/order.ts';
import { User } from '#db/entities/user.ts';
import { WebhookEvent } from '#db/entities/webhook-event.ts';
import { redeemPromoCode } from './promotions';
import { signalCampaignEvent } from '#app/utils/campaigns.server.ts';
import { customerEmailSearch } from '#app/utils/customer-email-search.server.ts';
import type { Env } from '#app/utils/env.server.ts';
import type { CheckoutActivities, PaidOrderSummary, PendingOrderSummary } from './types';

export interface OrderDeps {
  orm: MikroORM;
  env: Env;
}

/** Appends an order event once: a retried activity writes the same dedupe key and nothing happens. */
export async function appendOrderEvent(
  em: EntityManager,
  order: Order,
  type: string,
  message: string,
  data: Record<string, unknown> | null,
  dedupeKey: string,
): Promise<void> {
  await em
    .createQueryBuilder(OrderEvent)
    .insert({ order: order.id, type, message, data, dedupeKey, createdAt: new Date(), updatedAt: new Date() })
    .onConflict('dedupe_key')
    .ignore()
    .execute();
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
  customer_details?: { email?: string | null; name?: string | null } | null;
  customer_email?: string | null;
  payment_intent?: string | { id: string } | null;
  shipping_cost?: { amount_total?: number; shipping_rate?: string | { id: string; display_name?: string } | null } | null;
  shipping_details?: { name?: string | null; address?: Record<string, string | null> | null } | null;
  collected_information?: { shipping_details?: { name?: string | null; address?: Record<string, string | null> | null } | null } | null;
  discounts?: Array<{ promotion_code?: string | { id: string; code?: string } | null }> | null;
}

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === 'string' ? v : v.id;

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

export function createOrderActivities({ orm, env }: OrderDeps): Pick<
  CheckoutActivities,
  | 'createPendingOrder'
  | 'markOrderPaid'
  | 'cancelOrder'
  | 'recordPaymentFailure'
  | 'linkOrderToCustomer'
  | 'recordShipment'
  | 'recordDelivery'
  | 'recordFulfillmentEvent'
> {
  const summary = (order: Order): PendingOrderSummary => ({
    orderNumber: order.orderNumber,
    status: order.status,
    total: order.total,
    currency: order.currency,
    email: order.email,
    emailSearch: customerEmailSearch(order.email, env),
    itemCount: order.items.getItems().reduce((n, i) => n + i.quantity, 0),
  });

  return {
    async createPendingOrder({ orderNumber, cartId, customerId, email }) {
      const em = orm.em.fork();
      const existing = await em.findOne(Order, { orderNumber }, { populate: ['items'] });
      if (existing) return summary(existing);

      return em.transactional(async (tx) => {
        // Lock the cart row alone (FOR UPDATE cannot reach the outer-joined items), then load its lines.
        const cart = await tx.findOne(Cart, { id: cartId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!cart) throw ApplicationFailure.nonRetryable(`cart ${cartId} does not exist`, 'CartNotFound');
        await tx.populate(cart, ['items.variant.product']);
        const lines = cart.items.getItems();
        if (lines.length === 0) throw ApplicationFailure.nonRetryable('the cart is empty', 'EmptyCart');
        const unavailable = lines.find((l) => !l.variant.active || !l.variant.product.active);
        if (unavailable) {
          throw ApplicationFailure.nonRetryable(`${unavailable.variant.product.title} is no longer available`, 'Unavailable');
        }
        const totals = priceCart(
          lines.map((l) => ({ unitPrice: l.variant.price, quantity: l.quantity, format: l.variant.format })),
          env.SHOP_CURRENCY,
          { flatRate: env.SHIPPING_FLAT_RATE, freeFrom: env.SHIPPING_FREE_FROM },
        );
        const order = new Order({ orderNumber, fulfilmentType: totals.fulfilmentType ?? 'digital', currency: env.SHOP_CURRENCY });
        order.cartId = cart.id;
        order.customer = customerId ? tx.getReference(User, customerId) : cart.user;
        order.email = email ?? cart.email ?? null;
        order.subtotal = totals.subtotal;
        order.shipping = totals.shipping;
        order.total = totals.total;
        for (const line of lines) {
          const item = new OrderItem({
            order,
            sku: line.variant.sku,
            productTitle: line.variant.product.title,
            variantTitle: line.variant.title,
            format: line.variant.format,
            unitPrice: line.variant.price,
            quantity: line.quantity,
          });
          item.variantId = line.variant.id;
          item.printSize = line.variant.printSize;
          item.personalisation = line.personalisation;
          order.items.add(item);
        }
        tx.persist(order);
        await tx.flush();
        await appendOrderEvent(tx, order, 'created', `Order created for ${formatMoney(order.total, order.currency)}`, { itemCount: totals.itemCount }, `${orderNumber}:created`);
        return summary(order);
      });
    },

    async recordPaymentFailure({ orderNumber, eventId }) {
      const em = orm.em.fork();
      const order = await em.findOneOrFail(Order, { orderNumber });
      const event = await em.findOne(WebhookEvent, { provider: 'stripe', eventId });
      const pi = (event?.payload as { data?: { object?: { last_payment_error?: { message?: string } } } } | undefined)?.data?.object;
      const why = pi?.last_payment_error?.message ?? 'the payment was declined';
      await appendOrderEvent(em, order, 'payment_failed', `Payment attempt failed: ${why}`, { eventId }, `${orderNumber}:payment_failed:${eventId}`);
    },

    async markOrderPaid({ orderNumber, eventId }): Promise<PaidOrderSummary> {
      const em = orm.em.fork();
      const event = await em.findOne(WebhookEvent, { provider: 'stripe', eventId });
      if (!event) throw ApplicationFailure.nonRetryable(`webhook event ${eventId} is not recorded`, 'EventMissing');
      const session = (event.payload as { data?: { object?: StripeSessionLike } }).data?.object ?? {};
      const ref = session.client_reference_id ?? session.metadata?.orderNumber;
      if (ref !== orderNumber) {
        throw ApplicationFailure.nonRetryable(`event ${eventId} belongs to ${ref}, not ${orderNumber}`, 'EventMismatch');
      }

      return em.transactional(async (tx) => {
        const order = await tx.findOneOrFail(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        await tx.populate(order, ['items']);
        const formats = order.items.getItems().map((i) => i.format);
        const result = () => ({
          orderNumber,
          email: order.email,
          emailSearch: customerEmailSearch(order.email, env),
          total: order.total,
          totalFormatted: formatMoney(order.total, order.currency),
          hasPhysical: formats.some((f) => f !== 'digital'),
          hasDigital: formats.some((f) => f !== 'physical'),
        });
        if (order.paidAt) return result();
        if (order.status === 'cancelled') {
          // Money arrived for an order we had given up on: Stripe is the truth, so the order is paid after all.
          await appendOrderEvent(tx, order, 'reopened', 'Payment arrived after the order was cancelled; order reinstated', { eventId }, `${orderNumber}:reopened`);
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
          await tx.nativeUpdate(Cart, { id: order.cartId, checkoutOrderNumber: orderNumber }, { status: 'checked_out' });
        }
        await tx.flush();
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
        await appendOrderEvent(tx, order, 'paid', `Paid ${formatMoney(order.total, order.currency)}`, { eventId, paymentIntent: order.stripePaymentIntentId }, `${orderNumber}:paid`);
        return result();
      });
    },

    async linkOrderToCustomer({ orderNumber }) {
      const em = orm.em.fork();
      return em.transactional(async (tx) => {
        const order = await tx.findOneOrFail(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (order.customer) return { customerId: order.customer.id, created: false };
        if (!order.email || !order.paidAt) return { customerId: null, created: false };
        // The account with this email, created when missing (no email for that beyond the confirmation).
        const inserted = await tx
          .createQueryBuilder(User)
          .insert({ email: order.email, role: 'customer', createdAt: new Date(), updatedAt: new Date() })
          .onConflict('email')
          .ignore()
          .execute('run');
        const customer = await tx.findOneOrFail(User, { email: order.email }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        order.customer = customer;
        customer.totalSpent += order.total;
        customer.orderCount += 1;
        if (!customer.lastOrderAt || (order.paidAt && order.paidAt > customer.lastOrderAt)) customer.lastOrderAt = order.paidAt;
        await tx.flush();
        const created = inserted.affectedRows > 0;
        await appendOrderEvent(
          tx,
          order,
          'linked',
          created ? `Guest order: account created for ${order.email}` : `Guest order linked to the account of ${order.email}`,
          { customerId: customer.id, created },
          `${orderNumber}:linked`,
        );
        return { customerId: customer.id, created };
      });
    },

    async recordShipment({ orderNumber, shipment, by }) {
      const em = orm.em.fork();
      return em.transactional(async (tx) => {
        const order = await tx.findOneOrFail(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!order.shippedAt) {
          order.carrier = shipment.carrier;
          order.trackingNumber = shipment.trackingNumber;
          order.trackingUrl = shipment.trackingUrl;
          order.shippedAt = new Date();
          await tx.flush();
        }
        await appendOrderEvent(
          tx,
          order,
          'shipped',
          `Shipped with ${order.carrier}, tracking ${order.trackingNumber}`,
          { carrier: order.carrier, trackingNumber: order.trackingNumber, trackingUrl: order.trackingUrl, adminEmail: by },
          `${orderNumber}:shipped`,
        );
        return { shippedAt: order.shippedAt!.toISOString() };
      });
    },

    async recordDelivery({ orderNumber, how }) {
      const em = orm.em.fork();
      await em.transactional(async (tx) => {
        const order = await tx.findOneOrFail(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!order.deliveredAt) {
          order.deliveredAt = new Date();
          if (order.status === 'paid') order.status = 'fulfilled';
          await tx.flush();
        }
        await appendOrderEvent(tx, order, 'delivered', how === 'admin' ? 'Marked delivered' : 'Assumed delivered (no problem reported in time)', { how }, `${orderNumber}:delivered`);
      });
      // The post-purchase campaign waits for this parcel before asking for a review (a repeat signal changes nothing).
      const order = await em.findOneOrFail(Order, { orderNumber }, { fields: ['customer'] });
      if (order.customer) await signalCampaignEvent('post-purchase', order.customer.id, { event: 'delivered', orderNumber });
    },

    async recordFulfillmentEvent({ orderNumber, type, message }) {
      const em = orm.em.fork();
      const order = await em.findOneOrFail(Order, { orderNumber });
      await appendOrderEvent(em, order, type, message, null, `${orderNumber}:${type}`);
    },

    async cancelOrder({ orderNumber, reason }) {
      const em = orm.em.fork();
      return em.transactional(async (tx) => {
        const order = await tx.findOneOrFail(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (order.status !== 'pending') return { cancelled: order.status === 'cancelled', email: order.email };
        order.status = 'cancelled';
        order.cancelledAt = new Date();
        order.cancelReason = reason;
        if (order.cartId) {
          // The cart stays the customer's: the next checkout starts a new order.
          await tx.nativeUpdate(Cart, { id: order.cartId, checkoutOrderNumber: orderNumber }, { checkoutOrderNumber: null });
        }
        await tx.flush();
        await appendOrderEvent(tx, order, 'cancelled', `Cancelled: ${reason}`, null, `${orderNumber}:cancelled`);
        return { cancelled: true, email: order.email };
      });
    },
  };
}
