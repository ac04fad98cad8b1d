// Pages for shoppers who carry a cookie: never answered from the guest page cache, so every request is a render of that
// shopper's own page. Many signed-in shoppers (bench/lib/signed-in-shoppers.ts), each with a paid order and a cart of
// two posters; autocannon's connections take the shoppers' cookies in turn, one shopper per request, so no connection
// keeps asking for the same person's page. Every response is checked to be that shopper's (their email in the header,
// their cart's titles or order number in the page) and not a cached copy (the page cache marks what it handled with
// X-Cache). Beside req/s and latency, the CPU the web processes (and PostgreSQL) used per request.
import autocannon from 'autocannon';
import type pg from 'pg';
import type { Stack } from '../../scripts/lib/stack.ts';
import { coresUsed } from './cpu.ts';
import { PRODUCT_SLUG } from './carts.ts';
import type { Failure } from './failures.ts';
import { pageRunOf, type PageRun } from './pages.ts';
import { createShoppers, type Shopper } from './signed-in-shoppers.ts';
import { ms, num } from './stats.ts';
import { stackCpu } from './worker-env.ts';

export interface SignedInPage {
  name: string;
  /** The path as the table shows it (`/account/orders/:orderNumber`). */
  label: string;
  path: (s: Shopper) => string;
  /** Text that only this shopper's page holds, besides their email. */
  own: (s: Shopper) => string[];
}

export const SIGNED_IN_PAGES: SignedInPage[] = [
  { name: 'Cart (signed in)', label: '/cart', path: () => '/cart', own: (s) => [...s.cartTitles] },
  { name: 'Account (signed in)', label: '/account', path: () => '/account', own: (s) => [s.orderNumber] },
  {
    name: 'Order page (signed in)',
    label: '/account/orders/:orderNumber',
    path: (s) => `/account/orders/${s.orderNumber}`,
    own: (s) => [s.orderNumber, s.orderTitle],
  },
  { name: 'Product page (signed in)', label: `/products/${PRODUCT_SLUG}`, path: () => `/products/${PRODUCT_SLUG}`, own: () => [] },
];

export interface SignedInPageRun extends PageRun {
  /** Distinct shoppers whose cookies the connections took in turn. */
  sessions: number;
  /** Responses that were not the shopper's own page (wrong status, someone else's or nobody's, or from the page cache). */
  notOwn: number;
  /** Of those, answered by the guest page cache (an X-Cache header). */
  fromCache: number;
  notOwnExample: string | null;
  /** CPU milliseconds per response over the measured run: the web processes, PostgreSQL, the load generator. */
  cpuMsPerRequest: { web: number; postgres: number; loadGenerator: number } | null;
}

export interface SignedInPagesRun {
  shoppers: number;
  requested: number;
  setupSeconds: number;
  setupFailures: Failure[];
  pages: SignedInPageRun[];
}

/** What autocannon's `requests` entries take (bench/autocannon.d.ts declares only the options the other runs use). */
interface CyclingRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  setupRequest: (request: CyclingRequest, context: { shopper?: Shopper }) => CyclingRequest;
  onResponse: (status: number, body: string, context: { shopper?: Shopper }, headers: Record<string, string | string[]>) => void;
}

interface Tally {
  latencies: number[];
  bytes: number;
  notOwn: number;
  fromCache: number;
  notOwnExample: string | null;
}

/** One autocannon run; each request takes the next shopper's cookie and path, each response is checked. */
async function load(opts: {
  baseUrl: string;
  page: SignedInPage;
  shoppers: Shopper[];
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  tally?: Tally;
}): Promise<autocannon.Result> {
  let next = 0;
  const { page, tally } = opts;
  const request: CyclingRequest = {
    method: 'GET',
    setupRequest: (req, context) => {
      const shopper = opts.shoppers[next++ % opts.shoppers.length]!;
      context.shopper = shopper;
      return { ...req, path: page.path(shopper), headers: { ...opts.headers, ...req.headers, cookie: shopper.cookie } };
    },
    onResponse: (status, body, context, headers) => {
      if (!tally) return;
      const s = context.shopper;
      const cached = Object.keys(headers).some((h) => h.toLowerCase() === 'x-cache');
      const missing = s ? [s.email, ...page.own(s)].find((text) => !body.includes(text)) : 'no shopper';
      if (status === 200 && !cached && missing === undefined) return;
      tally.notOwn++;
      if (cached) tally.fromCache++;
      tally.notOwnExample ??= `${page.path(s!)} as ${s?.email}: ${status}${cached ? ', from the page cache' : ''}${missing !== undefined ? `, without "${missing}"` : ''}`;
    },
  };
  const options: autocannon.Options & { requests: CyclingRequest[] } = {
    url: opts.baseUrl,
    connections: opts.connections,
    duration: opts.durationSeconds,
    timeout: 10,
    requests: [request],
  };
  const instance = autocannon(options);
  if (tally) {
    instance.on('response', (_client: unknown, _status: number, bytes: number, responseTime: number) => {
      tally.latencies.push(responseTime);
      tally.bytes += bytes;
    });
  }
  return await instance;
}

