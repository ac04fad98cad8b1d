// An item whose files could not be made after every retry: marked failed on the order, and the shop told.
import { createElement } from 'react';
import { Download } from '#db/entities/download.ts';
import { OrderItem } from '#db/entities/order.ts';
import { User } from '#db/entities/user.ts';
import RenderFailed, { renderFailedSubject } from '#emails/render-failed.tsx';
import { renderWorkflowId } from '#workflows/render-messages.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { deliverEmail, type EmailDeps } from '#server/emails/outbox.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';
import { labelOf } from './print-file-names.server.ts';

/** After the last retry: the item's unfinished files are marked failed (with the reason) on the order. */
export async function markRenderFailed(
  { orm }: Pick<DbDeps, 'orm'>,
  { orderNumber, itemId, error }: { orderNumber: string; itemId: number; error: string },
): Promise<void> {
  const em = orm.em.fork();
  const item = await em.findOneOrFail(OrderItem, { id: itemId, order: { orderNumber } }, { populate: ['order'] });
  await em.nativeUpdate(
    Download,
    { item: itemId, status: { $nin: ['ready', 'revoked'] } },
    { status: 'failed', progress: 0, error: error.slice(0, 2000) },
  );
  const rows = await em.find(Download, { item: itemId });
  const attempts = Math.max(0, ...rows.map((r) => r.attempts));
  await appendOrderEvent(
    em,
    item.order,
    'render_failed',
    `Files of ${labelOf(item)} could not be made: ${error}`,
    { itemId, error },
    `${orderNumber}:render_failed:${itemId}:${attempts}`,
  );
}

/** Emails the shop's admins (ADMIN_EMAIL and admin accounts) that an item failed; once per key. */
export async function notifyAdminsOfRenderFailure(
  deps: EmailDeps,
  { orderNumber, itemId, error, key }: { orderNumber: string; itemId: number; error: string; key: string },
): Promise<{ emailIds: number[] }> {
  const { orm, env } = deps;
  const em = orm.em.fork();
  const item = await em.findOneOrFail(OrderItem, { id: itemId, order: { orderNumber } });
  const admins = await em.find(User, { role: { $in: ['admin', 'superadmin'] }, blocked: false }, { orderBy: { id: 'asc' } });
  const recipients = [...new Set([env.ADMIN_EMAIL.toLowerCase(), ...admins.map((a) => a.email)])];
  const props = {
    orderNumber,
    item: labelOf(item),
    error,
    adminUrl: `${env.APP_URL}/admin/orders/${encodeURIComponent(orderNumber)}`,
    workflowUrl: `${env.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(env.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(renderWorkflowId(orderNumber))}`,
  };
  const emailIds: number[] = [];
  for (const to of recipients) {
    const email = await deliverEmail(deps, {
      idempotencyKey: `render-failed:${orderNumber}:${itemId}:${key}:${to}`,
      template: 'render-failed',
      to,
      subject: renderFailedSubject(props),
      element: createElement(RenderFailed, props),
      orderNumber,
    });
    emailIds.push(email.id);
  }
  return { emailIds };
}
