import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOrderFilters } from './admin-orders.server.ts';

const filters = (query: string) => parseOrderFilters(new URL(`http://shop.test/admin/orders${query}`));

test('impossible filters fall back to their defaults instead of reaching the query', () => {
  const f = filters('?from=2026-02-31&to=0000-01-01&page=1e20&status=nonsense&type=%3Cb%3E&q=%00&sort=id;drop&dir=sideways');
  assert.deepEqual(f, { status: null, type: null, from: null, to: null, q: null, sort: 'date', dir: 'desc', page: 1 });
});

test('good filters are kept', () => {
  const f = filters('?from=2026-02-01&to=2026-02-28&page=3&status=paid&type=digital&q=ATL-2026&sort=total&dir=asc');
  assert.deepEqual(f, {
    status: 'paid',
    type: 'digital',
    from: '2026-02-01',
    to: '2026-02-28',
    q: 'ATL-2026',
    sort: 'total',
    dir: 'asc',
    page: 3,
  });
});
