// Local payment mode: plays Stripe Checkout's part and delivers Stripe-format, signed events to our own
// webhook route, so the same verification and workflow code runs as with Stripe.
import { randomBytes } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { LocalCheckoutSession } from '#db/entities/local-checkout-session.ts';
import { Order } from '#db/entities/order.ts';
import { PromoCode } from '#db/entities/promo-code.ts';
import { redeemPromoCode } from '#server/promotions/redeem-promo-code.server.ts';
import { getEnv } from '#server/env.server.ts';
import { getStripe } from '#server/stripe.server.ts';
import { logger } from '#server/log.server.ts';
import { paidBreakdown, sessionTotals } from './local-session-tax.server.ts';

export { sessionTotals };

export interface LocalPayer {
  email: string;
  name: string;
  /** The shipping address, when the session collects one. */
  address: { line1: string; line2: string; city: string; postal_code: string; country: string } | null;
  /** The billing country (for files only the one Stripe asks for); with a shipping address, the address's decides the VAT. */
  country: string | null;
}

/** The country whose VAT applies: the shipping address's, else the billing country. */
const taxCountryOf = (payer: LocalPayer | null): string | null => payer?.address?.country ?? payer?.country ?? null;

const rid = (prefix: string) => `${prefix}_local_${randomBytes(12).toString('hex')}`;

export async function findLocalSession(em: EntityManager, sessionId: string) {
  return em.findOne(LocalCheckoutSession, { sessionId });
}

export function sessionObject(
  s: LocalCheckoutSession,
  payer: LocalPayer | null,
  status: 'open' | 'complete' | 'expired',
  promotion: { couponId: string; promotionCodeId: string } | null = null,
) {
  const { subtotal, discount, shipping, tax, total, breakdown } = sessionTotals(s, taxCountryOf(payer));
  const rate = s.shippingRates[0];
  const shippingDetails = payer?.address ? { name: payer.name, address: { ...payer.address, state: null } } : null;
  // The billing address: the shipping address where there is one, else the country the payer gave.
  const billingAddress = payer?.address
    ? { ...payer.address, state: null }
    : payer?.country
      ? { line1: null, line2: null, city: null, postal_code: null, state: null, country: payer.country }
      : null;
  return {
    id: s.sessionId,
    object: 'checkout.session',
    mode: 'payment',
    livemode: false,
    status,
    payment_status: status === 'complete' ? 'paid' : 'unpaid',
    client_reference_id: s.orderNumber,
    metadata: { orderNumber: s.orderNumber },
    currency: s.currency,
    amount_subtotal: subtotal,
    amount_total: total,
    automatic_tax: { enabled: s.taxEnabled, status: s.taxEnabled ? 'complete' : null },
    total_details: { amount_discount: discount, amount_shipping: shipping, amount_tax: tax },
    // As in Stripe's webhooks: ids, not expanded objects.
    discounts: promotion ? [{ coupon: promotion.couponId, promotion_code: promotion.promotionCodeId }] : [],
    shipping_cost: rate
      ? {
          amount_subtotal: rate.amount,
          amount_tax: breakdown.shipping.tax,
          amount_total: breakdown.shipping.gross,
          shipping_rate: { id: rate.id, display_name: rate.displayName },
        }
      : null,
    customer: null,
    customer_email: s.customerEmail,
    customer_details: payer ? { email: payer.email, name: payer.name, address: billingAddress } : null,
    collected_information: shippingDetails ? { shipping_details: shippingDetails } : null,
    shipping_details: shippingDetails,
    payment_intent: s.paymentIntentId,
    expires_at: Math.floor(s.expiresAt.getTime() / 1000),
    success_url: s.successUrl,
    cancel_url: s.cancelUrl,
  };
}

