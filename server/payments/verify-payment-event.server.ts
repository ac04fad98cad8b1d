// The checkout's check of a Checkout Session event before it counts (docs/decisions/047-payments-checked-against-their-session.md):
// the session must be the one the workflow created, in the order's currency, and a payment must be for the amount due.
import { discountOf } from '#core/promotions.ts';
import { sessionMismatches, type ExpectedSession, type ReportedSession } from '#core/payment-check.ts';
import { LocalCheckoutSession } from '#db/entities/local-checkout-session.ts';
import { Order } from '#db/entities/order.ts';
import { PromoCode, rulesOf } from '#db/entities/promo-code.ts';
import { WebhookEvent } from '#db/entities/webhook-event.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { logger } from '#server/log.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { taxSettings } from '#server/tax/tax-settings.server.ts';
import { sessionTotals } from './local-session-tax.server.ts';

export type PaymentEventCheck = { ok: true } | { ok: false; reason: string };

/** The order event that puts a refused payment event on the admin's attention list (server/admin/payment-mismatches.server.ts). */
export const PAYMENT_MISMATCH_EVENT = 'payment_mismatch';

interface SessionObject {
  id?: string | null;
  object?: string;
  currency?: string | null;
  amount_subtotal?: number | null;
  amount_total?: number | null;
  payment_status?: string | null;
  total_details?: { amount_discount?: number | null; amount_tax?: number | null } | null;
  discounts?: Array<{ promotion_code?: string | { id: string } | null }> | null;
}

const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === 'string' ? v : v.id);

function reportedSession(obj: SessionObject): ReportedSession {
  const promotionCode = (obj.discounts ?? []).map((d) => idOf(d.promotion_code)).find(Boolean) ?? null;
  return {
    id: obj.object === 'checkout.session' ? (obj.id ?? null) : null,
    currency: obj.currency ?? null,
    amountSubtotal: obj.amount_subtotal ?? null,
    amountTotal: obj.amount_total ?? null,
    discount: obj.total_details?.amount_discount ?? 0,
    tax: obj.total_details?.amount_tax ?? 0,
    promotionCode,
  };
}

/** An event that, if genuine, would make the order paid. */
const claimsPayment = (type: string, obj: SessionObject) =>
  type === 'checkout.session.async_payment_succeeded' ||
  (type === 'checkout.session.completed' && (obj.payment_status === 'paid' || obj.payment_status === 'no_payment_required'));

/**
 * The session as the payment page knows it. Local mode: the stand-in's own record (what it charged, the discount
 * it applied and the VAT it fixed, whether it was paid). Stripe mode: the order the session was created from (its
 * line items and the one shipping rate it offers), what a promotion code of the shop named on the event could take
 * off, and whether Stripe Tax's VAT comes on top of that (exclusive prices) or is inside it.
 */
async function expectedSession(
  em: EntityManager,
  env: DbDeps['env'],
  order: Order,
  sessionId: string,
  reported: ReportedSession,
): Promise<ExpectedSession> {
  if (env.stripeMode === 'local') {
    const local = await em.findOne(LocalCheckoutSession, { sessionId, orderNumber: order.orderNumber });
    if (local) {
      const totals = sessionTotals(local);
      return {
        id: local.sessionId,
        currency: order.currency,
        subtotal: totals.subtotal,
        total: totals.subtotal + totals.shipping,
        discount: { exactly: totals.discount },
        paid: local.status === 'complete',
        tax: { behavior: totals.breakdown.behavior, exactly: totals.tax },
      };
    }
  }
  const promo = reported.promotionCode ? await em.findOne(PromoCode, { stripePromotionCodeId: reported.promotionCode }) : null;
  return {
    id: sessionId,
    currency: order.currency,
    subtotal: order.subtotal,
    total: order.subtotal + order.shipping,
    // The order's points discount was put on the session as its one coupon; otherwise only a promotion code's.
    discount:
      order.pointsDiscount > 0 ? { exactly: order.pointsDiscount } : { atMost: promo ? discountOf(rulesOf(promo), order.subtotal) : 0 },
    paid: null,
    tax: { behavior: order.taxBehavior ?? taxSettings(env).behavior, exactly: null },
  };
}

/**
 * Checks a recorded Checkout Session event against the session `sessionId` the checkout created. A mismatch is put
 * on the order's timeline as `payment_mismatch` (once per event), which lists it on the admin's dashboard, and the
 * checkout ignores the event.
 */
export async function verifyPaymentEvent(
  { orm, env }: DbDeps,
  { orderNumber, eventId, sessionId }: { orderNumber: string; eventId: string; sessionId: string },
): Promise<PaymentEventCheck> {
  const em = orm.em.fork();
  const event = await em.findOne(WebhookEvent, { provider: 'stripe', eventId });
  if (!event) throw new PermanentError(`webhook event ${eventId} is not recorded`, 'EventMissing');
  const order = await em.findOneOrFail(Order, { orderNumber });
  const obj = (event.payload as { data?: { object?: SessionObject } }).data?.object ?? {};
  const reported = reportedSession(obj);
  const expected = await expectedSession(em, env, order, sessionId, reported);
  const reasons = sessionMismatches(reported, expected, { payment: claimsPayment(event.type, obj) });
  if (!reasons.length) return { ok: true };

  const reason = reasons.join('; ');
  await appendOrderEvent(
    em,
    order,
    PAYMENT_MISMATCH_EVENT,
    `A ${event.type} event did not match this order's checkout session and was ignored: ${reason}`,
    { eventId, type: event.type, sessionId: reported.id, amountTotal: reported.amountTotal, currency: reported.currency, reasons },
    `${orderNumber}:${PAYMENT_MISMATCH_EVENT}:${eventId}`,
  );
  logger.warn({ orderNumber, eventId, eventType: event.type, reasons }, `payment event ${eventId} for ${orderNumber} ignored: ${reason}`);
  return { ok: false, reason };
}
