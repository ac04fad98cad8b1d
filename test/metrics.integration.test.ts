// Observability end to end: the web server's Prometheus metrics (gathered across its cluster
// processes, labelled by Remix route id, served to loopback or the METRICS_TOKEN bearer), errors
// (5xx answers while PostgreSQL refuses connections, a client that gives up mid-request), the JSON
// request log, and the workers' Temporal Core metrics endpoint.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type pg from 'pg';
import { getFreePort } from '../scripts/lib/net.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { Browser, database, personalisation, waitFor } from './http.ts';

const TOKEN = 'test-metrics-token-0123456789';
const ORDER_NUMBER = 'ATL-2026-7K3M9Q2B';
/** The test's own connections, named so that cutting the shop's connections spares them. */
const TEST_CONNECTIONS = 'metrics-test';
let stack: Stack;
let db: pg.Pool;
let workerMetricsPort: number;

before(async () => {
  workerMetricsPort = await getFreePort();
  stack = await startStack({
    name: 'metrics',
    group: new ProcessGroup(),
    // Two web processes, so /metrics has to gather both.
    env: { WEB_CONCURRENCY: '2', METRICS_TOKEN: TOKEN, WORKER_METRICS_ADDRESS: `127.0.0.1:${workerMetricsPort}` },
  });
  db = database(`${stack.databaseUrl}?application_name=${TEST_CONNECTIONS}`);
  db.on('error', () => undefined);
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format → samples (enough of it for these tests). */
function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

const get = (pathname: string, headers: Record<string, string> = {}) =>
  fetch(new URL(pathname, stack.baseUrl), { headers, redirect: 'manual' });

async function metrics(headers: Record<string, string> = {}): Promise<Sample[]> {
  const res = await get('/metrics', headers);
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  return parseSamples(await res.text());
}

const requests = (samples: Sample[], route: string, statusClass: string) =>
  samples.find(
    (s) =>
      s.name === 'http_requests_total' && s.labels.method === 'GET' && s.labels.route === route && s.labels.status_class === statusClass,
  )?.value ?? 0;

type HttpLabels = { method: string; route: string; status_class: string };
/** The value of one series of a counter (0 when it has none yet). */
const series = (samples: Sample[], name: string, l: HttpLabels) =>
  samples.find(
    (s) => s.name === name && s.labels.method === l.method && s.labels.route === l.route && s.labels.status_class === l.status_class,
  )?.value ?? 0;
/** http_request_errors_total over all its series. */
const errorsTotal = (samples: Sample[]) => samples.filter((s) => s.name === 'http_request_errors_total').reduce((n, s) => n + s.value, 0);

test('requests are counted and timed by method, Remix route id and status class, across the web processes', async () => {
  const pages: Array<[string, number]> = [
    ['/', 200],
    ['/products/night-sky-print-digital', 200],
    ['/products/night-sky-print-digital', 200],
    ['/products/night-sky-print-digital', 200],
    [`/account/orders/${ORDER_NUMBER}`, 302],
    [`/no-such-page/${ORDER_NUMBER}`, 404],
  ];
  const before = await metrics();
  for (const [page, status] of pages) {
    const res = await get(page);
    await res.arrayBuffer();
    assert.equal(res.status, status, page);
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, 'every answer carries its request id');
  }
  const after = await metrics();
  const delta = (route: string, cls: string) => requests(after, route, cls) - requests(before, route, cls);
  assert.equal(delta('routes/_index', '2xx'), 1);
  assert.equal(delta('routes/products.$slug', '2xx'), 3, 'the counts of both web processes are summed');
  assert.equal(delta('routes/account.orders.$orderNumber', '3xx'), 1);
  assert.equal(delta('unmatched', '4xx'), 1);

  const histogram = after.find(
    (s) =>
      s.name === 'http_request_duration_seconds_count' && s.labels.route === 'routes/products.$slug' && s.labels.status_class === '2xx',
  );
  assert.ok(histogram && histogram.value >= 3, 'the latency histogram has the requests');
  assert.ok(after.some((s) => s.name === 'http_request_duration_seconds_bucket' && s.labels.le === '+Inf'));
  assert.equal(errorsTotal(after) - errorsTotal(before), 0, 'no 2xx, 3xx or 4xx answer is counted as an error');

  // Bounded labels: no raw path, order number or token ever becomes a label value.
  for (const s of after) {
    for (const value of Object.values(s.labels)) {
      assert.doesNotMatch(value, /ATL-\d{4}-|^\/|night-sky/, `${s.name} ${JSON.stringify(s.labels)}`);
    }
  }
  const routes = new Set(after.filter((s) => s.name === 'http_requests_total').map((s) => s.labels.route));
  for (const route of routes) assert.match(route ?? '', /^(routes\/[\w.$[\]-]+|root|static|unmatched|metrics|remix-manifest)$/);

  // Node process metrics from prom-client's defaults.
  for (const name of ['process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']) {
    assert.ok(
      after.some((s) => s.name === name),
      name,
    );
  }
});

test('5xx answers are counted as errors by method, route and status class: PostgreSQL refusing connections makes the cart and checkout answer 503', async () => {
  const { rows } = await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-DIG-A4'");
  const shopper = new Browser(stack.baseUrl);
  assert.equal(
    (await shopper.post('/products/night-sky-print-digital?index', { variantId: rows[0]!.id, quantity: 1, ...personalisation })).status,
    303,
  );
  const dbName = new URL(stack.databaseUrl).pathname.slice(1);
  const admin = database(stack.databaseUrl.replace(/\/[^/]+$/, '/postgres'));
  const before = await metrics();
  const statuses: number[] = [];
  try {
    // The web processes' pooled connections are cut and no new one is allowed: every loader and action that needs the database throws.
    await admin.query(`alter database "${dbName}" allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name <> $2', [
      dbName,
      TEST_CONNECTIONS,
    ]);
    for (const answer of [await shopper.get('/cart'), await shopper.get('/cart'), await shopper.post('/checkout', {})]) {
      await answer.arrayBuffer();
      statuses.push(answer.status);
    }
  } finally {
    await admin.query(`alter database "${dbName}" allow_connections true`);
    await admin.end();
  }
  assert.deepEqual(statuses, [503, 503, 503]);
  const after = await metrics();
  const cart = { method: 'GET', route: 'routes/cart', status_class: '5xx' };
  const checkout = { method: 'POST', route: 'routes/checkout', status_class: '5xx' };
  const delta = (name: string, labels: HttpLabels) => series(after, name, labels) - series(before, name, labels);
  assert.equal(delta('http_request_errors_total', cart), 2);
  assert.equal(delta('http_request_errors_total', checkout), 1);
  assert.equal(errorsTotal(after) - errorsTotal(before), 3, 'the three 5xx answers, each once, and nothing else');
  assert.equal(delta('http_requests_total', cart), 2, 'an error is a request too');
  assert.equal(delta('http_requests_total', checkout), 1);
  // The pools reconnect once PostgreSQL lets them.
  await waitFor(
    'the cart page back',
    async () => {
      const page = await shopper.get('/cart');
      await page.arrayBuffer();
      return page.status === 200;
    },
    30_000,
  );
});

test('a client that disconnects before the answer is counted as an aborted request and an error', async () => {
  const before = await metrics();
  // A form post that declares 1,000 bytes and sends a few: the action waits for the rest, and the client gives up.
  await new Promise<void>((resolve, reject) => {
    const req = http.request(new URL('/products/night-sky-print-digital?index', stack.baseUrl), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': '1000',
        Origin: new URL(stack.baseUrl).origin,
        Expect: '100-continue',
      },
    });
    // 100 Continue is written as the server hands the request to its handler: from then on the request is the shop's.
    req.on('continue', () => {
      req.write('variantId=1&quantity=1&title=');
      req.destroy();
      resolve();
    });
    req.on('response', (res) => reject(new Error(`the shop answered ${res.statusCode} before the body was complete`)));
    req.on('error', () => undefined);
    req.flushHeaders();
  });
  const aborted = { method: 'POST', route: 'routes/products.$slug', status_class: 'aborted' };
  const after = await waitFor(
    'the aborted request counted',
    async () => {
      const samples = await metrics();
      return series(samples, 'http_requests_total', aborted) > series(before, 'http_requests_total', aborted) ? samples : null;
    },
    10_000,
  );
  assert.equal(series(after, 'http_requests_total', aborted) - series(before, 'http_requests_total', aborted), 1);
  assert.equal(series(after, 'http_request_errors_total', aborted) - series(before, 'http_request_errors_total', aborted), 1);
  assert.equal(errorsTotal(after) - errorsTotal(before), 1, 'the aborted request is the only new error');
});

test('the request log is one JSON line per request with route, status, ms, request id and the order number', async () => {
  const res = await get(`/account/orders/${ORDER_NUMBER}`, { 'X-Request-Id': 'metrics-test-request-1' });
  assert.equal(res.headers.get('x-request-id'), 'metrics-test-request-1', 'a caller-given request id is kept');
  const line = await waitFor(
    'the request log line',
    async () => {
      const log = fs.readFileSync(path.join(stack.logDir, 'web.log'), 'utf8');
      return log.split('\n').find((l) => l.includes('"requestId":"metrics-test-request-1"'));
    },
    10_000,
  );
  const record = JSON.parse(line) as Record<string, unknown>;
  assert.equal(record.msg, 'request');
  assert.equal(record.level, 'info');
  assert.equal(record.method, 'GET');
  assert.equal(record.route, 'routes/account.orders.$orderNumber');
  assert.equal(record.status, 302);
  assert.equal(record.orderNumber, ORDER_NUMBER);
  assert.equal(typeof record.ms, 'number');
  assert.match(String(record.time), /^\d{4}-\d\d-\d\dT/);
});

test('/metrics is refused to proxied or remote clients without the token', async () => {
  const forwarded = await get('/metrics', { 'X-Forwarded-For': '203.0.113.9' });
  assert.equal(forwarded.status, 403);
  assert.doesNotMatch(await forwarded.text(), /http_requests_total/);
  const wrong = await get('/metrics', { 'X-Forwarded-For': '203.0.113.9', Authorization: 'Bearer not-the-token' });
  assert.equal(wrong.status, 403);
  const samples = await metrics({ 'X-Forwarded-For': '203.0.113.9', Authorization: `Bearer ${TOKEN}` });
  assert.ok(
    samples.some((s) => s.name === 'http_requests_total'),
    'the token opens it from anywhere',
  );
  const refused = (await metrics()).find(
    (s) => s.name === 'http_requests_total' && s.labels.route === 'metrics' && s.labels.status_class === '4xx',
  );
  assert.ok(refused && refused.value >= 2, 'refusals are counted too');
});

test("the worker's Prometheus endpoint serves Temporal Core's temporal_ metrics", async () => {
  const text = await waitFor(
    'temporal_ metrics from the worker',
    async () => {
      const res = await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`).catch(() => null);
      const body = res?.ok ? await res.text() : '';
      return /^temporal_\w+/m.test(body) ? body : null;
    },
    30_000,
  );
  const names = new Set(parseSamples(text).map((s) => s.name));
  assert.ok(
    [...names].some((n) => n.startsWith('temporal_')),
    [...names].join(', '),
  );
  assert.ok(
    [...names].some((n) => /^temporal_(num_pollers|worker_task_slots_available|request)/.test(n)),
    [...names].slice(0, 20).join(', '),
  );

  // The workers' own logs are JSON lines too (NODE_ENV=production), e.g. the SDK's worker state.
  const workerLog = fs.readFileSync(path.join(stack.logDir, 'worker.log'), 'utf8');
  const state = workerLog.split('\n').find((l) => l.includes('"msg":"Worker state changed"'));
  assert.ok(state, 'the SDK logs through the JSON logger');
  assert.equal((JSON.parse(state) as { sdkComponent?: string }).sdkComponent, 'worker');
});
