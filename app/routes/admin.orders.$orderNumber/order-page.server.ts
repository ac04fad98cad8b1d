// What the admin's order page shows: the order, its refunds, invoice and credit notes (and the one that may be corrected), files, the emails that may be
// resent, its print orders at the print provider, and links into Stripe and Temporal.
import { RESENDABLE, emailCount } from '#server/admin/admin-actions.server.ts';
import { loadOrderOr404, refundsOf } from '#app/utils/admin-records.server.ts';
import { temporalWorkflowsUrl } from '#server/temporal/customer-email-search.server.ts';
import { allFilesReady, listDownloadsForOrder } from '#server/downloads/downloads.server.ts';
import { isLiveOrderStatus } from '#core/order-display.ts';
import { getEnv } from '#server/env.server.ts';
import { adminDocumentPath, orderDocuments, orderItemView, orderView } from '#server/orders/order-view.server.ts';
import { correctionCheck } from '#server/invoices/correct-invoice.server.ts';
import { loadPrintSection } from '#server/print-provider/admin-print-orders.server.ts';
import { shipsByHand } from '#server/print-provider/record-provider-order.server.ts';

export async function loadOrderPage(orderNumber: string | undefined) {
  const { em, order } = await loadOrderOr404(orderNumber);
  const env = getEnv();
  // Admin links: minted per page view like the customer's; revoked and failed files are listed too.
  const downloads = await listDownloadsForOrder(em, order.id, {
    secret: env.SESSION_SECRET,
    ttlSeconds: env.DOWNLOAD_LINK_TTL_HOURS * 3600,
  });
  const digitalItems = order.items.getItems().filter((i) => i.format !== 'physical');
  const filesReady = allFilesReady(downloads, digitalItems.length);
  const stripeBase = `https://dashboard.stripe.com${env.STRIPE_SECRET_KEY?.startsWith('sk_live') ? '' : '/test'}`;
  const query = `OrderNumber="${order.orderNumber}"`;
  const correction = await correctionCheck(em, order.id);
  // Lines the print provider makes ship with the provider's tracking: only lines made by hand are marked shipped here.
  const byHand = order.items.getItems().some(shipsByHand);
  return {
    order: {
      ...orderView(order),
      email: order.email,
      cancelReason: order.cancelReason,
      carrier: order.carrier,
      trackingNumber: order.trackingNumber,
      trackingUrl: order.trackingUrl,
      shippedAt: order.shippedAt?.toISOString() ?? null,
      deliveredAt: order.deliveredAt?.toISOString() ?? null,
      byHand,
      canShip: byHand && order.paidAt !== null && !order.shippedAt && ['paid', 'partially_refunded'].includes(order.status),
      customer: order.customer ? { id: order.customer.id, email: order.customer.email, name: order.customer.name } : null,
      items: order.items.getItems().map(orderItemView),
      events: order.events.getItems().map((e) => ({
        id: e.id,
        type: e.type,
        message: e.message,
        at: e.createdAt.toISOString(),
        by: typeof e.data?.adminEmail === 'string' ? e.data.adminEmail : null,
      })),
    },
    refunds: await refundsOf(order.id),
    print: await loadPrintSection(em, order, env),
    documents: await orderDocuments(em, order.id, adminDocumentPath),
    /** The current invoice whose buyer may be corrected (null: none, or refunds credit it). */
    correctable: correction.ok
      ? {
          number: correction.invoice.number,
          buyer: {
            name: correction.invoice.buyer.name,
            address: correction.invoice.buyer.address,
            vatNumber: correction.invoice.buyer.vatNumber,
          },
        }
      : null,
    downloads,
    digitalItems: digitalItems.map((i) => ({ id: i.id, label: `${i.productTitle} — ${i.variantTitle}` })),
    canRerender: digitalItems.length > 0 && isLiveOrderStatus(order.status),
    resend: {
      key: String(await emailCount(order.orderNumber)),
      options: Object.entries(RESENDABLE)
        .filter(([, r]) => r.when(order.status, { filesReady }))
        .map(([value, r]) => ({ value, label: r.label })),
    },
    links: {
      paymentIntent:
        order.stripePaymentIntentId && env.stripeMode === 'stripe' ? `${stripeBase}/payments/${order.stripePaymentIntentId}` : null,
      customer: order.stripeCustomerId && env.stripeMode === 'stripe' ? `${stripeBase}/customers/${order.stripeCustomerId}` : null,
      temporal: temporalWorkflowsUrl(env, query),
      render: `${temporalWorkflowsUrl(env)}/${encodeURIComponent(`render-${order.orderNumber}`)}`,
    },
  };
}
