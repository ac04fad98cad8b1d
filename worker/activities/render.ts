// Rendering: the print-ready files of digital order items, their download rows, and the emails about
// them. Registered on the `rendering` task queue's worker only. Idempotent by order item: a file that is
// ready is never made twice unless a re-render asks for it, and every email has its own key.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { LockMode } from '@mikro-orm/postgresql';
import { createElement } from 'react';
import { Download, type DownloadKind } from '#db/entities/download.ts';
import { Order, OrderItem } from '#db/entities/order.ts';
import { User } from '#db/entities/user.ts';
import RenderFailed, { renderFailedSubject } from '#emails/render-failed.tsx';
import type { PrintSize } from '#core/design/themes.ts';
import type { FileStorage } from '#app/utils/storage.server.ts';
import { renderWorkflowId } from '#workflows/render-messages.ts';
import { InvalidDesignError, renderPrintFiles, validateDesign } from '../render/print-files';
import { customerEmailSearch } from '#app/utils/customer-email-search.server.ts';
import { isLiveOrderStatus } from '#app/utils/order-display.ts';
import { deliverEmail, type EmailDeps } from './email';
import { DOWNLOAD_KINDS_PER_ITEM, filesReadyMessage, orderFilesReady } from './files-ready';
import { appendOrderEvent } from './orders';
import type { RenderActivities, RenderItemRef } from './types';

export interface RenderDeps extends EmailDeps {
  storage: FileStorage;
}

export const DOWNLOAD_FILES: Record<DownloadKind, { contentType: string; ext: string }> = {
  png: { contentType: 'image/png', ext: 'png' },
  pdf: { contentType: 'application/pdf', ext: 'pdf' },
};
const KINDS: readonly DownloadKind[] = DOWNLOAD_KINDS_PER_ITEM;
/** Rough time a file takes here, for a progress bar that moves while the renderer works. */
const EXPECTED_MS: Record<PrintSize, number> = { A4: 1500, A3: 2500, '50x70': 7000 };

/** "night-sky-poster-our-first-night-a3": the file's name without extension, safe everywhere. */
export function fileBaseName(item: Pick<OrderItem, 'productTitle' | 'printSize' | 'personalisation'>): string {
  const words = [item.productTitle, item.personalisation?.title ?? '', item.printSize ?? '']
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return words.slice(0, 80).replace(/-+$/, '') || 'print';
}

export const storageKeyOf = (orderNumber: string, itemId: number, base: string, kind: DownloadKind) =>
  `orders/${orderNumber}/${itemId}/${base}.${DOWNLOAD_FILES[kind].ext}`;

const labelOf = (item: OrderItem) => `${item.productTitle} — ${item.variantTitle}`;
const isDigital = (item: OrderItem) => item.format !== 'physical';

