// Where an order item's print files are stored and what they are called.
import type { PrintSize } from '#core/design/themes.ts';
import type { DownloadKind } from '#db/entities/download.ts';
import type { OrderItem } from '#db/entities/order.ts';
import { DOWNLOAD_KINDS_PER_ITEM } from '#server/emails/files-ready.server.ts';

export const DOWNLOAD_FILES: Record<DownloadKind, { contentType: string; ext: string }> = {
  png: { contentType: 'image/png', ext: 'png' },
  pdf: { contentType: 'application/pdf', ext: 'pdf' },
};
export const KINDS: readonly DownloadKind[] = DOWNLOAD_KINDS_PER_ITEM;
/** Rough time a file takes here, for a progress bar that moves while the renderer works. */
export const EXPECTED_MS: Record<PrintSize, number> = { A4: 1500, A3: 2500, '50x70': 7000 };

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

export const labelOf = (item: OrderItem) => `${item.productTitle} — ${item.variantTitle}`;
/** An item with print files to make (a credit pack has none). */
export const isDigital = (item: OrderItem) => item.format !== 'physical' && !item.grantsCredits;
