// Downloads for pages: the files of an order with fresh signed links (minted per page view, so the
// storage key never reaches the browser), and the admin's re-render.
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { Download, type DownloadKind, type DownloadStatus } from '#db/entities/download.ts';
import { Order } from '#db/entities/order.ts';
import { isoUtc } from '#db/sql.ts';
import { OrderNumberKey, OrderStatusKey, TASK_QUEUES } from '#workflows/messages.ts';
import { renderWorkflowId } from '#workflows/render-messages.ts';
import type { render } from '#workflows/render.ts';
import { customerEmailAttributes } from '#server/temporal/customer-email-search.server.ts';
import { DEFAULT_LINK_TTL_SECONDS, fileLinkPath, verifyFileToken } from '#server/storage/file-links.server.ts';
import { isLiveOrderStatus } from '#core/order-display.ts';
import { serveStoredFile } from '#server/storage/serve-stored-file.server.ts';
import { contentDisposition, type FileStorage } from '#server/storage/storage.server.ts';
import { logger } from '#server/log.server.ts';

export interface DownloadView {
  id: number;
  itemId: number;
  /** "Night sky poster — A3 digital files". */
  itemTitle: string;
  kind: DownloadKind;
  /** "PNG · 300 dpi · 3508 × 4961 px" / "PDF · vector · 297 × 420 mm". */
  format: string;
  fileName: string;
  size: number | null;
  status: DownloadStatus;
  /** 0–100 while pending or rendering. */
  progress: number;
  /** A signed /files/… link while the file is ready; null otherwise. */
  url: string | null;
  /** When `url` stops working (ISO). */
  expiresAt: string | null;
  error: string | null;
  /** How often the file was fetched through a link, and when last (admin page). */
  downloadCount: number;
  lastDownloadedAt: string | null;
}

export interface DownloadsSummary {
  files: DownloadView[];
  /** Files still being made: a page shows a progress bar and polls. */
  inProgress: boolean;
  /** 0–100 over every file of the order. */
  progress: number;
  ready: number;
  failed: number;
}

const MM_PER_POINT = 25.4 / 72;

type DownloadRow = Pick<
  Download,
  | 'id'
  | 'kind'
  | 'status'
  | 'progress'
  | 'storageKey'
  | 'fileName'
  | 'size'
  | 'width'
  | 'height'
  | 'error'
  | 'linkVersion'
  | 'downloadCount'
> & { itemId: number; productTitle: string; variantTitle: string; lastDownloadedAt: string | null };

function formatOf(d: Pick<Download, 'kind' | 'width' | 'height'>): string {
  if (d.kind === 'png') return d.width && d.height ? `PNG · 300 dpi · ${d.width} × ${d.height} px` : 'PNG · 300 dpi';
  if (d.width && d.height) return `PDF · vector · ${Math.round(d.width * MM_PER_POINT)} × ${Math.round(d.height * MM_PER_POINT)} mm`;
  return 'PDF · vector';
}

/**
 * The order's files, PNG before PDF per item, with links valid for `ttlSeconds` (48 hours by default).
 * Authorisation is the caller's: call it for an order the viewer owns, or from an admin page.
 */
export async function listDownloadsForOrder(
  em: EntityManager,
  orderId: number,
  opts: { secret: string; ttlSeconds?: number; now?: Date },
): Promise<DownloadsSummary> {
  // A plain query: every view of an order's page asks, and only reads.
  const rows = await em.execute<DownloadRow[]>(
    `select d.id, d.item_id as "itemId", i.product_title as "productTitle", i.variant_title as "variantTitle", d.kind, d.status,
            d.progress, d.storage_key as "storageKey", d.file_name as "fileName", d.size, d.width, d.height, d.error,
            d.link_version as "linkVersion", d.download_count as "downloadCount",
            ${isoUtc('d.last_downloaded_at')} as "lastDownloadedAt"
       from downloads d join order_items i on i.id = d.item_id
      where d.order_id = ?
      order by i.id asc, d.kind desc`,
    [orderId],
    'all',
  );
  const now = opts.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (opts.ttlSeconds ?? DEFAULT_LINK_TTL_SECONDS) * 1000);
  const files = rows.map((d): DownloadView => {
    const ready = d.status === 'ready' && !!d.storageKey;
    return {
      id: d.id,
      itemId: d.itemId,
      itemTitle: `${d.productTitle} — ${d.variantTitle}`,
      kind: d.kind,
      format: formatOf(d),
      fileName: d.fileName,
      size: ready ? d.size : null,
      status: d.status,
      progress: ready ? 100 : d.status === 'pending' || d.status === 'rendering' ? d.progress : 0,
      url: ready ? fileLinkPath(d.id, d.linkVersion, expiresAt, opts.secret) : null,
      expiresAt: ready ? expiresAt.toISOString() : null,
      error: d.status === 'failed' ? d.error : null,
      downloadCount: d.downloadCount,
      lastDownloadedAt: d.lastDownloadedAt,
    };
  });
  const live = files.filter((f) => f.status !== 'revoked');
  return {
    files,
    inProgress: live.some((f) => f.status === 'pending' || f.status === 'rendering'),
    progress: live.length ? Math.round(live.reduce((n, f) => n + f.progress, 0) / live.length) : 0,
    ready: live.filter((f) => f.status === 'ready').length,
    failed: live.filter((f) => f.status === 'failed').length,
  };
}

