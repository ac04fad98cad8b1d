// A small shared cache in front of Remix for guests (server.ts): a page that says it may be shared
// (`Cache-Control: public, s-maxage=N`, see cache-headers.server.ts) is kept for N seconds and answered
// from memory, the way a CDN would. It only ever stores and answers requests without a cookie, and only
// responses that set no cookie and vary by nothing else, so nobody sees another person's cart or session.
// While one request refreshes an expired page, the others get the old copy (stale-while-revalidate);
// requests for a page not yet stored wait for the first one instead of all rendering it.
// A page's CSP nonce is never shared: a stored page that carries one (Remix's inline scripts) is sent with
// the nonce this request was given (security-headers.server.ts), in its Content-Security-Policy and in
// its body, so every visitor gets an unguessable nonce of their own (decision record 047).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { cspNonceOf } from './security-headers.server.ts';

export interface PageCacheOptions {
  /** Memory budget for bodies (identity plus compressed copies), bytes. */
  maxBytes?: number;
  /** Larger responses are not stored, bytes. */
  maxEntryBytes?: number;
  /** Upper bound on s-maxage and on stale-while-revalidate: a CDN is the place for long lifetimes. */
  maxSeconds?: number;
  /** How long a request waits for another one rendering the same page before rendering it too, ms. */
  maxWaitMs?: number;
  now?: () => number;
}

type Encoding = 'br' | 'gzip';

interface Entry {
  headers: [string, string | number | string[]][];
  body: Buffer;
  /** The CSP nonce the page was rendered with, when its body carries it: replaced on the way out. */
  nonce: string | null;
  encoded: Partial<Record<Encoding, Buffer>>;
  bytes: number;
  storedAt: number;
  freshUntil: number;
  staleUntil: number;
}

// Set per response by Node or by us on the way out, never replayed from the cache.
const NOT_STORED = new Set([
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'date',
  'age',
  'x-cache',
  'set-cookie',
]);
// Responses varying by anything else are not stored: cookie is absent by construction, encoding handled here.
const VARY_ALLOWED = new Set(['cookie', 'accept-encoding']);
// Below this, compressing is not worth it (compression's default threshold).
const COMPRESS_THRESHOLD = 1024;

export interface PageCache extends RequestHandler {
  clear(): void;
  readonly size: number;
}

function directives(cacheControl: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of cacheControl.split(',')) {
    const [name = '', value = ''] = part.split('=', 2).map((s) => s.trim());
    if (name) map.set(name.toLowerCase(), value.replace(/^"|"$/g, ''));
  }
  return map;
}

/** Fresh and stale lifetimes in seconds when the response may be stored, else null. */
export function storableLifetime(
  res: Pick<Response, 'statusCode' | 'getHeader'>,
  maxSeconds: number,
): { fresh: number; stale: number } | null {
  if (res.statusCode !== 200 || res.getHeader('set-cookie') !== undefined) return null;
  const encoding = res.getHeader('content-encoding');
  if (encoding !== undefined && encoding !== 'identity') return null;
  const vary = String(res.getHeader('vary') ?? '');
  if (vary.split(',').some((v) => v.trim() && !VARY_ALLOWED.has(v.trim().toLowerCase()))) return null;
  const cc = directives(String(res.getHeader('cache-control') ?? ''));
  if (!cc.has('public') || cc.has('private') || cc.has('no-store') || cc.has('no-cache')) return null;
  const fresh = Math.min(Number(cc.get('s-maxage')), maxSeconds);
  if (!(fresh > 0)) return null;
  const stale = Math.min(Number(cc.get('stale-while-revalidate') ?? 0) || 0, maxSeconds);
  return { fresh, stale: Math.max(0, stale) };
}

/** The best encoding the client accepts ("br" before "gzip"), or null for identity. */
export function acceptedEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

function toBuffer(chunk: unknown, encoding?: unknown): Buffer | null {
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk); // a copy: the writer may reuse its buffer
  return null;
}

/** `body` with every occurrence of `from` replaced by `to`. */
export function replaceAll(body: Buffer, from: string, to: string): Buffer {
  const needle = Buffer.from(from);
  const replacement = Buffer.from(to);
  const parts: Buffer[] = [];
  let start = 0;
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, start)) {
    parts.push(body.subarray(start, at), replacement);
    start = at + needle.length;
  }
  if (start === 0) return body;
  parts.push(body.subarray(start));
  return Buffer.concat(parts);
}

/** A stored Content-Security-Policy with the page's old nonce source replaced by this response's. */
function renonceHeader(value: string | number | string[], from: string, to: string): string | number | string[] {
  const swap = (policy: string) => policy.split(`'nonce-${from}'`).join(`'nonce-${to}'`);
  return Array.isArray(value) ? value.map(swap) : typeof value === 'string' ? swap(value) : value;
}

