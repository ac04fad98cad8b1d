// The print file a provider prints from: one vector PDF per provider line, rendered on the rendering queue into the
// shop's storage, and fetched by the provider through a signed link that expires (PRINT_FILE_LINK_TTL_HOURS). Each
// submission mints fresh links, so a resubmission after a long wait never hands over a dead one.
import { OrderItem } from '#db/entities/order.ts';
import type { Env } from '#server/env.server.ts';
import type { RenderDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { InvalidDesignError, renderPdf, validateDesign } from '#server/rendering/print-files.server.ts';
import { signExpiringToken, verifyExpiringToken } from '#server/signing.server.ts';
import { serveStoredFile } from '#server/storage/serve-stored-file.server.ts';
import type { FileStorage } from '#server/storage/storage.server.ts';

const PURPOSE = 'atelier:print-files:v1';

export const printFileKey = (orderNumber: string, itemId: number) => `print-files/${orderNumber}/${itemId}.pdf`;

/** Renders the item's print PDF once (a retry, or a second submission, finds it stored). */
export async function preparePrintFile(
  { orm, storage }: Pick<RenderDeps, 'orm' | 'storage'>,
  { orderNumber, itemId }: { orderNumber: string; itemId: number },
): Promise<{ key: string; size: number }> {
  const key = printFileKey(orderNumber, itemId);
  const stored = await storage.stat(key);
  if (stored) return { key, size: stored.size };
  const item = await orm.em.fork().findOne(OrderItem, { id: itemId, order: { orderNumber } });
  if (!item) throw new PermanentError(`item ${itemId} is not part of ${orderNumber}`, 'NoSuchItem');
  let design: ReturnType<typeof validateDesign>;
  try {
    design = validateDesign(item.personalisation, item.printSize);
  } catch (err) {
    if (err instanceof InvalidDesignError) throw new PermanentError(err.message, 'InvalidDesign');
    throw err;
  }
  const pdf = await renderPdf(design.personalisation, design.size);
  const written = await storage.put(key, pdf.bytes, 'application/pdf');
  return { key, size: written.size };
}

/** The absolute link a provider fetches the item's print file from, working until `now` + PRINT_FILE_LINK_TTL_HOURS. */
export function printFileUrl(
  env: Pick<Env, 'APP_URL' | 'SESSION_SECRET' | 'PRINT_FILE_LINK_TTL_HOURS'>,
  orderNumber: string,
  itemId: number,
  now: Date,
): string {
  const expiresAt = new Date(now.getTime() + env.PRINT_FILE_LINK_TTL_HOURS * 3600_000);
  const token = signExpiringToken(`${orderNumber}/${itemId}`, expiresAt, env.SESSION_SECRET, PURPOSE);
  return `${env.APP_URL}/print-files/${encodeURIComponent(orderNumber)}/${itemId}/${token}`;
}

const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

/** GET|HEAD of a print-file link: the PDF (or a short-lived storage URL), 403 for a forged link, 410 for an expired one. */
export async function servePrintFile(
  { storage, secret, method }: { storage: FileStorage; secret: string; method: string },
  { orderNumber, itemId, token }: { orderNumber: string; itemId: string; token: string },
): Promise<Response> {
  if (!/^\d{1,12}$/.test(itemId)) return plain(404, 'No such print file');
  const check = verifyExpiringToken(`${orderNumber}/${itemId}`, token, secret, PURPOSE);
  if (!check.ok)
    return check.reason === 'expired' ? plain(410, 'This print-file link has expired') : plain(403, 'This print-file link is not valid');
  const fileName = `${orderNumber}-${itemId}.pdf`;
  return serveStoredFile(storage, printFileKey(orderNumber, Number(itemId)), {
    method,
    fileName,
    contentType: 'application/pdf',
    headers: {
      'Content-Type': 'application/pdf',
      'Cache-Control': 'private, no-store',
      'Content-Disposition': `inline; filename="${fileName}"`,
    },
    missing: () => plain(404, 'No such print file'),
  });
}
