import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import express from 'express';
import { originGuard } from './origin.server.ts';
import { createRequestRouteOf, routedPathname, type RouteManifest } from './route-match.server.ts';

const manifest: RouteManifest = {
  root: { id: 'root', path: '' },
  'routes/cart': { id: 'routes/cart', parentId: 'root', path: 'cart' },
  'routes/unsubscribe': { id: 'routes/unsubscribe', parentId: 'root', path: 'unsubscribe' },
  'routes/webhooks.stripe': { id: 'routes/webhooks.stripe', parentId: 'root', path: 'webhooks/stripe' },
};

let base = '';
let close: () => Promise<void>;

before(async () => {
  const app = express();
  const port = await new Promise<number>((resolve) => {
    const probe = app.listen(0, () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  base = `http://127.0.0.1:${port}`;
  app.use(originGuard(createRequestRouteOf(manifest), base));
  app.all('*', (_req, res) => res.send('reached'));
  const server = app.listen(port);
  await new Promise((resolve) => server.once('listening', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
after(() => close());

const post = (path: string, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: 'POST', body: 'intent=add', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });

test('the webhook exemption goes by the route that answers: an escaped detour to the cart is refused', async () => {
  assert.equal(routedPathname('/webhooks/%2e%2e/cart'), '/cart');
  assert.equal((await post('/webhooks/stripe')).status, 200, 'the webhook itself needs no Origin');
  for (const detour of [
    '/webhooks/%2e%2e/cart',
    '/webhooks/%2E%2E/cart',
    '/webhooks/.%2e/cart',
    '/webhooks/stripe/../../cart',
    '/webhooks/x/%2e%2e/%2e%2e/cart',
  ]) {
    const res = await post(detour);
    assert.equal(res.status, 403, detour);
  }
  assert.equal((await post('/webhooks/stripe?_data=root')).status, 403, 'the exemption is for the webhook’s own action only');
});

test('an Origin that is the shop under another loopback name, or null, is a 403 (Remix would answer 500)', async () => {
  const port = new URL(base).port;
  assert.equal((await post('/cart', { Origin: base })).status, 200);
  for (const origin of [`http://localhost:${port}`, `http://[::1]:${port}`])
    assert.equal((await post('/cart', { Origin: origin })).status, 403, origin);
  assert.equal((await post('/cart', { Origin: 'null', Referer: `${base}/cart` })).status, 403);
});

test('one-click unsubscribe needs no Origin, but one that is sent must be the shop’s', async () => {
  assert.equal((await post('/unsubscribe?token=x')).status, 200);
  assert.equal((await post('/unsubscribe?token=x', { Origin: 'https://evil.example' })).status, 403);
  assert.equal((await post('/unsubscribe?token=x', { Origin: base })).status, 200);
});
