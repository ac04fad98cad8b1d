import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router';
import { MEMOIZED, memoizeRemixRouteMatching, memoizedMatchRoutes } from './remix-route-memo.server.ts';

/** A tree like a Remix build's: a root layout, index routes, nested layouts, params, an optional segment, a splat. */
function tree(extra: AgnosticRouteObject[] = []): AgnosticRouteObject[] {
  return [
    {
      id: 'root',
      path: '',
      children: [
        { id: 'routes/_index', index: true },
        { id: 'routes/cart', path: 'cart' },
        { id: 'routes/products.$slug', path: 'products/:slug' },
        {
          id: 'routes/account',
          path: 'account',
          children: [
            { id: 'routes/account._index', index: true },
            { id: 'routes/account.orders._index', path: 'orders', index: true },
            { id: 'routes/account.orders.$orderNumber', path: 'orders/:orderNumber' },
          ],
        },
        { id: 'routes/Admin', path: 'Admin', caseSensitive: true },
        { id: 'routes/($lang).about', path: ':lang?/about' },
        { id: 'routes/files.$', path: 'files/*' },
        ...extra,
      ],
    },
  ];
}

const PATHS = [
  '/',
  '',
  '/cart',
  '/cart?x=1#top',
  '/products/night-sky-poster',
  '/products/caf%C3%A9',
  '/account',
  '/account/',
  '/account/orders',
  '/account/orders/ATL-2026-ABC',
  '/Admin',
  '/admin',
  '/about',
  '/en/about',
  '/files/a/b/c.pdf',
  '/nope/nowhere',
];

const plain = (matches: ReturnType<typeof matchRoutes>) =>
  matches?.map((m) => ({ id: m.route.id, route: m.route, params: m.params, pathname: m.pathname, pathnameBase: m.pathnameBase })) ?? null;

test('answers as matchRoutes does, on the first call and from memory, for trees of the same shape', () => {
  const memo = memoizedMatchRoutes(matchRoutes);
  for (let round = 0; round < 3; round++) {
    // A new tree each round, as Remix builds one per request: the matches must point at this tree's routes.
    const routes = tree();
    for (const path of PATHS) {
      const expected = matchRoutes(routes, path);
      const got = memo(routes, path);
      assert.deepEqual(plain(got), plain(expected), `${path} (round ${round})`);
      got?.forEach((m, i) => assert.equal(m.route, expected![i]!.route, `${path}: the route object of the tree asked about`));
      assert.deepEqual(
        plain(memo(routes, { pathname: path.replace(/[?#].*$/, '') })),
        plain(matchRoutes(routes, { pathname: path.replace(/[?#].*$/, '') })),
      );
      assert.deepEqual(plain(memo(routes, path, '/account')), plain(matchRoutes(routes, path, '/account')), `${path} under /account`);
    }
  }
});

test('a tree of another shape is matched afresh', () => {
  const memo = memoizedMatchRoutes(matchRoutes);
  assert.equal(memo(tree(), '/sale'), null);
  const withSale = tree([{ id: 'routes/sale', path: 'sale' }]);
  assert.equal(memo(withSale, '/sale')?.at(-1)?.route.id, 'routes/sale');
});

test('params handed back are the caller’s own to change', () => {
  const memo = memoizedMatchRoutes(matchRoutes);
  const routes = tree();
  const first = memo(routes, '/products/mug')!;
  (first.at(-1)!.params as Record<string, string>).slug = 'changed';
  assert.equal(memo(routes, '/products/mug')!.at(-1)!.params.slug, 'mug');
});

test('routes without ids are always matched afresh', () => {
  let calls = 0;
  const memo = memoizedMatchRoutes((...args) => {
    calls++;
    return matchRoutes(...args);
  });
  const routes: AgnosticRouteObject[] = [{ path: '/', children: [{ path: 'cart' }] }];
  memo(routes, '/cart');
  memo(routes, '/cart');
  assert.equal(calls, 2);
});

test("once installed, the router module Remix's server runtime and React Router load is the memoized one", () => {
  memoizeRemixRouteMatching();
  const require = createRequire(import.meta.url);
  for (const user of ['@remix-run/server-runtime', 'react-router', '@remix-run/react']) {
    const router = createRequire(require.resolve(user))('@remix-run/router') as { matchRoutes: object };
    assert.equal(MEMOIZED in router.matchRoutes, true, `${user} calls the memoized matchRoutes`);
  }
});
