// The pages phase: the catalog and a product page for guests at each --connections, then the signed-in pages.
import { PRODUCT_SLUG } from '../lib/carts.ts';
import { benchPage } from '../lib/pages.ts';
import { benchSignedInPages } from '../lib/signed-in-pages.ts';
import { ms, num } from '../lib/stats.ts';
import { benchDb, type PhaseContext } from './context.ts';

export async function runPagesPhase(ctx: PhaseContext): Promise<void> {
  const { stack, config, results, measure, log } = ctx;
  const pages = [
    { name: 'Catalog', path: '/' },
    { name: 'Product page', path: `/products/${PRODUCT_SLUG}` },
  ];
  for (const page of pages) {
    for (const connections of config.connections) {
      log(
        `bench: ${page.name} ${page.path} at ${connections} connections (${config.warmupSeconds} s warm-up + ${config.durationSeconds} s)…`,
      );
      const run = await benchPage({
        baseUrl: stack.baseUrl,
        ...page,
        connections,
        durationSeconds: config.durationSeconds,
        warmupSeconds: config.warmupSeconds,
        headers: config.gzip ? { 'accept-encoding': 'gzip' } : undefined,
        wrap: (fn) => measure(`${page.name} ${connections} conn`, fn),
      });
      results.pages.push(run);
      log(
        `bench:   ${num(run.okPerSecond)} req/s, p50 ${ms(run.latency.p50)} ms, p95 ${ms(run.latency.p95)} ms, p99 ${ms(run.latency.p99)} ms, errors ${num(run.non2xx + run.errors)}`,
      );
    }
  }
  // The same pages and more for signed-in shoppers with carts: never from the page cache, one session per request in turn.
  const db = await benchDb(ctx);
  results.signedInPages = await benchSignedInPages({
    stack,
    db,
    shoppers: config.quick ? 50 : 200,
    connections: config.connections,
    durationSeconds: config.durationSeconds,
    warmupSeconds: config.warmupSeconds,
    headers: config.gzip ? { 'accept-encoding': 'gzip' } : undefined,
    wrap: measure,
    log,
  });
}
