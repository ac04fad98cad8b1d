import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import compression from 'compression';
import express from 'express';
import { acceptedEncoding, createPageCache, replaceAll } from './page-cache.server.ts';
import { cspNonceOf, securityHeaders } from './security-headers.server.ts';

const SHARED = 'public, max-age=0, s-maxage=5, stale-while-revalidate=30';
let clock = 1_000_000;
const cache = createPageCache({ now: () => clock });
let renders = 0;
let release: (() => void) | null = null;
let baseUrl = '';
let close: () => Promise<void>;

before(async () => {
  const app = express();
  app.use(compression());
  app.use(cache);
  app.get('/page', async (req, res) => {
    renders++;
    if (req.query.slow) await new Promise<void>((resolve) => (release = resolve));
    res.setHeader('Cache-Control', String(req.query.cc ?? SHARED));
    res.setHeader('Vary', String(req.query.vary ?? 'Cookie'));
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (req.query.cookie) res.setHeader('Set-Cookie', 'cart=abc');
    // Streamed in pieces, like Remix, and long enough to be compressed.
    res.write(`<p>render ${renders}</p>`);
    res.end('x'.repeat(2000));
  });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
after(() => close());
beforeEach(() => {
  cache.clear();
  renders = 0;
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(baseUrl + path, { headers: { 'accept-encoding': 'identity', ...headers } });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** Lets the slow render that `pending` started finish. */
async function releaseWhenRendering<T>(pending: Promise<T>): Promise<T> {
  while (!release) await new Promise((resolve) => setTimeout(resolve, 5));
  release();
  release = null;
  return pending;
}

test('a shareable guest page is rendered once and then answered from memory', async () => {
  const first = await get('/page');
  assert.equal(first.headers.get('x-cache'), 'MISS');
  const second = await get('/page');
  assert.equal(second.headers.get('x-cache'), 'HIT');
  assert.equal(second.body, first.body);
  assert.equal(second.headers.get('cache-control'), SHARED);
  assert.equal(second.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(second.headers.get('age'), '0');
  assert.equal(renders, 1);
});

test('requests with a cookie never get or fill the shared copy', async () => {
  await get('/page');
  const withCookie = await get('/page', { cookie: 'cart=mine' });
  assert.equal(withCookie.headers.get('x-cache'), null);
  assert.match(withCookie.body, /render 2/);
  assert.equal(renders, 2);
});

test('responses that set a cookie, are private or vary by more are not stored', async () => {
  for (const query of ['?cookie=1', '?cc=private,%20no-cache', '?cc=public,%20max-age=60', '?vary=Accept-Language']) {
    await get(`/page${query}`);
    const again = await get(`/page${query}`);
    assert.equal(again.headers.get('x-cache'), 'MISS', query);
  }
  assert.equal(cache.size, 0);
});

test('compressed copies decode to the stored page', async () => {
  const plain = await get('/page');
  const res = await fetch(`${baseUrl}/page`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(res.headers.get('content-encoding'), 'gzip');
  assert.equal(res.headers.get('x-cache'), 'HIT');
  // fetch decodes transparently; check the raw bytes too.
  const raw = await new Promise<Buffer>((resolve, reject) => {
    http.get(`${baseUrl}/page`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c))
        .on('end', () => resolve(Buffer.concat(chunks)))
        .on('error', reject);
    });
  });
  assert.equal(gunzipSync(raw).toString(), plain.body);
  assert.equal(await res.text(), plain.body);
});

test('concurrent requests for a page not yet stored wait for one render', async () => {
  const answers = await releaseWhenRendering(Promise.all(Array.from({ length: 5 }, () => get('/page?slow=1'))));
  assert.equal(renders, 1);
  assert.ok(answers.every((a) => a.body === answers[0]!.body));
});

test('an expired page is refreshed by one request while the others get the old copy', async () => {
  await releaseWhenRendering(get('/page?slow=1'));
  clock += 6_000;
  const refreshing = get('/page?slow=1');
  while (!release) await new Promise((resolve) => setTimeout(resolve, 5));
  const stale = await get('/page?slow=1');
  assert.equal(stale.headers.get('x-cache'), 'STALE');
  assert.match(stale.body, /render 1/);
  assert.equal(stale.headers.get('age'), '6');
  release();
  release = null;
  assert.match((await refreshing).body, /render 2/);
  const fresh = await get('/page?slow=1');
  assert.equal(fresh.headers.get('x-cache'), 'HIT');
  assert.match(fresh.body, /render 2/);
  // Past the stale window the old copy is not shown at all.
  clock += 60_000;
  assert.match((await releaseWhenRendering(get('/page?slow=1'))).body, /render 3/);
});

test('accept-encoding negotiation prefers br, honours q=0', () => {
  assert.equal(acceptedEncoding(undefined), null);
  assert.equal(acceptedEncoding('gzip, deflate, br'), 'br');
  assert.equal(acceptedEncoding('gzip'), 'gzip');
  assert.equal(acceptedEncoding('br;q=0, gzip;q=0.5'), 'gzip');
  assert.equal(acceptedEncoding('identity'), null);
});

describe('pages with a CSP nonce', () => {
  const nonceCache = createPageCache({ now: () => clock });
  let scriptedUrl = '';
  let closeScripted: () => Promise<void>;

  before(async () => {
    // As server.ts stacks them: compression, the security headers (a nonce per request), the cache, the page.
    const app = express();
    app.use(compression());
    app.use(securityHeaders({ appUrl: 'http://shop.test', stripeCheckout: false }));
    app.use(nonceCache);
    app.get('/scripted', (_req, res) => {
      const nonce = cspNonceOf(res)!;
      res.setHeader('Cache-Control', SHARED);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(
        `<html><body><p>${'catalogue '.repeat(200)}</p><script nonce="${nonce}">window.__context = {}</script><script type="module" nonce="${nonce}">import "/build/entry.js"</script></body></html>`,
      );
    });
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    scriptedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scripted`;
    closeScripted = () => new Promise((resolve) => server.close(() => resolve()));
  });
  after(() => closeScripted());

  /** The nonce of the response's policy and the nonces of its scripts. */
  async function visit(acceptEncoding = 'identity') {
    const res = await fetch(scriptedUrl, { headers: { 'accept-encoding': acceptEncoding } });
    const body = await res.text();
    return {
      cache: res.headers.get('x-cache'),
      encoding: res.headers.get('content-encoding'),
      policyNonce: /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1],
      scriptNonces: [...body.matchAll(/<script[^>]*nonce="([^"]+)"/g)].map((m) => m[1]),
    };
  }

  test('every visitor of a stored page gets a nonce of their own, in the policy and on every script', async () => {
    const visits = [await visit(), await visit(), await visit('gzip, br')];
    assert.deepEqual(
      visits.map((v) => v.cache),
      ['MISS', 'HIT', 'HIT'],
    );
    assert.equal(new Set(visits.map((v) => v.policyNonce)).size, 3, 'three different nonces');
    for (const v of visits) {
      assert.ok(v.policyNonce, 'the policy has a nonce');
      assert.deepEqual(v.scriptNonces, [v.policyNonce, v.policyNonce], 'the scripts carry the policy’s nonce, so they run');
    }
    assert.equal(visits[2]!.encoding, 'br', 'compressed per response');
  });

  test('replacing a nonce leaves the rest of the page as it was', () => {
    const page = Buffer.from('<script nonce="AAA">x</script><p>AAB</p><script nonce="AAA">y</script>');
    assert.equal(replaceAll(page, 'AAA', 'ZZZZ').toString(), '<script nonce="ZZZZ">x</script><p>AAB</p><script nonce="ZZZZ">y</script>');
    assert.equal(replaceAll(page, 'QQQ', 'ZZZ'), page);
  });
});