export function buildEvent(type: string, object: Record<string, unknown>) {
  return {
    id: rid('evt'),
    object: 'event',
    api_version: '2025-01-27.acacia',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

/** Signs and POSTs an event to our own webhook route, retrying briefly as Stripe would. */
export async function deliverEvent(event: ReturnType<typeof buildEvent>, { attempts = 6 }: { attempts?: number } = {}): Promise<void> {
  const env = getEnv();
  const payload = JSON.stringify(event);
  // The workers deliver refund events too: in containers they reach the web server by its own name.
  const url = env.LOCAL_STRIPE_WEBHOOK_URL ?? `http://127.0.0.1:${env.PORT}/webhooks/stripe`;
  let lastError = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    // Signed at each attempt: a retry is a fresh delivery with a fresh timestamp, as with Stripe.
    const signature = getStripe().webhooks.generateTestHeaderString({ payload, secret: env.STRIPE_WEBHOOK_SECRET });
    try {
      const res = await fetch(url, {
        method: 'POST',
        body: payload,
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
      });
      if (res.ok) return;
      lastError = `${res.status} ${await res.text()}`;
      if (res.status < 500) break;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (attempt + 1 >= attempts) break;
    await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
  }
  throw new Error(`webhook delivery failed: ${lastError}`);
}

export type PayOutcome = { ok: true; redirectTo: string } | { ok: false; message: string };
/** A session completed by its payment, with the `checkout.session.completed` event Stripe would send for it. */
export type CompletedSession =
  { ok: true; orderNumber: string; redirectTo: string; event: ReturnType<typeof buildEvent> } | { ok: false; message: string };

/** The local payment page's "Pay": the session completed, then its event delivered to our webhook route. */
export async function payLocalSession(em: EntityManager, sessionId: string, payer: LocalPayer): Promise<PayOutcome> {
  const completed = await completeLocalSession(em, sessionId, payer);
  if (!completed.ok) return completed;
  await deliverEvent(completed.event);
  return { ok: true, redirectTo: completed.redirectTo };
}

/**
 * Completes an open session as Stripe does when it is paid — a promotion code redeemed, the VAT for the payer's country
 * fixed, the session marked complete — and builds its event without sending it (payLocalSession sends it; the bench
 * signs and sends its own). A session paid already gives its event again; an expired one, or a refused code, a message.
 */
export async function completeLocalSession(em: EntityManager, sessionId: string, payer: LocalPayer): Promise<CompletedSession> {
  const paymentIntentId = rid('pi');
  // One winner: the session row is locked, so the first payment completes it; a double click or a second
  // tab finds it complete. A promotion code is redeemed in the same transaction, under its own row lock:
  // two sessions racing for a code's last redemption are serialised and the second is refused, as on Stripe.
  const outcome = await em.fork().transactional(async (tx) => {
    const session = await tx.findOneOrFail(LocalCheckoutSession, { sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (session.status !== 'open' || session.expiresAt <= new Date()) return { completed: false as const, session, refused: null };
    let promotion: { couponId: string; promotionCodeId: string } | null = null;
    if (session.promoCode) {
      const order = await tx.findOne(Order, { orderNumber: session.orderNumber });
      const redeemed = await redeemPromoCode(tx, {
        where: { code: session.promoCode },
        orderNumber: session.orderNumber,
        customerId: order?.customer?.id ?? null,
        email: payer.email,
        subtotal: sessionTotals(session).subtotal,
        currency: session.currency,
        enforce: true,
      });
      if (!redeemed.ok) {
        // Refused at payment (e.g. someone else took the last redemption): nothing is charged, the code is removed.
        const code = session.promoCode;
        session.promoCode = null;
        session.discount = 0;
        await tx.flush();
        return {
          completed: false as const,
          session,
          refused: `${code}: ${redeemed.message} It has been removed from your order; check the new total and pay again.`,
        };
      }
      const promo = await tx.findOneOrFail(PromoCode, { code: session.promoCode });
      session.discount = redeemed.discount;
      promotion = { couponId: promo.stripeCouponId ?? '', promotionCodeId: promo.stripePromotionCodeId ?? '' };
    }
    // The VAT for the payer's country, after the discount, fixed with the payment: what was charged never changes.
    session.tax = paidBreakdown(session, taxCountryOf(payer));
    session.status = 'complete';
    session.paymentIntentId = paymentIntentId;
    session.completedAt = new Date();
    session.customerEmail = payer.email;
    await tx.flush();
    return { completed: true as const, session, promotion, refused: null };
  });
  const { session } = outcome;
  if (!outcome.completed) {
    if (outcome.refused) return { ok: false, message: outcome.refused };
    if (session.status === 'complete') {
      // Paid already: a second press, or a first attempt whose answer was lost (e.g. the connection died at
      // COMMIT, after it had committed). The webhook goes again, so a delivery that never happened still
      // reaches the shop; the shop records each event once and marks an order paid once.
      const promo = session.promoCode ? await em.fork().findOne(PromoCode, { code: session.promoCode }) : null;
      const promotion = promo ? { couponId: promo.stripeCouponId ?? '', promotionCodeId: promo.stripePromotionCodeId ?? '' } : null;
      return {
        ok: true,
        orderNumber: session.orderNumber,
        redirectTo: session.successUrl,
        event: completedEvent(session, payer, promotion),
      };
    }
    return { ok: false, message: 'This checkout session has expired. Go back to your cart to start again.' };
  }
  return {
    ok: true,
    orderNumber: session.orderNumber,
    redirectTo: session.successUrl,
    event: completedEvent(session, payer, outcome.promotion),
  };
}

const completedEvent = (
  session: LocalCheckoutSession,
  payer: LocalPayer,
  promotion: { couponId: string; promotionCodeId: string } | null,
) => buildEvent('checkout.session.completed', sessionObject(session, payer, 'complete', promotion));

export async function declineLocalSession(em: EntityManager, sessionId: string, email: string, country: string | null): Promise<void> {
  const session = await em.findOneOrFail(LocalCheckoutSession, { sessionId });
  await deliverEvent(
    buildEvent('payment_intent.payment_failed', {
      id: rid('pi'),
      object: 'payment_intent',
      amount: sessionTotals(session, country).total,
      currency: session.currency,
      status: 'requires_payment_method',
      metadata: { orderNumber: session.orderNumber },
      receipt_email: email || null,
      last_payment_error: {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
      },
    }),
  );
}

export async function expireLocalSession(em: EntityManager, sessionId: string): Promise<string | null> {
  const updated = await em.nativeUpdate(LocalCheckoutSession, { sessionId, status: 'open' }, { status: 'expired' });
  const session = await em.fork().findOneOrFail(LocalCheckoutSession, { sessionId });
  if (updated) await deliverEvent(buildEvent('checkout.session.expired', sessionObject(session, null, 'expired')));
  return session.cancelUrl;
}

// Refunds ------------------------------------------------------------------------------------------

export interface LocalRefundRequest {
  /** Our refund row's id: the stand-in's idempotency key, as `refund-<id>` is Stripe's. */
  refundId: number;
  orderNumber: string;
  paymentIntent: string;
  amount: number;
  currency: string;
  /** What the charge was for, and what is refunded of it once this refund succeeds. */
  chargeAmount: number;
  amountRefunded: number;
}

export const localRefundId = (refundId: number) => `re_local_${refundId}`;

function refundObject(r: LocalRefundRequest, status: 'pending' | 'succeeded') {
  return {
    id: localRefundId(r.refundId),
    object: 'refund',
    amount: r.amount,
    currency: r.currency,
    status,
    failure_reason: null,
    payment_intent: r.paymentIntent,
    charge: r.paymentIntent.replace(/^pi_/, 'ch_'),
    created: Math.floor(Date.now() / 1000),
    metadata: { refundId: String(r.refundId), orderNumber: r.orderNumber },
  };
}

/**
 * Performs a refund as Stripe does for a card: answers `pending` at once, then settles it and delivers
 * `charge.refund.updated` and `charge.refunded`, signed, to the webhook route (in the background, like
 * Stripe; when a delivery is lost, the refund workflow asks `retrieveLocalRefund` after a while).
 */
export function createLocalRefund(r: LocalRefundRequest, settleAfterMs = 200) {
  setTimeout(() => {
    void (async () => {
      const settled = refundObject(r, 'succeeded');
      await deliverEvent(buildEvent('charge.refund.updated', settled));
      await deliverEvent(
        buildEvent('charge.refunded', {
          id: settled.charge,
          object: 'charge',
          amount: r.chargeAmount,
          amount_refunded: r.amountRefunded,
          currency: r.currency,
          payment_intent: r.paymentIntent,
          refunded: r.amountRefunded >= r.chargeAmount,
          metadata: { orderNumber: r.orderNumber },
          refunds: { object: 'list', data: [settled], has_more: false },
        }),
      );
    })().catch((err: unknown) =>
      logger.error({ err, refundId: r.refundId }, `local refund ${localRefundId(r.refundId)}: webhook delivery failed`),
    );
  }, settleAfterMs).unref();
  return refundObject(r, 'pending');
}

/** The stand-in's answer to "retrieve refund": a refund it was asked to make has succeeded. */
export function retrieveLocalRefund(stripeRefundId: string) {
  return { id: stripeRefundId, status: 'succeeded' as const, failure_reason: null };
}
