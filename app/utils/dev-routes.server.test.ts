import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import express from 'express';
import { devRoutesGuard, type DevRoutesAccess } from './dev-routes.server.ts';
import { createRequestRouteOf, type RouteManifest } from './route-match.server.ts';

const manifest: RouteManifest = {
  root: { id: 'root', path: '' },
  'routes/cart': { id: 'routes/cart', parentId: 'root', path: 'cart' },
  'routes/dev.mailbox._index': { id: 'routes/dev.mailbox._index', parentId: 'root', path: 'dev/mailbox', index: true },
  'routes/dev.pay.$sessionId': { id: 'routes/dev.pay.$sessionId', parentId: 'root', path: 'dev/pay/:sessionId' },
};

const servers: Record<DevRoutesAccess, string> = { loopback: '', open: '' };
const closers: Array<() => Promise<void>> = [];

before(async () => {
  for (const access of ['loopback', 'open'] as const) {
    const app = express();
    // As server.ts: X-Forwarded-For counts only from a loopback proxy.
    app.set('trust proxy', 'loopback');
    app.use(devRoutesGuard(createRequestRouteOf(manifest), access));
    app.all('*', (_req, res) => res.send('reached'));
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    servers[access] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  }
});
after(() => Promise.all(closers.map((c) => c())));

const get = (access: DevRoutesAccess, path: string, client?: string) =>
  fetch(servers[access] + path, { headers: client ? { 'X-Forwarded-For': client } : {} });

test('the developer pages answer loopback clients, and a 404 to a client elsewhere, however the path is spelt', async () => {
  assert.equal((await get('loopback', '/dev/mailbox')).status, 200);
  assert.equal((await get('loopback', '/dev/pay/cs_1', '127.0.0.1')).status, 200, 'a local proxy forwarding a local client');
  for (const path of ['/dev/mailbox', '/dev/pay/cs_1', '/%64ev/mailbox', '/x/../dev/pay/cs_1', '/DEV/mailbox']) {
    assert.equal((await get('loopback', path, '198.18.0.7')).status, 404, path);
  }
  assert.equal((await get('loopback', '/cart', '198.18.0.7')).status, 200, 'other pages are not affected');
});

test('DEV_ROUTES=open opens them to everyone', async () => {
  assert.equal((await get('open', '/dev/mailbox', '198.18.0.7')).status, 200);
});