/** A PNG and a PDF per digital item. */
const FILES_PER_ITEM = 2;

/** Every digital item has both its files ready: the files-ready email says something true. */
export function allFilesReady(summary: DownloadsSummary, digitalItems: number): boolean {
  return digitalItems > 0 && summary.ready === digitalItems * FILES_PER_ITEM;
}

/** The download a /files/ token names, if it may still be served. */
export async function findServableDownload(em: EntityManager, downloadId: number): Promise<Download | null> {
  const d = await em.findOne(Download, { id: downloadId }, { populate: ['order'] });
  if (!d || d.status !== 'ready' || !d.storageKey) return null;
  // A fully refunded or cancelled order's files are gone, whatever links are still around.
  if (!isLiveOrderStatus(d.order.status)) return null;
  return d;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A refused link gets a short page a person can read (the link came from an email or a bookmark). */
function refusal(status: number, title: string, message: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} — Atelier</title></head><body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/account/orders">Your orders</a> · <a href="/orders/lookup">Find a guest order</a></p></body></html>`;
  return new Response(html, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/**
 * /files/:token — checks the signed token (expiry, signature, the row's current link version), then
 * streams the file from local storage or sends the browser to a short-lived S3 pre-signed URL.
 */
export async function serveDownload(
  em: EntityManager,
  token: string,
  opts: { secret: string; storage: FileStorage; method: string; now?: Date },
): Promise<Response> {
  const check = verifyFileToken(token, opts.secret, opts.now);
  if (!check.ok) {
    if (check.reason === 'expired')
      return refusal(410, 'This download link has expired', 'Links last 48 hours. Open your order page to get a fresh one.');
    return refusal(
      404,
      'This download link is not valid',
      'Check that the whole link was copied, or open your order page to get a fresh one.',
    );
  }
  const d = await findServableDownload(em, check.downloadId);
  if (!d)
    return refusal(410, 'This file is no longer available', 'The order was refunded or cancelled, or its files are being made again.');
  if (d.linkVersion !== check.version)
    return refusal(410, 'This download link was replaced', 'A newer link was made for this file. Open your order page to get it.');
  const headers = {
    'Content-Type': d.contentType,
    'Content-Disposition': contentDisposition(d.fileName),
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(d.checksum ? { ETag: `"${d.checksum}"` } : {}),
  };
  // Counted in the database (two downloads at once both count), never failing the download itself.
  const countDownload = () =>
    em
      .getConnection()
      .execute('update downloads set download_count = download_count + 1, last_downloaded_at = now() where id = ?', [d.id], 'run')
      .catch((err: unknown) => logger.error({ err, downloadId: d.id }, `download ${d.id}: not counted`));
  return serveStoredFile(opts.storage, d.storageKey!, {
    method: opts.method,
    fileName: d.fileName,
    contentType: d.contentType,
    headers,
    missing: () => {
      logger.error({ downloadId: d.id, storageKey: d.storageKey }, `download ${d.id}: ${d.storageKey} is missing from storage`);
      return refusal(404, 'This file is missing', 'We could not find the file. Please contact us and we will make it again.');
    },
    onServed: countDownload,
  });
}

/** The admin's "regenerate links": every link minted before for this order's files stops working. */
export async function regenerateLinks(em: EntityManager, orderNumber: string): Promise<number> {
  const order = await em.findOne(Order, { orderNumber });
  if (!order) return 0;
  return em
    .getConnection()
    .execute('update downloads set link_version = link_version + 1, updated_at = now() where order_id = ?', [order.id], 'run')
    .then((r: unknown) => (r as { affectedRows?: number }).affectedRows ?? 0);
}

export type RerenderResult = { ok: true; workflowId: string } | { ok: false; reason: string };

/**
 * The admin's "re-render": starts render-<orderNumber> again for the given items (default: every
 * digital item). Refused while a render of the order is still running.
 */
export async function requestRerender(
  client: Client,
  em: EntityManager,
  input: { orderNumber: string; itemIds?: number[]; requestedBy: string | null },
): Promise<RerenderResult> {
  const order = await em.findOne(Order, { orderNumber: input.orderNumber }, { populate: ['items'] });
  if (!order) return { ok: false, reason: 'No such order.' };
  if (!isLiveOrderStatus(order.status)) return { ok: false, reason: `The order is ${order.status}: its files cannot be made.` };
  const digital = order.items.getItems().filter((i) => i.format !== 'physical');
  const itemIds = input.itemIds?.length ? input.itemIds : digital.map((i) => i.id);
  if (itemIds.length === 0 || !itemIds.every((id) => digital.some((i) => i.id === id)))
    return { ok: false, reason: 'Choose digital items of this order.' };
  const workflowId = renderWorkflowId(order.orderNumber);
  try {
    await client.workflow.start<typeof render>('render', {
      workflowId,
      taskQueue: TASK_QUEUES.rendering,
      args: [{ orderNumber: order.orderNumber, itemIds, requestedBy: input.requestedBy }],
      // Done before (or failed): run it again; still running: refused below.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      typedSearchAttributes: [
        { key: OrderNumberKey, value: order.orderNumber },
        { key: OrderStatusKey, value: 'rendering' },
        ...customerEmailAttributes(order.email),
      ],
      staticSummary: `Re-render of order ${order.orderNumber}'s files`,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError)
      return { ok: false, reason: 'The files of this order are being made right now; try again when that is done.' };
    throw err;
  }
  return { ok: true, workflowId };
}