export function createRenderActivities(deps: RenderDeps): RenderActivities {
  const { orm, env, storage } = deps;
  return {
    async prepareDownloads({ orderNumber, itemIds }) {
      const em = orm.em.fork();
      return em.transactional(async (tx) => {
        // Under the order's lock: two starts at once cannot make rows twice (and the unique index says so too).
        const order = await tx.findOne(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!order) throw ApplicationFailure.nonRetryable(`order ${orderNumber} does not exist`, 'NoSuchOrder');
        const emailSearch = customerEmailSearch(order.email, env);
        if (!isLiveOrderStatus(order.status)) return { orderNumber, email: order.email, emailSearch, items: [], alreadyReady: 0, closed: true };
        await tx.populate(order, ['items']);
        const digital = order.items.getItems().filter(isDigital);
        const targets = itemIds ? digital.filter((i) => itemIds.includes(i.id)) : digital;
        if (itemIds && targets.length !== new Set(itemIds).size) {
          throw ApplicationFailure.nonRetryable(`not digital items of ${orderNumber}: ${itemIds.filter((id) => !targets.some((t) => t.id === id)).join(', ')}`, 'NoSuchItem');
        }
        const rows = targets.length ? await tx.find(Download, { item: { $in: targets.map((i) => i.id) } }) : [];
        for (const item of targets) {
          for (const kind of KINDS) {
            if (rows.some((r) => r.item.id === item.id && r.kind === kind)) continue;
            const row = new Download({ order, item, kind, fileName: `${fileBaseName(item)}.${DOWNLOAD_FILES[kind].ext}`, contentType: DOWNLOAD_FILES[kind].contentType });
            tx.persist(row);
            rows.push(row);
          }
        }
        if (itemIds) {
          // A re-render makes the files again, even the ones that were fine; revoked ones stay revoked.
          for (const row of rows) {
            if (row.status === 'revoked') continue;
            row.status = 'pending';
            row.progress = 0;
            row.error = null;
          }
        }
        await tx.flush();
        const todo = targets.filter((i) => rows.some((r) => r.item.id === i.id && r.status !== 'ready' && r.status !== 'revoked'));
        const items: RenderItemRef[] = todo.map((i) => ({ itemId: i.id, label: labelOf(i) }));
        if (itemIds) {
          const run = Context.current().info.workflowExecution?.runId ?? Date.now();
          await appendOrderEvent(tx, order, 'rerender', `Re-render of ${items.map((i) => i.label).join(', ')} started`, { itemIds }, `${orderNumber}:rerender:${run}`);
        }
        return { orderNumber, email: order.email, emailSearch, items, alreadyReady: targets.length - todo.length, closed: false };
      });
    },

    async renderItem({ orderNumber, itemId }) {
      const ctx = Context.current();
      const em = orm.em.fork();
      const item = await em.findOne(OrderItem, { id: itemId, order: { orderNumber } });
      if (!item) throw ApplicationFailure.nonRetryable(`item ${itemId} is not part of ${orderNumber}`, 'NoSuchItem');
      const rows = await em.find(Download, { item: itemId }, { orderBy: { kind: 'asc' } });
      const todo = rows.filter((r) => r.status !== 'ready' && r.status !== 'revoked');
      const summary = () => ({
        itemId,
        files: rows.filter((r) => r.status === 'ready').map((r) => ({ kind: r.kind, size: r.size ?? 0, checksum: r.checksum ?? '' })),
      });
      // Made by an earlier attempt (a worker that died after storing), or revoked meanwhile: nothing to do.
      if (todo.length === 0) return summary();

      let design: ReturnType<typeof validateDesign>;
      try {
        design = validateDesign(item.personalisation, item.printSize);
      } catch (err) {
        if (err instanceof InvalidDesignError) throw ApplicationFailure.nonRetryable(err.message, 'InvalidDesign');
        throw err;
      }

      for (const row of todo) {
        row.status = 'rendering';
        row.progress = 5;
        row.error = null;
        row.attempts += 1;
      }
      await em.flush();

      // Progress: the bar creeps towards 80 % over the expected time, jumps as each file is finished and stored.
      const started = Date.now();
      const progress = new Map(todo.map((r) => [r.kind, 5]));
      const rendered = new Set<DownloadKind>();
      let written = new Map(progress);
      const writeProgress = async () => {
        const changed = [...progress].filter(([kind, p]) => Math.abs(p - (written.get(kind) ?? 0)) >= 5);
        if (!changed.length) return;
        written = new Map(progress);
        for (const [kind, p] of changed) {
          await em.nativeUpdate(Download, { item: itemId, kind, status: 'rendering' }, { progress: p });
        }
      };
      const tick = () => {
        const estimate = Math.min(80, 5 + Math.round((75 * (Date.now() - started)) / EXPECTED_MS[design.size]));
        for (const kind of progress.keys()) if (!rendered.has(kind)) progress.set(kind, estimate);
        ctx.heartbeat({ progress: Object.fromEntries(progress) });
        writeProgress().catch(() => undefined);
      };
      const ticker = setInterval(tick, 1000);
      tick();

      try {
        const files = await renderPrintFiles(design.personalisation, design.size, {
          kinds: todo.map((r) => r.kind),
          onDone: (kind) => {
            rendered.add(kind);
            progress.set(kind, 90);
          },
        });
        const base = fileBaseName(item);
        for (const row of todo) {
          const file = files[row.kind]!;
          const key = storageKeyOf(orderNumber, itemId, base, row.kind);
          const stored = await storage.put(key, file.bytes, DOWNLOAD_FILES[row.kind].contentType);
          // A full refund may have revoked the row meanwhile: it stays revoked.
          const values = {
            status: 'ready' as const,
            progress: 100,
            storageKey: key,
            fileName: `${base}.${DOWNLOAD_FILES[row.kind].ext}`,
            size: stored.size,
            checksum: stored.checksum,
            width: Math.round(file.width),
            height: Math.round(file.height),
            error: null,
            renderedAt: new Date(),
          };
          const updated = await em.nativeUpdate(Download, { id: row.id, status: { $ne: 'revoked' } }, values);
          if (updated) Object.assign(row, values);
          progress.delete(row.kind);
          ctx.heartbeat({ stored: row.kind });
        }
        return summary();
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await em
          .nativeUpdate(Download, { id: { $in: todo.map((r) => r.id) }, status: 'rendering' }, { status: 'pending', progress: 0, error: `attempt ${ctx.info.attempt} failed: ${message}`.slice(0, 2000) })
          .catch(() => undefined);
        throw err;
      } finally {
        clearInterval(ticker);
      }
    },

    async markRenderFailed({ orderNumber, itemId, error }) {
      const em = orm.em.fork();
      const item = await em.findOneOrFail(OrderItem, { id: itemId, order: { orderNumber } }, { populate: ['order'] });
      await em.nativeUpdate(Download, { item: itemId, status: { $nin: ['ready', 'revoked'] } }, { status: 'failed', progress: 0, error: error.slice(0, 2000) });
      const rows = await em.find(Download, { item: itemId });
      const attempts = Math.max(0, ...rows.map((r) => r.attempts));
      await appendOrderEvent(em, item.order, 'render_failed', `Files of ${labelOf(item)} could not be made: ${error}`, { itemId, error }, `${orderNumber}:render_failed:${itemId}:${attempts}`);
    },

    async notifyAdminsOfRenderFailure({ orderNumber, itemId, error, key }) {
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
    },

    async sendFilesReadyEmail({ orderNumber }) {
      const em = orm.em.fork();
      const order = await em.findOneOrFail(Order, { orderNumber }, { populate: ['items'] });
      if (!(await orderFilesReady(em, order))) return { emailId: null, status: 'incomplete' };
      const designs = order.items.getItems().filter(isDigital).length;
      await appendOrderEvent(em, order, 'files_ready', `Print-ready files made (${designs} design${designs === 1 ? '' : 's'})`, null, `${orderNumber}:files_ready`);
      if (!order.email) return { emailId: null, status: 'no_email' };
      const email = await deliverEmail(deps, { idempotencyKey: `files-ready:${orderNumber}`, template: 'files-ready', to: order.email, orderNumber, ...filesReadyMessage(env, order) });
      return { emailId: email.id, status: email.status };
    },
  };
}
