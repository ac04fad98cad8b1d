// A deleted account's print files: the rendered PNGs and PDFs carry the personalisation (names, places, dates),
// so the bytes go from storage and the download rows are revoked. Run by the rendering worker, which holds the storage.
import { Download } from '#db/entities/download.ts';
import { ordersOfDeletion, recordDeletedFiles } from '#server/accounts/erase-account.server.ts';
import type { RenderDeps } from '#server/deps.server.ts';

/** Deletes each file once (a retry finds the key gone from its row and skips it) and records how many there were. */
export async function deleteAccountFiles(
  { orm, storage }: Pick<RenderDeps, 'orm' | 'storage'>,
  { userId }: { userId: number },
): Promise<{ files: number }> {
  const em = orm.em.fork();
  const orders = await ordersOfDeletion(em, userId);
  if (orders.length === 0) return { files: 0 };
  const downloads = await em.find(Download, { order: { $in: orders.map((o) => o.id) } }, { orderBy: { id: 'asc' } });
  for (const download of downloads) {
    if (download.storageKey) {
      await storage.delete(download.storageKey);
      download.storageKey = null;
    }
    if (download.status !== 'revoked') {
      download.status = 'revoked';
      download.revokedAt = new Date();
    }
    await em.flush();
  }
  const files = downloads.filter((d) => d.renderedAt !== null).length;
  await recordDeletedFiles({ orm }, { userId, files });
  return { files };
}
