// The emails about an order: to the customer (confirmation, cancelled, refunded, shipped, files ready)
// and to the shop (an order to make). Each goes through the outbox once per idempotency key.
import { createElement, type ReactElement } from 'react';
import { formatMoney } from '#core/money.ts';
import { orderVat } from '#core/order-tax-display.ts';
import { Invoice } from '#db/entities/invoice.ts';
import { Order } from '#db/entities/order.ts';
import { Refund } from '#db/entities/refund.ts';
import { ProviderOrder } from '#db/entities/provider-order.ts';
import OrderCancelled, { orderCancelledSubject } from '#emails/order-cancelled.tsx';
import OrderConfirmation, { orderConfirmationSubject } from '#emails/order-confirmation.tsx';
import OrderRefunded, { orderRefundedSubject } from '#emails/order-refunded.tsx';
import OrderShipped, { orderShippedSubject } from '#emails/order-shipped.tsx';
import ShopNewOrder, { shopNewOrderSubject } from '#emails/shop-new-order.tsx';
import { PermanentError } from '#server/errors.server.ts';
import { invoicePath } from '#server/invoices/invoice-links.server.ts';
import { orderAccessExpiry, orderStatusPath } from '#server/orders/order-access.server.ts';
import { filesReadyMessage, orderFilesReady } from './files-ready.server.ts';
import { deliverEmail, type EmailDeps } from './outbox.server.ts';

export type OrderEmailTemplate = 'order-confirmation' | 'order-cancelled' | 'order-shipped' | 'order-refunded' | 'files-ready';

/** The shop's own "an order needs making" email, to ADMIN_EMAIL; once per order. */
export async function notifyShopOfOrder(
  deps: EmailDeps,
  { orderNumber }: { orderNumber: string },
): Promise<{ emailId: number; status: string }> {
  const { orm, env } = deps;
  const em = orm.em.fork();
  const order = await em.findOneOrFail(Order, { orderNumber }, { populate: ['items'] });
  const props = {
    orderNumber,
    items: order.items
      .getItems()
      .filter((i) => i.format !== 'digital')
      .map((i) => ({
        title: i.productTitle,
        variant: i.variantTitle,
        quantity: i.quantity,
        personalisation: i.personalisation
          ? `“${i.personalisation.title}”, ${i.personalisation.place}, ${i.personalisation.date}, ${i.personalisation.theme}`
          : null,
      })),
    adminUrl: `${env.APP_URL}/admin/orders/${encodeURIComponent(orderNumber)}`,
  };
  const email = await deliverEmail(deps, {
    idempotencyKey: `shop-new-order:${orderNumber}`,
    template: 'shop-new-order',
    to: env.ADMIN_EMAIL,
    subject: shopNewOrderSubject(props),
    element: createElement(ShopNewOrder, props),
    orderNumber,
  });
  return { emailId: email.id, status: email.status };
}

