import { LockMode } from '@mikro-orm/postgresql';
import { formatMoney } from '#core/money.ts';
import type { OrderStatus } from '#core/order-status.ts';
import { priceCart } from '#core/pricing.ts';
import { Cart } from '#db/entities/cart.ts';
import { Order, OrderItem } from '#db/entities/order.ts';
import { User } from '#db/entities/user.ts';
import type { DbDeps } from '#server/deps.server.ts';
import type { Env } from '#server/env.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { reserveStock } from '#server/catalog/stock.server.ts';
import { creditsFor, reserveCredits } from '#server/ledger/credits.server.ts';
import { releaseEarlierCheckouts } from '#server/ledger/earlier-checkouts.server.ts';
import { reservePoints } from '#server/ledger/points-spending.server.ts';
import { taxSettings } from '#server/tax/tax-settings.server.ts';
import { customerEmailSearch } from '#server/temporal/customer-email-search.server.ts';
import { appendOrderEvent } from './append-order-event.server.ts';

export interface PendingOrderSummary {
  orderNumber: string;
  status: OrderStatus;
  total: number;
  currency: string;
  email: string | null;
  /** The CustomerEmail search attribute's value (CUSTOMER_EMAIL_SEARCH: the email, its keyed hash, or null for none). Absent in older histories. */
  emailSearch?: string | null;
  itemCount: number;
}

export interface CreatePendingOrderInput {
  orderNumber: string;
  cartId: number;
  customerId: number | null;
  email: string | null;
}

function summaryOf(order: Order, env: Env): PendingOrderSummary {
  return {
    orderNumber: order.orderNumber,
    status: order.status,
    total: order.total,
    currency: order.currency,
    email: order.email,
    emailSearch: customerEmailSearch(order.email, env),
    itemCount: order.items.getItems().reduce((n, i) => n + i.quantity, 0),
  };
}

/**
 * The pending order, priced on the server from the cart's lines under the cart's row lock. Idempotent by
 * order number: a second call returns the order the first made. The order reserves its tracked stock in the same
 * transaction. An empty, missing or unpurchasable cart, or too few left of an item, is a PermanentError and leaves
 * nothing behind.
 */
export async function createPendingOrder(
  { orm, env }: DbDeps,
  { orderNumber, cartId, customerId, email }: CreatePendingOrderInput,
): Promise<PendingOrderSummary> {
  const em = orm.em.fork();
  const existing = await em.findOne(Order, { orderNumber }, { populate: ['items'] });
  if (existing) return summaryOf(existing, env);

  return em.transactional(async (tx) => {
    // Lock the cart row alone (FOR UPDATE cannot reach the outer-joined items), then load its lines.
    const cart = await tx.findOne(Cart, { id: cartId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!cart) throw new PermanentError(`cart ${cartId} does not exist`, 'CartNotFound');
    await tx.populate(cart, ['items.variant.product']);
    const lines = cart.items.getItems();
    if (lines.length === 0) throw new PermanentError('the cart is empty', 'EmptyCart');
    const unavailable = lines.find((l) => !l.variant.active || l.variant.product.status !== 'active');
    if (unavailable) throw new PermanentError(`${unavailable.variant.product.title} is no longer available`, 'Unavailable');
    // Files paid with print credits cost nothing in money; their credits are held below.
    const credits = lines.map((l) => (cart.payWithCredits ? (creditsFor(l.variant, l.quantity) ?? 0) : 0));
    const totals = priceCart(
      lines.map((l, i) => ({ unitPrice: credits[i] ? 0 : l.variant.price, quantity: l.quantity, format: l.variant.format })),
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
    // Recorded with tax off too: whether the prices were entered with VAT in them is a fact about the prices.
    order.taxBehavior = taxSettings(env).behavior;
    for (const [index, line] of lines.entries()) {
      const item = new OrderItem({
        order,
        sku: line.variant.sku,
        productTitle: line.variant.product.title,
        variantTitle: line.variant.title,
        format: line.variant.format,
        unitPrice: credits[index] ? 0 : line.variant.price,
        quantity: line.quantity,
      });
      item.creditsUsed = credits[index]!;
      item.grantsCredits = line.variant.grantsCredits;
      item.variantId = line.variant.id;
      item.printSize = line.variant.printSize;
      item.personalisation = line.personalisation;
      item.taxCategory = line.variant.taxCategory;
      // What ships is fulfilled as the variant says when ordered: a later change in the admin leaves this order be.
      if (line.variant.format !== 'digital') {
        item.fulfilment = line.variant.fulfilment;
        item.providerProductId = line.variant.fulfilment === 'provider' ? line.variant.providerProductId : null;
      }
      order.items.add(item);
    }
    tx.persist(order);
    await tx.flush();
    // All or nothing with the order itself: too few left of a tracked item rolls the whole order back.
    if (
      await reserveStock(
        tx,
        order,
        lines.map((l) => ({ variantId: l.variant.id, title: `${l.variant.product.title} (${l.variant.title})`, quantity: l.quantity })),
      )
    )
      await tx.flush();
    // The credits and points the customer chose to spend, held in the same transaction: too few rolls the order back too.
    // What the cart's earlier checkouts still hold comes back first.
    const totalCredits = credits.reduce((sum, c) => sum + c, 0);
    if (cart.pointsToUse > 0 || totalCredits > 0) await releaseEarlierCheckouts(tx, order);
    await reserveCredits(tx, order, order.customer?.id ?? null, totalCredits);
    await reservePoints(tx, order, { customerId: order.customer?.id ?? null, requested: cart.pointsToUse, pointValue: env.POINT_VALUE });
    await tx.flush();
    await appendOrderEvent(
      tx,
      order,
      'created',
      `Order created for ${formatMoney(order.total, order.currency)}`,
      { itemCount: totals.itemCount },
      `${orderNumber}:created`,
    );
    return summaryOf(order, env);
  });
}