export function createPageCache(options: PageCacheOptions = {}): PageCache {
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const maxEntryBytes = options.maxEntryBytes ?? 512 * 1024;
  const maxSeconds = options.maxSeconds ?? 60;
  const maxWaitMs = options.maxWaitMs ?? 2000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  /** Keys being rendered now, with who waits for the result. */
  const inFlight = new Map<string, Promise<Entry | null>>();
  let bytes = 0;

  function remove(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  }

  function store(key: string, entry: Entry): void {
    remove(key);
    entries.set(key, entry);
    bytes += entry.bytes;
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(oldest);
    }
  }

  function encoded(entry: Entry, encoding: Encoding): Buffer {
    let body = entry.encoded[encoding];
    if (!body) {
      body =
        encoding === 'br'
          ? brotliCompressSync(entry.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 6, [zlib.BROTLI_PARAM_SIZE_HINT]: entry.body.length } })
          : gzipSync(entry.body, { level: 6 });
      entry.encoded[encoding] = body;
      entry.bytes += body.length;
      bytes += body.length;
    }
    return body;
  }

  function send(req: Request, res: Response, entry: Entry, state: 'HIT' | 'STALE'): void {
    const nonce = cspNonceOf(res);
    const renonce = entry.nonce && nonce ? { from: entry.nonce, to: nonce } : null;
    for (const [name, value] of entry.headers)
      res.setHeader(name, renonce && name === 'content-security-policy' ? renonceHeader(value, renonce.from, renonce.to) : value);
    let body: Buffer;
    if (renonce) {
      // This visitor's own nonce in the page: identity bytes, which compression() in front compresses per response.
      body = replaceAll(entry.body, renonce.from, renonce.to);
    } else {
      const encoding = entry.body.length >= COMPRESS_THRESHOLD ? acceptedEncoding(req.headers['accept-encoding']) : null;
      body = encoding ? encoded(entry, encoding) : entry.body;
      if (encoding) res.setHeader('Content-Encoding', encoding);
    }
    res.setHeader('Content-Length', body.length);
    res.setHeader('Age', Math.max(0, Math.floor((now() - entry.storedAt) / 1000)));
    res.setHeader('X-Cache', state);
    res.statusCode = 200;
    res.end(body);
  }

  /**
   * Lets the request through to Remix and stores what it answers, when it may be stored. The promise
   * settles with the entry, or with null as soon as the headers show it will not be stored.
   */
  function fill(key: string, res: Response): Promise<Entry | null> {
    let settle!: (entry: Entry | null) => void;
    const settled = new Promise<Entry | null>((resolve) => (settle = resolve));
    const chunks: Buffer[] = [];
    let size = 0;
    let lifetime: { fresh: number; stale: number } | null | undefined;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (lifetime === undefined) {
        // The first body bytes: the status and headers are final. Bytes somebody else already
        // encoded are not ours to decode.
        lifetime = res.getHeader('content-encoding') === undefined ? storableLifetime(res, maxSeconds) : null;
        if (!lifetime) settle(null);
      }
      if (!lifetime) return;
      const buffer = toBuffer(chunk, encoding);
      if (!buffer) return;
      size += buffer.length;
      if (size > maxEntryBytes) {
        lifetime = null;
        chunks.length = 0;
        settle(null);
      } else chunks.push(buffer);
    };
    const write = res.write;
    const end = res.end;
    res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
      collect(chunk, rest[0]);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Response['write'];
    res.end = function (this: Response, chunk?: unknown, ...rest: unknown[]) {
      collect(chunk !== undefined && typeof chunk !== 'function' ? chunk : '', rest[0]);
      return (end as (...args: unknown[]) => Response).call(this, chunk, ...rest);
    } as Response['end'];
    res.setHeader('X-Cache', 'MISS');

    res.once('finish', () => {
      if (!lifetime) {
        remove(key);
        settle(null);
        return;
      }
      const headers = Object.entries(res.getHeaders()).filter(
        (h): h is [string, string | number | string[]] => h[1] !== undefined && !NOT_STORED.has(h[0]),
      );
      const body = Buffer.concat(chunks, size);
      const storedAt = now();
      const nonce = cspNonceOf(res);
      const entry: Entry = {
        headers,
        body,
        nonce: nonce && body.includes(nonce) ? nonce : null,
        encoded: {},
        bytes: body.length,
        storedAt,
        freshUntil: storedAt + lifetime.fresh * 1000,
        staleUntil: storedAt + (lifetime.fresh + lifetime.stale) * 1000,
      };
      store(key, entry);
      settle(entry);
    });
    // Closed before it finished (client gone, error): keep what was stored, if anything.
    res.once('close', () => settle(null));
    return settled;
  }

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.headers.cookie !== undefined || req.headers.authorization !== undefined) return next();
    const key = `${req.protocol}://${req.headers.host ?? ''}${req.originalUrl}`;
    const entry = entries.get(key);
    const at = now();
    const pending = inFlight.get(key);
    if (entry && at < entry.freshUntil) return send(req, res, entry, 'HIT');
    if (entry && at < entry.staleUntil && pending) return send(req, res, entry, 'STALE');
    if (pending) {
      // Nothing to show yet: wait for the request that is rendering this page (not for ever).
      let waited = false;
      const timer = setTimeout(() => {
        waited = true;
        next();
      }, maxWaitMs);
      void pending.then((filled) => {
        clearTimeout(timer);
        if (waited) return;
        if (filled) send(req, res, filled, 'HIT');
        else next();
      });
      return;
    }
    if (entry && at >= entry.staleUntil) remove(key);
    const filling = fill(key, res);
    inFlight.set(key, filling);
    void filling.finally(() => {
      if (inFlight.get(key) === filling) inFlight.delete(key);
    });
    next();
  };

  const cache = middleware as PageCache & { clear(): void };
  cache.clear = () => {
    entries.clear();
    bytes = 0;
  };
  Object.defineProperty(cache, 'size', { get: () => entries.size });
  return cache;
}
