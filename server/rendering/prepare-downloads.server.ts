import { LockMode } from '@mikro-orm/postgresql';
import { isLiveOrderStatus } from '#core/order-display.ts';
import { Download } from '#db/entities/download.ts';
import { Order } from '#db/entities/order.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';
import { customerEmailSearch } from '#server/temporal/customer-email-search.server.ts';
import { DOWNLOAD_FILES, KINDS, fileBaseName, isDigital, labelOf } from './print-file-names.server.ts';

export interface RenderItemRef {
  itemId: number;
  /** "Night sky poster — A3 digital files", for summaries. */
  label: string;
  /** Print credits that paid for it (settled when it is made or fails). Absent in older histories. */
  credits?: number;
}

export interface PreparedRender {
  orderNumber: string;
  email: string | null;
  /** The CustomerEmail search attribute's value (CUSTOMER_EMAIL_SEARCH: the email, its keyed hash, or null for none). Absent in older histories. */
  emailSearch?: string | null;
  /** Items to render now (their download rows exist and are pending). */
  items: RenderItemRef[];
  /** Digital items whose files were already made (a rerun skips them). */
  alreadyReady: number;
  /** The order was refunded or cancelled: nothing is rendered. */
  closed: boolean;
}

/** Creates the order's download rows (pending); with itemIds, resets those items' files for a re-render. */
export async function prepareDownloads(
  { orm, env }: DbDeps,
  { orderNumber, itemIds }: { orderNumber: string; itemIds?: number[] },
  /** The render workflow's run: a re-render's timeline entry is recorded once per run. */
  runId: string,
): Promise<PreparedRender> {
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    // Under the order's lock: two starts at once cannot make rows twice (and the unique index says so too).
    const order = await tx.findOne(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order) throw new PermanentError(`order ${orderNumber} does not exist`, 'NoSuchOrder');
    const emailSearch = customerEmailSearch(order.email, env);
    if (!isLiveOrderStatus(order.status)) return { orderNumber, email: order.email, emailSearch, items: [], alreadyReady: 0, closed: true };
    await tx.populate(order, ['items']);
    const digital = order.items.getItems().filter(isDigital);
    const targets = itemIds ? digital.filter((i) => itemIds.includes(i.id)) : digital;
    if (itemIds && targets.length !== new Set(itemIds).size) {
      throw new PermanentError(
        `not digital items of ${orderNumber}: ${itemIds.filter((id) => !targets.some((t) => t.id === id)).join(', ')}`,
        'NoSuchItem',
      );
    }
    const rows = targets.length ? await tx.find(Download, { item: { $in: targets.map((i) => i.id) } }) : [];
    for (const item of targets) {
      for (const kind of KINDS) {
        if (rows.some((r) => r.item.id === item.id && r.kind === kind)) continue;
        const row = new Download({
          order,
          item,
          kind,
          fileName: `${fileBaseName(item)}.${DOWNLOAD_FILES[kind].ext}`,
          contentType: DOWNLOAD_FILES[kind].contentType,
        });
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
    const items: RenderItemRef[] = todo.map((i) => ({
      itemId: i.id,
      label: labelOf(i),
      ...(i.creditsUsed ? { credits: i.creditsUsed } : {}),
    }));
    if (itemIds) {
      await appendOrderEvent(
        tx,
        order,
        'rerender',
        `Re-render of ${items.map((i) => i.label).join(', ')} started`,
        { itemIds },
        `${orderNumber}:rerender:${runId}`,
      );
    }
    return { orderNumber, email: order.email, emailSearch, items, alreadyReady: targets.length - todo.length, closed: false };
  });
}
