import { pingDatabase } from '#server/db.server.ts';
import { pingTemporal } from '#server/temporal/client.server.ts';

async function check(fn: () => Promise<number>) {
  try {
    return { ok: true, latencyMs: Math.round((await fn()) * 10) / 10 };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

export async function loader() {
  const [database, temporal] = await Promise.all([check(() => pingDatabase()), check(() => pingTemporal())]);
  const ready = database.ok && temporal.ok;
  return new Response(JSON.stringify({ status: ready ? 'ready' : 'unavailable', database, temporal }), {
    status: ready ? 200 : 503,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
}
