// Email: every message is rendered and stored in the outbox (the emails table) first, then sent through
// Resend when a key is configured. The idempotency key makes a retried activity send nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createElement, type ReactElement } from 'react';
import type { Resend } from 'resend';
import { Email } from '#db/entities/email.ts';
import { Order } from '#db/entities/order.ts';
import OrderCancelled, { orderCancelledSubject } from '#emails/order-cancelled.tsx';
import OrderConfirmation, { orderConfirmationSubject } from '#emails/order-confirmation.tsx';
import OrderRefunded, { orderRefundedSubject } from '#emails/order-refunded.tsx';
import OrderShipped, { orderShippedSubject } from '#emails/order-shipped.tsx';
import { Refund } from '#db/entities/refund.ts';
import { formatMoney } from '#core/money.ts';
import ShopNewOrder, { shopNewOrderSubject } from '#emails/shop-new-order.tsx';
import type { Env } from '#app/utils/env.server.ts';
import { renderEmail } from '#app/utils/render-email.server.ts';
import { filesReadyMessage, orderFilesReady } from './files-ready';
import type { CheckoutActivities, OrderEmailTemplate } from './types';

export interface EmailDeps {
  orm: MikroORM;
  env: Env;
  /** null: outbox only (local mode). */
  resend: Resend | null;
}

export interface OutgoingEmail {
  idempotencyKey: string;
  template: string;
  to: string;
  subject: string;
  element: ReactElement;
  orderNumber?: string | null;
  /** e.g. List-Unsubscribe on marketing email. */
  headers?: Record<string, string> | null;
}

/** Stores the message once and sends it once; safe to call again after any failure. */
export async function deliverEmail({ orm, env, resend }: EmailDeps, message: OutgoingEmail): Promise<Email> {
  const em = orm.em.fork();
  let email = await em.findOne(Email, { idempotencyKey: message.idempotencyKey });
  if (!email) {
    const { html, text } = await renderEmail(message.element);
    await em
      .createQueryBuilder(Email)
      .insert({
        idempotencyKey: message.idempotencyKey,
        template: message.template,
        to: message.to,
        subject: message.subject,
        html,
        text,
        status: 'queued',
        orderNumber: message.orderNumber ?? null,
        headers: message.headers ?? null,
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .onConflict('idempotency_key')
      .ignore()
      .execute();
    email = await em.findOneOrFail(Email, { idempotencyKey: message.idempotencyKey });
  }
  return sendStoredEmail({ orm, env, resend }, em, email);
}

/** Sends an outbox row once (outbox only without Resend); safe to call again after any failure. */
export async function sendStoredEmail({ env, resend }: EmailDeps, em: EntityManager, email: Email): Promise<Email> {
  // Sent already (delivered / bounced / complained are what Resend reported afterwards).
  if (email.status !== 'queued' && email.status !== 'failed') return email;

  if (!resend) {
    email.status = 'stored';
    email.provider = 'outbox';
    email.sentAt = new Date();
    await em.flush();
    return email;
  }
  const { data, error } = await resend.emails.send(
    { from: env.EMAIL_FROM, to: [email.to], subject: email.subject, html: email.html, text: email.text, ...(email.headers ? { headers: email.headers } : {}) },
    // Resend keeps the key for 24 hours, so a retry after a lost response does not send again.
    { idempotencyKey: `${email.idempotencyKey}`.slice(0, 256) },
  );
  if (error || !data) {
    email.error = error ? `${error.name}: ${error.message}` : 'no response';
    await em.flush();
    const permanent = error && ['validation_error', 'invalid_from_address', 'invalid_to_address'].includes(error.name);
    if (permanent) {
      email.status = 'failed';
      await em.flush();
      throw ApplicationFailure.nonRetryable(email.error, 'EmailRejected');
    }
    throw new Error(`Resend failed: ${email.error}`);
  }
  email.status = 'sent';
  email.provider = 'resend';
  email.providerId = data.id;
  email.error = null;
  email.sentAt = new Date();
  await em.flush();
  return email;
}

export function createEmailActivities(deps: EmailDeps): Pick<CheckoutActivities, 'sendOrderEmail' | 'sendQueuedEmail' | 'notifyShopOfOrder'> {
  const { orm, env } = deps;
  return {
    /** The shop's own "an order needs making" email, to ADMIN_EMAIL; once per order. */
    async notifyShopOfOrder({ orderNumber }: { orderNumber: string }) {
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
            personalisation: i.personalisation ? `“${i.personalisation.title}”, ${i.personalisation.place}, ${i.personalisation.date}, ${i.personalisation.theme}` : null,
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
    },
    /** Sends a message the web app rendered and stored (sign-in links): the outbox row is the source. */
    async sendQueuedEmail({ emailId }: { emailId: number }) {
      const em = orm.em.fork();
      const email = await em.findOne(Email, { id: emailId });
      if (!email) throw ApplicationFailure.nonRetryable(`email ${emailId} does not exist`, 'NoSuchEmail');
      const sent = await sendStoredEmail(deps, em, email);
      return { emailId: sent.id, status: sent.status };
    },
    async sendOrderEmail({ orderNumber, template, resendKey, refundId }: { orderNumber: string; template: OrderEmailTemplate; resendKey?: string; refundId?: number }) {
      const em = orm.em.fork();
      const order = await em.findOneOrFail(Order, { orderNumber }, { populate: ['items'] });
      if (!order.email) throw ApplicationFailure.nonRetryable(`order ${orderNumber} has no email address`, 'NoRecipient');
      let element: ReactElement;
      let subject: string;
      if (template === 'order-confirmation') {
        const items = order.items.getItems();
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
          hasDigital: items.some((i) => i.format !== 'physical'),
          hasPhysical: items.some((i) => i.format !== 'digital'),
          orderUrl: `${env.APP_URL}/checkout/success?order=${encodeURIComponent(orderNumber)}`,
          signInUrl: `${env.APP_URL}/login?redirectTo=${encodeURIComponent(`/account/orders/${orderNumber}`)}&email=${encodeURIComponent(order.email)}`,
        };
        element = createElement(OrderConfirmation, props);
        subject = orderConfirmationSubject(props);
      } else if (template === 'order-refunded') {
        const refund = refundId ? await em.findOne(Refund, { id: refundId, order: order.id }) : null;
        if (!refund) throw ApplicationFailure.nonRetryable(`refund ${refundId} of ${orderNumber} does not exist`, 'NoSuchRefund');
        const props = { orderNumber, amount: formatMoney(refund.amount, refund.currency), full: order.refunded >= order.total, reason: refund.reason };
        element = createElement(OrderRefunded, props);
        subject = orderRefundedSubject(props);
      } else if (template === 'files-ready') {
        if (!(await orderFilesReady(em, order))) throw ApplicationFailure.nonRetryable(`the files of ${orderNumber} are not all made`, 'FilesNotReady');
        ({ subject, element } = filesReadyMessage(env, order));
      } else if (template === 'order-shipped') {
        if (!order.carrier || !order.trackingNumber) throw ApplicationFailure.nonRetryable(`order ${orderNumber} has no shipment recorded`, 'NotShipped');
        const props = {
          orderNumber,
          carrier: order.carrier,
          trackingNumber: order.trackingNumber,
          trackingUrl: order.trackingUrl,
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
            : `${template}:${orderNumber}`,
        template,
        to: order.email,
        subject,
        element,
        orderNumber,
      });
      return { emailId: email.id, status: email.status };
    },
  };
}
