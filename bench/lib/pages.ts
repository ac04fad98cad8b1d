// Page throughput and latency with autocannon's programmatic API (closed loop: each connection sends
// its next request when the previous answer arrived).
import autocannon from 'autocannon';
import { summarize, type Summary } from './stats.ts';

export interface PageRun {
  name: string;
  path: string;
  connections: number;
  durationSeconds: number;
  /** Responses per second over the measured window (all statuses). */
  requestsPerSecond: number;
  /** 2xx responses per second. */
  okPerSecond: number;
  responses: number;
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts (no response at all). */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Latency of every response, in ms (our own samples: autocannon reports no p95). */
  latency: Summary;
  /** Average response body size, bytes. */
  avgBytes: number;
}

interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
}

async function load(opts: LoadOptions, onResponse?: (statusCode: number, bytes: number, ms: number) => void): Promise<autocannon.Result> {
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.durationSeconds,
    timeout: 10,
    headers: opts.headers,
  });
  if (onResponse) {
    instance.on('response', (_client: unknown, statusCode: number, bytes: number, responseTime: number) =>
      onResponse(statusCode, bytes, responseTime),
    );
  }
  return await instance;
}

export async function benchPage(opts: {
  baseUrl: string;
  name: string;
  path: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  headers?: Record<string, string>;
  /** Wraps the measured run (not the warm-up), e.g. to sample CPU use around it. */
  wrap?: <T>(fn: () => Promise<T>) => Promise<T>;
}): Promise<PageRun> {
  const url = new URL(opts.path, opts.baseUrl).href;
  // Warm-up at the same concurrency: JIT, connection pools, keep-alive sockets; not counted.
  if (opts.warmupSeconds > 0)
    await load({ url, connections: opts.connections, durationSeconds: opts.warmupSeconds, headers: opts.headers });

  const latencies: number[] = [];
  let bytes = 0;
  const measured = () =>
    load({ url, connections: opts.connections, durationSeconds: opts.durationSeconds, headers: opts.headers }, (_status, b, t) => {
      latencies.push(t);
      bytes += b;
    });
  const result = await (opts.wrap ? opts.wrap(measured) : measured());
  return pageRunOf(
    result,
    { name: opts.name, path: opts.path, connections: opts.connections, durationSeconds: opts.durationSeconds },
    latencies,
    bytes,
  );
}

/** A page run's figures from autocannon's result and our own samples (latency of every response, bytes). */
export function pageRunOf(
  result: autocannon.Result,
  run: { name: string; path: string; connections: number; durationSeconds: number },
  latencies: number[],
  bytes: number,
): PageRun {
  const seconds = result.duration || run.durationSeconds;
  const responses = latencies.length;
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count;
  return {
    name: run.name,
    path: run.path,
    connections: run.connections,
    durationSeconds: seconds,
    requestsPerSecond: responses / seconds,
    okPerSecond: result['2xx'] / seconds,
    responses,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    latency: summarize(latencies),
    avgBytes: responses ? bytes / responses : 0,
  };
}
