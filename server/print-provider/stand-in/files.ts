// The stand-in downloads each print file once, as Gelato does after accepting an order, and keeps what
// happened (status, size) for the dev page. A download that fails does not fail the order: it is shown.
import type { FileFetch, OrderStore, StandInRecord } from './orders.ts';

const FETCH_TIMEOUT_MS = 60_000;

export function pendingFetches(record: StandInRecord): FileFetch[] {
  return record.order.items.flatMap((item) =>
    item.files.map((file) => ({
      itemReferenceId: item.itemReferenceId,
      url: file.url,
      state: 'pending' as const,
      status: null,
      bytes: null,
      error: null,
      at: null,
    })),
  );
}

async function download(url: string, signal: AbortSignal): Promise<{ status: number; bytes: number }> {
  const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]) });
  let bytes = 0;
  const reader = response.body?.getReader();
  for (let part = await reader?.read(); part && !part.done; part = await reader!.read()) bytes += part.value.byteLength;
  return { status: response.status, bytes };
}

/** Downloads every pending file of the order, one after another, saving after each. */
export async function fetchFiles(store: OrderStore, record: StandInRecord, signal: AbortSignal): Promise<void> {
  for (const fetchOf of record.fileFetches) {
    if (fetchOf.state !== 'pending') continue;
    try {
      const { status, bytes } = await download(fetchOf.url, signal);
      Object.assign(fetchOf, { state: status >= 200 && status < 300 ? 'ok' : 'failed', status, bytes, error: null });
    } catch (e) {
      if (signal.aborted) return;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      Object.assign(fetchOf, { state: 'failed', error: cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e)) });
    }
    fetchOf.at = new Date().toISOString();
    store.save();
  }
}
