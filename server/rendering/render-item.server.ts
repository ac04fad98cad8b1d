import { Download, type DownloadKind } from '#db/entities/download.ts';
import { OrderItem } from '#db/entities/order.ts';
import type { RenderDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { InvalidDesignError, renderPrintFiles, validateDesign } from './print-files.server.ts';
import { DOWNLOAD_FILES, EXPECTED_MS, fileBaseName, storageKeyOf } from './print-file-names.server.ts';

export interface RenderedItem {
  itemId: number;
  files: Array<{ kind: 'png' | 'pdf'; size: number; checksum: string }>;
}

/** How a render reports that it is alive (a Temporal heartbeat) and which attempt it is. */
export interface RenderProgress {
  heartbeat(details: unknown): void;
  attempt: number;
}

/**
 * Renders one item's PNG and PDF, stores them and marks its download rows ready, reporting progress as it
 * goes. Files already made (an earlier attempt stored them) or revoked meanwhile are left alone.
 */
export async function renderItem(
  { orm, storage }: Pick<RenderDeps, 'orm' | 'storage'>,
  { orderNumber, itemId }: { orderNumber: string; itemId: number },
  progressTo: RenderProgress,
): Promise<RenderedItem> {
  const em = orm.em.fork();
  const item = await em.findOne(OrderItem, { id: itemId, order: { orderNumber } });
  if (!item) throw new PermanentError(`item ${itemId} is not part of ${orderNumber}`, 'NoSuchItem');
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
    if (err instanceof InvalidDesignError) throw new PermanentError(err.message, 'InvalidDesign');
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
    progressTo.heartbeat({ progress: Object.fromEntries(progress) });
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
      progressTo.heartbeat({ stored: row.kind });
    }
    return summary();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await em
      .nativeUpdate(
        Download,
        { id: { $in: todo.map((r) => r.id) }, status: 'rendering' },
        { status: 'pending', progress: 0, error: `attempt ${progressTo.attempt} failed: ${message}`.slice(0, 2000) },
      )
      .catch(() => undefined);
    throw err;
  } finally {
    clearInterval(ticker);
  }
}
