// The "your files are ready" email: sent by the render workflow once every file of an order is made,
// and on an admin's resend (through the commerce queue's resendOrderEmail workflow). It links to the
// order page, where fresh download links are minted, never to the files themselves.
import { createElement, type ReactElement } from 'react';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Download, type DownloadKind } from '#db/entities/download.ts';
import { Order } from '#db/entities/order.ts';
import FilesReady, { filesReadySubject } from '#emails/files-ready.tsx';
import type { Env } from '#server/env.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';
import { deliverEmail, type EmailDeps } from './outbox.server.ts';

export const DOWNLOAD_KINDS_PER_ITEM: readonly DownloadKind[] = ['png', 'pdf'];

/** Every digital item of the (items-populated) order has each of its files ready. */
export async function orderFilesReady(em: EntityManager, order: Order): Promise<boolean> {
  const digital = order.items.getItems().filter((i) => i.format !== 'physical');
  if (digital.length === 0) return false;
  const rows = await em.find(Download, { order: order.id, status: 'ready' });
  return digital.every((i) => DOWNLOAD_KINDS_PER_ITEM.every((k) => rows.some((r) => r.item.id === i.id && r.kind === k)));
}

export function filesReadyMessage(env: Pick<Env, 'APP_URL'>, order: Order): { subject: string; element: ReactElement } {
  const digital = order.items.getItems().filter((i) => i.format !== 'physical');
  const props = {
    orderNumber: order.orderNumber,
    items: digital.map((i) => ({
      title: i.productTitle,
      variant: i.variantTitle,
      design: i.personalisation ? `“${i.personalisation.title}”, ${i.personalisation.place}` : null,
    })),
    orderUrl: `${env.APP_URL}/account/orders/${encodeURIComponent(order.orderNumber)}`,
  };
  return { subject: filesReadySubject(props), element: createElement(FilesReady, props) };
}

/** Once every file is made: "files ready" on the timeline and the email to the customer, once per order. */
export async function sendFilesReadyEmail(
  deps: EmailDeps,
  { orderNumber }: { orderNumber: string },
): Promise<{ emailId: number | null; status: string }> {
  const { orm, env } = deps;
  const em = orm.em.fork();
  const order = await em.findOneOrFail(Order, { orderNumber }, { populate: ['items'] });
  if (!(await orderFilesReady(em, order))) return { emailId: null, status: 'incomplete' };
  const designs = order.items.getItems().filter((i) => i.format !== 'physical').length;
  await appendOrderEvent(
    em,
    order,
    'files_ready',
    `Print-ready files made (${designs} design${designs === 1 ? '' : 's'})`,
    null,
    `${orderNumber}:files_ready`,
  );
  if (!order.email) return { emailId: null, status: 'no_email' };
  const email = await deliverEmail(deps, {
    idempotencyKey: `files-ready:${orderNumber}`,
    template: 'files-ready',
    to: order.email,
    orderNumber,
    ...filesReadyMessage(env, order),
  });
  return { emailId: email.id, status: email.status };
}