async function benchSignedInPage(opts: {
  stack: Stack;
  page: SignedInPage;
  shoppers: Shopper[];
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  headers?: Record<string, string>;
  wrap: <T>(fn: () => Promise<T>) => Promise<T>;
}): Promise<SignedInPageRun> {
  const base = {
    baseUrl: opts.stack.baseUrl,
    page: opts.page,
    shoppers: opts.shoppers,
    connections: opts.connections,
    headers: opts.headers,
  };
  if (opts.warmupSeconds > 0) await load({ ...base, durationSeconds: opts.warmupSeconds });
  const tally: Tally = { latencies: [], bytes: 0, notOwn: 0, fromCache: 0, notOwnExample: null };
  const before = stackCpu(opts.stack);
  const result = await opts.wrap(() => load({ ...base, durationSeconds: opts.durationSeconds, tally }));
  const cores = coresUsed(before, stackCpu(opts.stack));
  const page = pageRunOf(
    result,
    { name: opts.page.name, path: opts.page.label, connections: opts.connections, durationSeconds: opts.durationSeconds },
    tally.latencies,
    tally.bytes,
  );
  const perRequest = (label: string) => ((cores?.[label] ?? 0) * page.durationSeconds * 1000) / Math.max(1, page.responses);
  return {
    ...page,
    sessions: opts.shoppers.length,
    notOwn: tally.notOwn,
    fromCache: tally.fromCache,
    notOwnExample: tally.notOwnExample,
    cpuMsPerRequest: cores
      ? { web: perRequest('web'), postgres: perRequest('postgres'), loadGenerator: perRequest('load generator') }
      : null,
  };
}

/** Runs each signed-in page at each number of connections with these shoppers' cookies. */
/** How the pages are loaded: connections, durations, extra headers, the CPU wrapper and the log. */
interface PagesLoad {
  stack: Stack;
  connections: number[];
  durationSeconds: number;
  warmupSeconds: number;
  headers?: Record<string, string>;
  wrap: <T>(phase: string, fn: () => Promise<T>) => Promise<T>;
  log: (message: string) => void;
}

export async function runSignedInPages(opts: PagesLoad & { shoppers: Shopper[] }): Promise<SignedInPageRun[]> {
  const pages: SignedInPageRun[] = [];
  for (const page of SIGNED_IN_PAGES) {
    for (const connections of opts.connections) {
      opts.log(
        `bench: ${page.name} ${page.label} at ${connections} connections, ${opts.shoppers.length} sessions (${opts.warmupSeconds} s warm-up + ${opts.durationSeconds} s)…`,
      );
      const run = await benchSignedInPage({ ...opts, page, connections, wrap: (fn) => opts.wrap(`${page.name} ${connections} conn`, fn) });
      pages.push(run);
      opts.log(
        `bench:   ${num(run.okPerSecond)} req/s, p50 ${ms(run.latency.p50)} ms, p99 ${ms(run.latency.p99)} ms, web CPU ${ms(run.cpuMsPerRequest?.web)} ms/request, errors ${num(run.non2xx + run.errors)}, not the shopper's own ${num(run.notOwn)}`,
      );
    }
  }
  return pages;
}

/** Makes the shoppers, then runs each signed-in page at each number of connections. */
export async function benchSignedInPages(opts: PagesLoad & { db: pg.Pool; shoppers: number }): Promise<SignedInPagesRun> {
  const setup = await createShoppers({ stack: opts.stack, db: opts.db, count: opts.shoppers, log: opts.log });
  if (setup.shoppers.length === 0) throw new Error(`no signed-in shopper could be set up: ${JSON.stringify(setup.failures)}`);
  opts.log(`bench: signed-in pages: ${setup.shoppers.length} shoppers ready in ${setup.seconds.toFixed(1)} s`);
  const pages = await runSignedInPages({ ...opts, shoppers: setup.shoppers });
  return { shoppers: setup.shoppers.length, requested: setup.requested, setupSeconds: setup.seconds, setupFailures: setup.failures, pages };
}
