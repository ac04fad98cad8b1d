import assert from 'node:assert/strict';
import { test } from 'node:test';
import { methodLabel, metricsAccessAllowed, routeLabel, statusClass } from './metrics.server.ts';
import { createRouteMatcher, type RouteManifest } from './route-match.server.ts';

// The shape of a Remix build's route manifest (a part of this shop's).
const manifest: RouteManifest = {
  root: { id: 'root', path: '' },
  'routes/_index': { id: 'routes/_index', parentId: 'root', index: true },
  'routes/products.$slug': { id: 'routes/products.$slug', parentId: 'root', path: 'products/:slug' },
  'routes/account': { id: 'routes/account', parentId: 'root', path: 'account' },
  'routes/account._index': { id: 'routes/account._index', parentId: 'routes/account', index: true },
  'routes/account.orders._index': { id: 'routes/account.orders._index', parentId: 'routes/account', path: 'orders', index: true },
  'routes/account.orders.$orderNumber': {
    id: 'routes/account.orders.$orderNumber',
    parentId: 'routes/account',
    path: 'orders/:orderNumber',
  },
  'routes/admin': { id: 'routes/admin', parentId: 'root', path: 'admin' },
  'routes/admin.orders._index': { id: 'routes/admin.orders._index', parentId: 'routes/admin', path: 'orders', index: true },
  'routes/admin.orders[.]csv': { id: 'routes/admin.orders[.]csv', parentId: 'routes/admin', path: 'orders.csv' },
  'routes/admin.orders.$orderNumber': { id: 'routes/admin.orders.$orderNumber', parentId: 'routes/admin', path: 'orders/:orderNumber' },
  'routes/admin.promo-codes.new': { id: 'routes/admin.promo-codes.new', parentId: 'routes/admin', path: 'promo-codes/new' },
  'routes/admin.promo-codes.$id': { id: 'routes/admin.promo-codes.$id', parentId: 'routes/admin', path: 'promo-codes/:id' },
  'routes/files.$token': { id: 'routes/files.$token', parentId: 'root', path: 'files/:token' },
  'routes/checkout': { id: 'routes/checkout', parentId: 'root', path: 'checkout' },
  'routes/checkout_.success': { id: 'routes/checkout_.success', parentId: 'root', path: 'checkout/success' },
  'routes/healthz': { id: 'routes/healthz', parentId: 'root', path: 'healthz' },
};
const match = createRouteMatcher(manifest);
const label = (path: string, status = 200) => routeLabel(path, status, match);

test('a path is labelled with the Remix route id it matches, never with its ids or tokens', () => {
  assert.equal(label('/'), 'routes/_index');
  assert.equal(label('/products/night-sky-print-digital'), 'routes/products.$slug');
  assert.equal(label('/account'), 'routes/account._index');
  assert.equal(label('/account/orders'), 'routes/account.orders._index');
  assert.equal(label('/account/orders/ATL-2026-7K3M9Q2B'), 'routes/account.orders.$orderNumber');
  assert.equal(label('/admin/orders/ATL-2026-7K3M9Q2B/'), 'routes/admin.orders.$orderNumber');
  assert.equal(label('/admin/orders.csv'), 'routes/admin.orders[.]csv');
  assert.equal(label('/admin/promo-codes/new'), 'routes/admin.promo-codes.new', 'a static segment wins over a parameter');
  assert.equal(label('/admin/promo-codes/17'), 'routes/admin.promo-codes.$id');
  assert.equal(label('/files/eyJhbGciOiJIUzI1NiJ9.secret'), 'routes/files.$token');
  assert.equal(label('/checkout/success'), 'routes/checkout_.success');
  assert.equal(label('/healthz'), 'routes/healthz');
});

test('files, the metrics endpoint and unknown paths get fixed labels', () => {
  assert.equal(label('/metrics'), 'metrics');
  assert.equal(label('/build/_assets/tailwind-ABC123.css'), 'static');
  assert.equal(label('/favicon.ico'), 'static');
  assert.equal(label('/wp-login.php', 404), 'unmatched', 'a missing file is not "static"');
  assert.equal(label('/no/such/page/ATL-2026-7K3M9Q2B', 404), 'unmatched');
  assert.equal(label('/__manifest'), 'remix-manifest');
});

test('route params are available (the request log takes the order number from them)', () => {
  assert.deepEqual(match('/account/orders/ATL-2026-7K3M9Q2B'), {
    routeId: 'routes/account.orders.$orderNumber',
    params: { orderNumber: 'ATL-2026-7K3M9Q2B' },
  });
  assert.deepEqual(match('/nowhere'), { routeId: null, params: {} });
});

test('methods and statuses are bounded labels', () => {
  assert.equal(methodLabel('GET'), 'GET');
  assert.equal(methodLabel('PROPFIND'), 'OTHER');
  assert.equal(statusClass(200), '2xx');
  assert.equal(statusClass(303), '3xx');
  assert.equal(statusClass(404), '4xx');
  assert.equal(statusClass(503), '5xx');
});

test('metrics go to loopback clients that are not a proxy, or to the bearer of METRICS_TOKEN', () => {
  const allowed = (remoteAddress: string, headers: Record<string, string> = {}, token?: string) =>
    metricsAccessAllowed({ remoteAddress, headers }, token);
  assert.equal(allowed('127.0.0.1'), true);
  assert.equal(allowed('::1'), true);
  assert.equal(allowed('::ffff:127.0.0.1'), true);
  assert.equal(allowed('10.0.0.7'), false);
  assert.equal(allowed('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), false, 'a local proxy forwarding a visitor');
  assert.equal(allowed('127.0.0.1', { forwarded: 'for=203.0.113.9' }), false);
  assert.equal(allowed('10.0.0.7', { authorization: 'Bearer s3cret' }, 's3cret'), true);
  assert.equal(allowed('10.0.0.7', { authorization: 'Bearer wrong' }, 's3cret'), false);
  assert.equal(allowed('10.0.0.7', { authorization: 'Bearer ' }, undefined), false, 'no token configured: no bearer gets in');
});
