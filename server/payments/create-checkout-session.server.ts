// Stripe Checkout, or the local payment page that plays its part (same contract, no network).
import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import { shippingFor } from '#core/pricing.ts';
import { STRIPE_SHIPPING_TAX_CODE, STRIPE_TAX_CODES } from '#core/tax.ts';
import { LocalCheckoutSession } from '#db/entities/local-checkout-session.ts';
import { Order, type OrderItem } from '#db/entities/order.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';
import { orderAccessExpiry, orderStatusPath } from '#server/orders/order-access.server.ts';
import { orderItemTaxCategory } from '#server/orders/order-item-tax-category.server.ts';
import { taxSettings } from '#server/tax/tax-settings.server.ts';

export interface CheckoutSessionInfo {
  id: string;
  url: string;
  expiresAt: string;
}

/** The order's points discount as a Stripe coupon for that one order, made once (idempotency key = order number). */
async function pointsCoupon(stripe: Stripe, orderNumber: string, amountOff: number, currency: string): Promise<string> {
  const coupon = await stripe.coupons.create(
    { amount_off: amountOff, currency, duration: 'once', max_redemptions: 1, name: 'Loyalty points', metadata: { orderNumber } },
    { idempotencyKey: `points-coupon:${orderNumber}` },
  );
  return coupon.id;
}

function describe(item: OrderItem): string {
  const p = item.personalisation;
  return p ? `${item.variantTitle} — “${p.title}”, ${p.place}, ${p.date}` : item.variantTitle;
}

/**
 * The order's Checkout Session (idempotency key = order number), created once; its URL, id and expiry are
 * kept on the order, so a second call returns the first session.
 */
export async function createCheckoutSession(
  { orm, env, stripe }: Pick<ServerDeps, 'orm' | 'env' | 'stripe'>,
  { orderNumber }: { orderNumber: string },
): Promise<CheckoutSessionInfo> {
  const em = orm.em.fork();
  const order = await em.findOneOrFail(Order, { orderNumber }, { populate: ['items'] });
  if (order.stripeCheckoutSessionId && order.checkoutUrl && order.checkoutExpiresAt) {
    return { id: order.stripeCheckoutSessionId, url: order.checkoutUrl, expiresAt: order.checkoutExpiresAt.toISOString() };
  }
  if (order.status !== 'pending') {
    throw new PermanentError(`order ${orderNumber} is ${order.status}`, 'NotPending');
  }
  const items = order.items.getItems();
  const needsShipping = order.fulfilmentType !== 'digital';
  const shippable = items.filter((i) => i.format !== 'digital').reduce((s, i) => s + i.lineTotal, 0);
  const rate = needsShipping ? shippingFor(shippable, { flatRate: env.SHIPPING_FLAT_RATE, freeFrom: env.SHIPPING_FREE_FROM }) : null;
  // Derived from the order, not the clock, so a retried request carries the same parameters.
  const expiresAt = new Date(order.createdAt.getTime() + env.CHECKOUT_SESSION_TTL_SECONDS * 1000);
  // The buyer comes back with an access link to the order's status page (docs/decisions/048-order-access-links.md).
  const successUrl = `${env.APP_URL}${orderStatusPath(orderNumber, orderAccessExpiry(order.createdAt), env.SESSION_SECRET)}`;
  const cancelUrl = `${env.APP_URL}/cart?cancelled=${encodeURIComponent(orderNumber)}`;
  const tax = taxSettings(env);

  let info: CheckoutSessionInfo;
  if (stripe) {
    // Stripe Tax works the VAT out from the customer's country: the shipping address, or for files only the billing
    // address, which the session then asks for.
    const taxBehavior = tax.enabled ? { tax_behavior: tax.behavior } : {};
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: orderNumber,
        metadata: { orderNumber },
        payment_intent_data: { metadata: { orderNumber } },
        customer_email: order.email ?? undefined,
        line_items: items.map((item) => ({
          quantity: item.quantity,
          price_data: {
            currency: order.currency,
            unit_amount: item.unitPrice,
            ...taxBehavior,
            product_data: {
              name: item.productTitle,
              description: describe(item),
              metadata: { sku: item.sku },
              ...(tax.enabled ? { tax_code: STRIPE_TAX_CODES[orderItemTaxCategory(item)] } : {}),
            },
          },
        })),
        // Points already spent on the order come off as a one-off coupon; Stripe allows no promotion code beside it.
        ...(order.pointsDiscount > 0
          ? { discounts: [{ coupon: await pointsCoupon(stripe, order.orderNumber, order.pointsDiscount, order.currency) }] }
          : { allow_promotion_codes: true }),
        ...(tax.enabled ? { automatic_tax: { enabled: true } } : {}),
        ...(tax.enabled && !rate ? { billing_address_collection: 'required' as const } : {}),
        ...(rate
          ? {
              shipping_address_collection: {
                allowed_countries: env.SHIPPING_COUNTRIES.split(
                  ',',
                ) as Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry[],
              },
              shipping_options: [
                {
                  shipping_rate_data: {
                    type: 'fixed_amount',
                    display_name: rate.label,
                    fixed_amount: { amount: rate.amount, currency: order.currency },
                    ...taxBehavior,
                    ...(tax.enabled ? { tax_code: STRIPE_SHIPPING_TAX_CODE } : {}),
                    delivery_estimate: {
                      minimum: { unit: 'business_day', value: rate.minDays },
                      maximum: { unit: 'business_day', value: rate.maxDays },
                    },
                  },
                },
              ],
            }
          : {}),
        success_url: successUrl,
        cancel_url: cancelUrl,
        expires_at: Math.floor(expiresAt.getTime() / 1000),
      },
      { idempotencyKey: `checkout-session:${orderNumber}` },
    );
    if (!session.url) throw new PermanentError('Stripe returned a session without a URL', 'NoUrl');
    info = { id: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000).toISOString() };
  } else {
    const sessionId = `cs_local_${randomBytes(12).toString('hex')}`;
    await em
      .createQueryBuilder(LocalCheckoutSession)
      .insert({
        sessionId,
        orderNumber,
        currency: order.currency,
        lines: items.map((i) => ({
          name: i.productTitle,
          description: describe(i),
          unitAmount: i.unitPrice,
          quantity: i.quantity,
          orderItemId: i.id,
          taxCategory: orderItemTaxCategory(i),
        })),
        shippingRates: rate ? [{ id: `shr_local_${rate.id}`, displayName: rate.label, amount: rate.amount }] : [],
        collectShipping: needsShipping,
        taxEnabled: tax.enabled,
        taxBehavior: tax.behavior,
        customerEmail: order.email,
        discount: order.pointsDiscount,
        pointsDiscount: order.pointsDiscount,
        successUrl,
        cancelUrl,
        expiresAt,
        status: 'open',
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .onConflict('order_number')
      .ignore()
      .execute();
    const local = await em.findOneOrFail(LocalCheckoutSession, { orderNumber });
    info = { id: local.sessionId, url: `${env.APP_URL}/dev/pay/${local.sessionId}`, expiresAt: local.expiresAt.toISOString() };
  }

  order.stripeCheckoutSessionId = info.id;
  order.checkoutUrl = info.url;
  order.checkoutExpiresAt = new Date(info.expiresAt);
  await em.flush();
  await appendOrderEvent(
    em,
    order,
    'checkout_started',
    'Checkout session created',
    { sessionId: info.id },
    `${orderNumber}:checkout_started`,
  );
  return info;
}