/** An email about the order to its customer; a resend (admin) or a refund has a key of its own. */
export async function sendOrderEmail(
  deps: EmailDeps,
  {
    orderNumber,
    template,
    resendKey,
    refundId,
    printOrderId,
  }: {
    orderNumber: string;
    template: OrderEmailTemplate;
    resendKey?: string;
    refundId?: number;
    /** `order-shipped` of the provider's parcel (its provider_orders row) rather than the order's own shipment. */
    printOrderId?: number;
  },
): Promise<{ emailId: number; status: string }> {
  const { orm, env } = deps;
  const em = orm.em.fork();
  const order = await em.findOneOrFail(Order, { orderNumber }, { populate: ['items'] });
  if (!order.email) throw new PermanentError(`order ${orderNumber} has no email address`, 'NoRecipient');
  let element: ReactElement;
  let subject: string;
  if (template === 'order-confirmation') {
    const items = order.items.getItems();
    const vat = orderVat({ ...order, items });
    // Issued before the confirmation is sent (the checkout workflow); an order paid before invoices has none.
    const invoice = await em.findOne(Invoice, { order: order.id, kind: 'invoice' }, { orderBy: { id: 'desc' } });
    const accessExpiry = orderAccessExpiry(new Date());
    const props = {
      orderNumber,
      currency: order.currency,
      items: items.map((i) => ({
        title: i.productTitle,
        variant: i.variantTitle,
        quantity: i.quantity,
        lineTotal: i.lineTotal,
        personalisation: i.personalisation ? `“${i.personalisation.title}”, ${i.personalisation.place}, ${i.personalisation.date}` : null,
      })),
      subtotal: order.subtotal,
      discount: order.discount,
      shipping: order.shipping,
      tax: order.tax,
      total: order.total,
      vat: vat && { label: vat.label, net: vat.net, tax: vat.tax, rates: vat.byRate.map((r) => ({ label: r.label, tax: r.tax })) },
      // The invoice's link works as long as the order's access link in the same email.
      invoice: invoice && { number: invoice.number, url: `${env.APP_URL}${invoicePath(invoice.number, env.SESSION_SECRET, accessExpiry)}` },
      hasDigital: items.some((i) => i.format !== 'physical'),
      hasPhysical: items.some((i) => i.format !== 'digital'),
      // The order's status page opens for whoever has this email, signed in or not, for ORDER_ACCESS_TTL_DAYS.
      orderUrl: `${env.APP_URL}${orderStatusPath(orderNumber, accessExpiry, env.SESSION_SECRET)}`,
      signInUrl: `${env.APP_URL}/login?redirectTo=${encodeURIComponent(`/account/orders/${orderNumber}`)}&email=${encodeURIComponent(order.email)}`,
    };
    element = createElement(OrderConfirmation, props);
    subject = orderConfirmationSubject(props);
  } else if (template === 'order-refunded') {
    const refund = refundId ? await em.findOne(Refund, { id: refundId, order: order.id }) : null;
    if (!refund) throw new PermanentError(`refund ${refundId} of ${orderNumber} does not exist`, 'NoSuchRefund');
    // Issued before this email by the refund workflow; a refund of an order without an invoice may have none.
    const creditNote = await em.findOne(Invoice, { refundId: refund.id, kind: 'credit_note' }, { fields: ['number'] });
    const props = {
      orderNumber,
      amount: formatMoney(refund.amount, refund.currency),
      full: order.refunded >= order.total,
      reason: refund.reason,
      creditNote: creditNote?.number ?? null,
      orderUrl: creditNote ? `${env.APP_URL}/account/orders/${encodeURIComponent(orderNumber)}` : null,
    };
    element = createElement(OrderRefunded, props);
    subject = orderRefundedSubject(props);
  } else if (template === 'files-ready') {
    if (!(await orderFilesReady(em, order))) throw new PermanentError(`the files of ${orderNumber} are not all made`, 'FilesNotReady');
    ({ subject, element } = filesReadyMessage(env, order));
  } else if (template === 'order-shipped') {
    const parcel = printOrderId ? await em.findOne(ProviderOrder, { id: printOrderId, order: order.id }) : order;
    if (!parcel?.carrier || !parcel.trackingNumber) throw new PermanentError(`order ${orderNumber} has no shipment recorded`, 'NotShipped');
    const props = {
      orderNumber,
      carrier: parcel.carrier,
      trackingNumber: parcel.trackingNumber,
      trackingUrl: parcel.trackingUrl,
      orderUrl: `${env.APP_URL}/account/orders/${encodeURIComponent(orderNumber)}`,
    };
    element = createElement(OrderShipped, props);
    subject = orderShippedSubject(props);
  } else {
    const props = { orderNumber, reason: order.cancelReason ?? 'the checkout was not completed', cartUrl: `${env.APP_URL}/cart` };
    element = createElement(OrderCancelled, props);
    subject = orderCancelledSubject(props);
  }
  const email = await deliverEmail(deps, {
    // A resend (admin) is a message of its own: its key says which resend it is.
    idempotencyKey: resendKey
      ? `${template}:${orderNumber}:resend:${resendKey}`
      : refundId
        ? `${template}:${orderNumber}:refund:${refundId}`
        : printOrderId
          ? `${template}:${orderNumber}:print-order:${printOrderId}`
          : `${template}:${orderNumber}`,
    template,
    to: order.email,
    subject,
    element,
    orderNumber,
  });
  return { emailId: email.id, status: email.status };
}
