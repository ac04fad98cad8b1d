// The access-control matrix: every route of the built app (build/index.js, so exactly what Remix
// serves) visited as anonymous, customer A, customer B (the "other customer"), admin and superadmin,
// with real parameters (A's order, a promo code, A's customer id, a download link, a payment session,
// an email). A route without an entry here, or with an action but no POST expectations, fails the
// first test: a new route cannot be forgotten. POSTs send a form that passes the access check but fails
// validation (unknown intent, empty fields), so an allowed caller gets 400 and nothing changes; GETs
// must leave every table as it was. Every answer also carries the security headers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { makeUnsubscribeToken } from '#core/unsubscribe.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { ROOT } from '../scripts/tools.mjs';
import { TEST_SESSION_SECRET, startStack, type Stack } from '../scripts/lib/stack.ts';
import { Browser, database, personalisation, waitFor } from './http.ts';
import { Visitor, signIn, unique } from './sign-in.ts';

const PERSONAS = ['anonymous', 'customerA', 'customerB', 'admin', 'superadmin'] as const;
type Persona = (typeof PERSONAS)[number];
/** A status, or 'login': 302 to /login?redirectTo=<this page>. */
type Answer = number | 'login';
type Answers = Record<Persona, Answer>;

interface Fixtures {
  orderNumber: string;
  customerAId: number;
  promoCodeId: number;
  paySessionId: string;
  /** A membership checkout customer B started and left on the stand-in's subscribe page. */
  subscriptionId: string;
  fileToken: string;
  emailId: number;
  unsubscribeToken: string;
}

interface Visit {
  /** Values for the route's :params. */
  params?: (f: Fixtures) => Record<string, string>;
  /** A query string, with its "?". */
  query?: (f: Fixtures) => string;
  /** POST only: the form (as the shop's own page sends it, with its Origin). */
  form?: Record<string, string>;
  expect: Answers;
  why?: string;
}

interface Entry {
  get: Visit;
  /** Required when the route has an action; several to tell roles apart. */
  post?: Visit[];
  /** A route without an action answers a POST with 405, unless said otherwise here. */
  postWithoutAction?: Answers;
}

const all = (a: Answer): Answers => ({ anonymous: a, customerA: a, customerB: a, admin: a, superadmin: a });
const signedIn = (a: Answer = 200): Answers => ({ ...all(a), anonymous: 'login' });
const admins = (a: Answer = 200): Answers => ({ anonymous: 'login', customerA: 403, customerB: 403, admin: a, superadmin: a });
const orderParam = (f: Fixtures) => ({ orderNumber: f.orderNumber });

// The expected answers. Keys are the route ids of build/index.js.
const MATRIX: Record<string, Entry> = {
  root: { get: { expect: all(200), why: 'the layout of every page; "/"' } },
  'routes/_index': { get: { expect: all(200) } },
  'routes/products.$slug': {
    get: { params: () => ({ slug: 'night-sky-poster' }), expect: all(200) },
    post: [{ params: () => ({ slug: 'night-sky-poster' }), query: () => '?index', form: { variantId: 'x' }, expect: all(400) }],
  },
  'routes/images.products.$file': { get: { params: () => ({ file: 'night-sky-poster.svg' }), expect: all(200) } },
  'routes/cart': { get: { expect: all(200) }, post: [{ form: { intent: 'nonsense' }, expect: all(400), why: 'no cart yet' }] },
  'routes/checkout': {
    get: { expect: all(200), why: 'a GET only renders; checkout starts on POST' },
    post: [{ form: {}, expect: all(303), why: 'an empty cart goes back to /cart' }],
  },
  'routes/checkout_.success': {
    get: {
      query: (f) => `?order=${f.orderNumber}`,
      expect: { anonymous: 404, customerA: 200, customerB: 404, admin: 404, superadmin: 404 },
      why: "customer A's order without an access link: only A (signed in, and the cart that made it); the number alone shows nothing (test/order-access.integration.test.ts has the links)",
    },
  },
  // The developer pages answer loopback clients only (DEV_ROUTES=loopback, the default): every persona here
  // comes from elsewhere (X-Forwarded-For 198.18.x.x); 'the developer pages answer this machine' visits them from loopback.
  'routes/dev.pay.$sessionId': {
    get: {
      params: (f) => ({ sessionId: f.paySessionId }),
      expect: all(404),
      why: 'local stand-in for Stripe Checkout: the session id is the capability',
    },
    post: [{ params: (f) => ({ sessionId: f.paySessionId }), form: { intent: 'pay' }, expect: all(404) }],
  },
  'routes/dev.subscribe.$subscriptionId': {
    get: {
      params: (f) => ({ subscriptionId: f.subscriptionId }),
      expect: all(404),
      why: 'local stand-in for Stripe Checkout in subscription mode: the subscription id is the capability',
    },
    post: [{ params: (f) => ({ subscriptionId: f.subscriptionId }), form: { intent: 'subscribe' }, expect: all(404) }],
  },
  'routes/dev.subscriptions._index': {
    get: { expect: all(404), why: 'the stand-in for Stripe Billing: its subscriptions, a developer tool' },
    postWithoutAction: all(404),
  },
  'routes/dev.subscriptions.$subscriptionId': {
    get: {
      params: (f) => ({ subscriptionId: f.subscriptionId }),
      expect: all(404),
      why: "the stand-in's subscription page (decline, update the card, end the period): a developer tool",
    },
    post: [{ params: (f) => ({ subscriptionId: f.subscriptionId }), form: { intent: 'end-period' }, expect: all(404) }],
  },
  'routes/dev.mailbox._index': {
    get: { expect: all(404), why: 'local email mode only (404 with RESEND_API_KEY): a developer tool' },
    postWithoutAction: all(404),
  },
  'routes/dev.mailbox.$id': {
    get: { params: (f) => ({ id: String(f.emailId) }), expect: all(404), why: 'local email mode only' },
    postWithoutAction: all(404),
  },
  'routes/dev.emails._index': {
    get: { expect: all(404), why: 'local email mode only: the templates with made-up sample data' },
    postWithoutAction: all(404),
  },
  'routes/dev.emails.$template': {
    get: {
      params: () => ({ template: 'order-confirmation' }),
      expect: all(404),
      why: 'local email mode only; the email as a document of its own',
    },
    postWithoutAction: all(404),
  },
  'routes/dev.emails.$template_.text': {
    get: { params: () => ({ template: 'order-confirmation' }), expect: all(404), why: 'local email mode only' },
    postWithoutAction: all(404),
  },
  'routes/dev.provider': {
    get: { expect: all(404), why: 'the print provider stand-in’s orders and buttons: a developer tool' },
    post: [{ form: { intent: 'outage' }, expect: all(404) }],
  },
  'routes/print-files.$orderNumber.$itemId.$token': {
    get: {
      params: () => ({ orderNumber: 'ATL-2026-AAAAAAAA', itemId: '1', token: 'forged' }),
      expect: all(403),
      why: 'the print file a provider fetches: the signed, expiring link is the authority',
    },
  },
  'routes/files.$token': {
    get: { params: (f) => ({ token: f.fileToken }), expect: all(200), why: 'the signed, expiring link is the authority' },
  },
  'routes/invoices.$file': {
    get: {
      params: () => ({ file: 'INV-2000-000001.pdf' }),
      query: () => '?access=forged',
      expect: all(404),
      why: 'the signed, expiring link is the authority, even for admins (test/invoices.integration.test.ts serves a real one)',
    },
  },
  'routes/login': { get: { expect: all(200) }, post: [{ form: { email: 'not an email' }, expect: all(400) }] },
  'routes/auth.verify': {
    get: { query: () => '?token=not-a-token', expect: all(200), why: 'a GET never uses a token up' },
    post: [{ form: { token: 'not-a-token' }, expect: all(400) }],
  },
  'routes/logout': {
    get: { expect: all(302), why: 'a GET only redirects; signing out is a POST' },
    post: [{ form: {}, expect: all(303), why: 'run last: it ends the sessions' }],
  },
  'routes/orders.lookup': { get: { expect: all(200) }, post: [{ form: { email: '', orderNumber: '' }, expect: all(400) }] },
  'routes/unsubscribe': {
    get: {
      query: (f) => `?token=${f.unsubscribeToken}`,
      expect: all(200),
      why: 'the signed token is the authority; a GET only shows the button',
    },
    post: [{ query: () => '?token=1.forged', form: {}, expect: all(400) }],
  },
  'routes/account': { get: { expect: signedIn() } },
  'routes/account._index': { get: { expect: signedIn() }, post: [{ form: { name: 'x'.repeat(500) }, expect: signedIn(400) }] },
  'routes/account.emails': {
    get: { expect: signedIn() },
    // Any pair of checkboxes is valid: send what everyone has already (both on), so nothing changes.
    post: [{ form: { marketingEmails: 'on', campaignEmails: 'on' }, expect: signedIn(200) }],
  },
  'routes/account.orders._index': { get: { expect: signedIn() } },
  'routes/account.points': { get: { expect: signedIn(), why: "the signed-in customer's own points; a GET changes nothing" } },
  'routes/membership': {
    get: { expect: all(200), why: 'the plans on sale; whether the visitor is a member' },
    post: [{ form: {}, expect: { ...all(400), anonymous: 'login' }, why: 'joining needs an account; no plan: no checkout' }],
  },
  'routes/account.membership': {
    get: { expect: signedIn(), why: "the signed-in customer's own membership; a GET changes nothing" },
    post: [
      { form: { intent: 'nonsense' }, expect: signedIn(400) },
      { form: { intent: 'cancel-now' }, expect: signedIn(400), why: 'ending a membership needs the box ticked' },
    ],
  },
  'routes/account.membership.card': {
    get: { expect: all(303), why: 'to /account/membership, where the button is' },
    post: [{ form: {}, expect: signedIn(303), why: 'none of the personas has a membership: back to /account/membership' }],
  },
  'routes/account.privacy': {
    get: { expect: signedIn(), why: 'shows the data download and the deletion form; a GET deletes nothing' },
    // Never a valid deletion: the box unticked (nothing sent) or sent with another value, so every shared persona keeps its account.
    post: [
      { form: {}, expect: signedIn(400), why: 'the confirmation box not ticked' },
      { form: { confirm: 'yes' }, expect: signedIn(400), why: 'only a ticked box ("on") confirms' },
    ],
  },
  'routes/account.data[.]json': { get: { expect: signedIn(), why: "the signed-in customer's own data, as a file" } },
  'routes/account.orders.$orderNumber': {
    get: {
      params: orderParam,
      expect: { anonymous: 'login', customerA: 200, customerB: 404, admin: 404, superadmin: 404 },
      why: "customer A's order: only A; admins see it under /admin",
    },
    postWithoutAction: { ...all(405), anonymous: 'login' },
  },
  'routes/admin': { get: { expect: admins() } },
  'routes/admin._index': { get: { expect: admins() } },
  'routes/admin.orders._index': { get: { expect: admins() } },
  'routes/admin.orders[.]csv': { get: { expect: admins() } },
  'routes/admin.orders.$orderNumber': {
    get: { params: orderParam, expect: admins() },
    post: [{ params: orderParam, form: { intent: 'nonsense' }, expect: admins(400) }],
  },
  'routes/admin.points': { get: { expect: admins() } },
  'routes/admin.invoices._index': { get: { query: () => '?q=ATL&kind=credit_note', expect: admins() } },
  'routes/admin.invoices.$file': {
    get: {
      params: () => ({ file: 'INV-2000-000001.pdf' }),
      expect: admins(404),
      why: 'any invoice PDF, for admins; this one does not exist',
    },
  },
  'routes/admin.vat': { get: { query: () => '?year=2026', expect: admins() } },
  'routes/admin.vat[.]csv': { get: { expect: admins(), why: 'the VAT report as a file' } },
  'routes/admin.customers._index': { get: { expect: admins() } },
  'routes/admin.customers.$id': {
    get: { params: (f) => ({ id: String(f.customerAId) }), expect: admins() },
    post: [
      { params: (f) => ({ id: String(f.customerAId) }), form: { intent: 'nonsense' }, expect: admins(400) },
      {
        params: (f) => ({ id: String(f.customerAId) }),
        form: { intent: 'role', role: 'nonsense' },
        expect: { anonymous: 'login', customerA: 403, customerB: 403, admin: 403, superadmin: 400 },
        why: 'roles are for superadmins only',
      },
      {
        params: (f) => ({ id: String(f.customerAId) }),
        form: { intent: 'delete-account', request: '' },
        expect: admins(400),
        why: 'a deletion needs how the request came and the box ticked: nothing deleted',
      },
    ],
  },
  'routes/admin.customers.$id_.data[.]json': {
    get: { params: (f) => ({ id: String(f.customerAId) }), expect: admins(), why: "customer A's data, for a request received by email" },
  },
  'routes/admin.stock': {
    get: { expect: admins() },
    post: [
      { form: { intent: 'stock' }, expect: admins(400), why: 'nothing chosen: nothing recorded' },
      { form: { intent: 'import' }, expect: admins(400), why: 'no file: nothing imported' },
    ],
  },
  'routes/admin.stock[.]csv': { get: { expect: admins(), why: 'every shelf item with its levels, as a file' } },
  'routes/admin.products._index': { get: { query: () => '?q=mug&status=active', expect: admins() } },
  'routes/admin.products.new': {
    get: { expect: admins() },
    post: [{ form: { intent: 'product', title: '' }, expect: admins(400), why: 'no title: nothing created' }],
  },
  'routes/admin.products.$id': {
    get: { params: () => ({ id: '1' }), expect: admins(), why: 'the first seeded product' },
    post: [
      { params: () => ({ id: '1' }), form: { intent: 'variant', sku: '' }, expect: admins(400), why: 'no SKU: no option added' },
      { params: () => ({ id: '1' }), form: { intent: 'change' }, expect: admins(400), why: 'no change named: nothing archived' },
    ],
  },
  'routes/admin.products.$id_.photos': {
    get: { params: () => ({ id: '1' }), expect: admins() },
    post: [{ params: () => ({ id: '1' }), form: { intent: 'upload' }, expect: admins(400), why: 'no file: nothing stored' }],
  },
  'routes/images.photos.$productId.$file': {
    get: {
      params: () => ({ productId: '1', file: 'AAAAAAAAAAAA-thumb.webp' }),
      expect: all(404),
      why: 'photos are public by their random name; an unknown name is a 404',
    },
  },
  'routes/admin.promo-codes._index': { get: { expect: admins() } },
  'routes/admin.promo-codes.new': { get: { expect: admins() }, post: [{ form: { code: '' }, expect: admins(400) }] },
  'routes/admin.promo-codes.$id': {
    get: { params: (f) => ({ id: String(f.promoCodeId) }), expect: admins() },
    post: [{ params: (f) => ({ id: String(f.promoCodeId) }), form: { intent: 'nonsense' }, expect: admins(400) }],
  },
  'routes/admin.membership-plans._index': { get: { expect: admins() } },
  'routes/admin.membership-plans.new': { get: { expect: admins() }, post: [{ form: { name: '' }, expect: admins(400) }] },
  'routes/admin.membership-plans.$id': {
    get: { params: () => ({ id: '1' }), expect: admins(), why: 'the seeded plan Starter' },
    post: [{ params: () => ({ id: '1' }), form: { intent: 'plan', name: '' }, expect: admins(400), why: 'no name: nothing saved' }],
  },
  'routes/admin.members._index': { get: { expect: admins() } },
  'routes/admin.members.$id': {
    get: { params: () => ({ id: '1' }), expect: admins(), why: "customer B's membership checkout, not paid" },
    post: [
      {
        params: () => ({ id: '1' }),
        form: { intent: 'grant-credits', credits: '0' },
        expect: admins(400),
        why: 'no credits: nothing granted',
      },
    ],
  },
  'routes/admin.campaigns': { get: { expect: admins() } },
  'routes/codec.$operation': {
    get: { params: () => ({ operation: 'decode' }), expect: all(405) },
    post: [
      {
        params: () => ({ operation: 'decode' }),
        form: {},
        expect: { anonymous: 401, customerA: 403, customerB: 403, admin: 415, superadmin: 415 },
        why: 'the Temporal UI codec endpoint: admins only, JSON only (test/payload-codec.integration.test.ts)',
      },
    ],
  },
  'routes/webhooks.stripe': { get: { expect: all(405) }, post: [{ form: {}, expect: all(400), why: 'no signature' }] },
  'routes/webhooks.print-provider': {
    get: { expect: all(405) },
    post: [{ form: {}, expect: all(401), why: 'no token in the webhook URL' }],
  },
  'routes/webhooks.resend': {
    get: { expect: all(405) },
    post: [
      { form: {}, expect: all(503), why: 'no RESEND_WEBHOOK_SECRET in this stack: every delivery is refused (503, so Resend retries)' },
    ],
  },
  'routes/account-deleted': { get: { expect: all(200), why: 'where a deleted customer lands, signed out' } },
  'routes/healthz': { get: { expect: all(200) } },
  'routes/readyz': { get: { expect: all(200) } },
};

interface BuiltRoute {
  id: string;
  path?: string;
  parentId?: string;
  index?: boolean;
  hasAction: boolean;
}

/** The routes Remix serves, from the build's asset manifest. */
async function builtRoutes(): Promise<Map<string, BuiltRoute>> {
  const build = (await import(pathToFileURL(path.join(ROOT, 'build', 'index.js')).href)) as {
    assets: { routes: Record<string, BuiltRoute> };
  };
  return new Map(Object.entries(build.assets.routes));
}

/** The route's URL pattern: its own path joined to its parents'. */
function pattern(routes: Map<string, BuiltRoute>, id: string): string {
  const parts: string[] = [];
  for (let r = routes.get(id); r; r = r.parentId ? routes.get(r.parentId) : undefined) if (r.path) parts.unshift(r.path);
  return `/${parts.join('/')}`;
}

function urlOf(routes: Map<string, BuiltRoute>, id: string, visit: Visit, f: Fixtures, method: 'GET' | 'POST' = 'GET'): string {
  const params = visit.params?.(f) ?? {};
  const filled = pattern(routes, id).replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${id}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  const query = visit.query?.(f) ?? '';
  // A POST reaches an index route only with `?index` (otherwise it goes to the parent layout).
  if (method === 'POST' && routes.get(id)?.index) return `${filled}${query ? `${query}&` : '?'}index`;
  return filled + query;
}

let stack: Stack;
let db: pg.Pool;
let routes: Map<string, BuiltRoute>;
let fixtures: Fixtures;
const visitors = {} as Record<Persona, Visitor>;

before(async () => {
  routes = await builtRoutes();
  stack = await startStack({ name: 'access-matrix', payments: 'local', group: new ProcessGroup(), env: { DEV_ROUTES: 'loopback' } });
  db = database(stack.databaseUrl);
  const emails: Record<Exclude<Persona, 'anonymous'>, string> = {
    customerA: `a-${unique()}@example.com`,
    customerB: `b-${unique()}@example.com`,
    admin: `staff-${unique()}@example.com`,
    superadmin: 'admin@example.com',
  };
  visitors.anonymous = new Visitor(stack.baseUrl);
  // Each persona signs in once (sign-in links are rate-limited per address).
  await Promise.all(
    (Object.keys(emails) as (keyof typeof emails)[]).map(async (p) => {
      visitors[p] = new Visitor(stack.baseUrl);
      assert.equal((await signIn(db, visitors[p], emails[p])).status, 303, `${p} signs in`);
    }),
  );
  await db.query("update users set role = 'admin' where email = $1", [emails.admin]);

  // Customer A buys a digital print while signed in, through the local payment page.
  const a = visitors.customerA;
  const { rows: variant } = await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-DIG-A4'");
  assert.equal(
    (await a.postAs('/products/night-sky-print-digital?index', { variantId: variant[0]!.id, quantity: 1, ...personalisation })).status,
    303,
  );
  const checkout = await a.postAs('/checkout', {});
  assert.equal(checkout.status, 303);
  const payPath = new URL(checkout.headers.get('location')!).pathname;
  // The local payment page answers this machine only: A pays from loopback (no X-Forwarded-For).
  const pay = await a.post(payPath, {
    intent: 'pay',
    email: emails.customerA,
    name: 'Ada A',
    line1: '1 Main St',
    city: 'Dublin',
    postal_code: 'D01',
    country: 'IE',
  });
  assert.equal(pay.status, 303, await pay.text());
  const orderNumber = await waitFor('the paid order', async () => {
    const r = await db.query<{ order_number: string }>("select order_number from orders where email = $1 and status = 'paid'", [
      emails.customerA,
    ]);
    return r.rows[0]?.order_number;
  });
  // Its files, and the "files ready" email: after that nothing runs in the background.
  await waitFor(
    'the files',
    async () =>
      (
        await db.query<{ n: number }>(
          "select count(*)::int as n from downloads d join orders o on o.id = d.order_id where o.order_number = $1 and d.status = 'ready'",
          [orderNumber],
        )
      ).rows[0]!.n === 2,
    120_000,
  );
  await waitFor(
    'the files-ready email',
    async () => (await db.query('select 1 from emails where "to" = $1 and template = \'files-ready\'', [emails.customerA])).rowCount! > 0,
  );
  const page = await (await a.get(`/account/orders/${orderNumber}`)).text();
  const fileToken = /href="\/files\/([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(fileToken, 'the order page links the files');

  const promo = await visitors.superadmin.postAs('/admin/promo-codes/new', {
    code: `MATRIX${unique().toUpperCase()}`,
    kind: 'percent',
    percentOff: '10',
    currency: 'eur',
  });
  assert.equal(promo.status, 303, await promo.text());
  // `?created=1`: the code's sync workflow has finished.
  assert.match(promo.headers.get('location') ?? '', /^\/admin\/promo-codes\/\d+\?created=1$/);
  const promoCodeId = Number(/\/admin\/promo-codes\/(\d+)/.exec(promo.headers.get('location') ?? '')?.[1]);

  const { rows: plans } = await db.query<{ id: number }>("select id from membership_plans where name = 'Starter'");
  const joined = await visitors.customerB.postAs('/membership', { intent: 'join', planId: plans[0]!.id });
  assert.equal(joined.status, 303, await joined.text());
  const subscriptionId = /\/dev\/subscribe\/(sub_local_[0-9a-f]+)$/.exec(joined.headers.get('location') ?? '')?.[1];
  assert.ok(subscriptionId, 'joining leads to the subscribe page');

  const { rows: users } = await db.query<{ id: number }>('select id from users where email = $1', [emails.customerA]);
  const { rows: mail } = await db.query<{ id: number }>('select id from emails order by id desc limit 1');
  fixtures = {
    orderNumber,
    customerAId: users[0]!.id,
    promoCodeId,
    paySessionId: decodeURIComponent(payPath.split('/').pop()!),
    subscriptionId,
    fileToken,
    emailId: mail[0]!.id,
    unsubscribeToken: makeUnsubscribeToken(users[0]!.id, TEST_SESSION_SECRET),
  };
});

after(async () => {
  await db?.end();
  await stack?.stop();
});

/** Row count and latest change of every table: what a GET must leave as it was. */
async function snapshot(): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ table_name: string; stamped: boolean }>(
    `select t.table_name, exists (select 1 from information_schema.columns c where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'updated_at') as stamped
       from information_schema.tables t where t.table_schema = 'public' and t.table_type = 'BASE TABLE' order by t.table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name: name, stamped } of tables) {
    const { rows } = await db.query<{ n: number; changed: string | null }>(
      `select count(*)::int as n, ${stamped ? 'max(updated_at)::text' : 'null'} as changed from "${name}"`,
    );
    out[name] = `${rows[0]!.n} rows, last change ${rows[0]!.changed ?? '—'}`;
  }
  return out;
}

/** A snapshot once background work (the promo code's sync, campaign runs) has stopped writing. */
async function settledSnapshot(): Promise<Record<string, string>> {
  let last = await snapshot();
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 1500));
    const next = await snapshot();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  throw new Error('the database kept changing without any request');
}

async function visit(persona: Persona, method: 'GET' | 'POST', url: string, form: Record<string, string> = {}): Promise<Response> {
  const v = visitors[persona];
  if (method === 'GET') return v.getAs(url);
  return v.postAs(url, form);
}

/** What a response says against what was expected, or null when they agree. */
function mismatch(res: Response, expected: Answer, url: string): string | null {
  if (expected === 'login') {
    const location = res.headers.get('location');
    const want = `/login?redirectTo=${encodeURIComponent(new URL(url, 'http://x').pathname)}`;
    return res.status === 302 && location?.startsWith(want) ? null : `${res.status} ${location ?? ''} (expected 302 to ${want})`;
  }
  return res.status === expected ? null : `${res.status} (expected ${expected})`;
}

/** The headers every answer carries (security-headers.server.ts); for pages, the nonce on every script. */
async function headerProblems(res: Response, url: string): Promise<string[]> {
  const problems: string[] = [];
  const h = (name: string) => res.headers.get(name);
  if (h('x-content-type-options') !== 'nosniff') problems.push('X-Content-Type-Options');
  if (h('x-frame-options') !== 'DENY') problems.push('X-Frame-Options');
  if (h('cross-origin-opener-policy') !== 'same-origin') problems.push('Cross-Origin-Opener-Policy');
  if (h('strict-transport-security') !== null) problems.push('HSTS over plain http');
  const csp = h('content-security-policy') ?? '';
  const pathname = new URL(url, 'http://x').pathname;
  const referrer = pathname.startsWith('/files/')
    ? 'no-referrer'
    : pathname === '/auth/verify' || pathname === '/unsubscribe'
      ? 'same-origin'
      : 'strict-origin-when-cross-origin';
  if (h('referrer-policy') !== referrer) problems.push(`Referrer-Policy ${h('referrer-policy')} (expected ${referrer})`);
  // An email preview is the email's own document: a policy that allows no script at all.
  const emailPreview = /^\/dev\/emails\/[^/]+/.test(pathname) && res.status === 200;
  if (pathname.startsWith('/images/products/')) {
    if (!csp.includes("default-src 'none'")) problems.push('the SVG image policy');
  } else if (emailPreview) {
    if (!csp.includes("default-src 'none'") || !csp.includes("frame-ancestors 'none'") || csp.includes('script-src'))
      problems.push(`the email preview policy ${csp}`);
  } else if (!csp.includes("frame-ancestors 'none'") || !csp.includes("object-src 'none'")) problems.push(`CSP ${csp}`);
  if ((h('content-type') ?? '').startsWith('text/html') && emailPreview) {
    if (/<script\b/i.test(await res.text())) problems.push('a script in an email preview');
  } else if ((h('content-type') ?? '').startsWith('text/html')) {
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    if (!nonce) problems.push('a page without a CSP nonce');
    else if (scripts.length === 0 || scripts.some((s) => !s.includes(`nonce="${nonce}"`)))
      problems.push(`scripts without the nonce: ${scripts.join(' ')}`);
    if (/\sstyle\s*=\s*"[^"]*expression|<style\b/i.test(html)) problems.push('a <style> element (style-src-elem is self only)');
  }
  return problems;
}

describe('access-control matrix', () => {
  test('every route has expected answers, and every route with an action has POST expectations', () => {
    const missing = [...routes.keys()].filter((id) => !MATRIX[id]);
    const stale = Object.keys(MATRIX).filter((id) => !routes.has(id));
    const noPost = [...routes.values()].filter((r) => r.hasAction && !MATRIX[r.id]?.post?.length).map((r) => r.id);
    const extraPost = [...routes.values()].filter((r) => !r.hasAction && MATRIX[r.id]?.post).map((r) => r.id);
    assert.deepEqual({ missing, stale, noPost, extraPost }, { missing: [], stale: [], noPost: [], extraPost: [] });
  });

  test('GET: every route as every persona, with the security headers, and no table changes', async () => {
    const before = await settledSnapshot();
    const wrong: string[] = [];
    for (const [id, entry] of Object.entries(MATRIX)) {
      const url = urlOf(routes, id, entry.get, fixtures);
      for (const persona of PERSONAS) {
        const res = await visit(persona, 'GET', url);
        const bad = mismatch(res, entry.get.expect[persona], url);
        if (bad) wrong.push(`GET ${url} as ${persona}: ${bad}`);
        for (const p of await headerProblems(res, url)) wrong.push(`GET ${url} as ${persona}: ${p}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual(await snapshot(), before, 'a GET changed a table');
  });

  test('static files carry the security headers too', async () => {
    for (const url of ['/favicon.svg', '/build/manifest.json', '/no-such-file.js']) {
      const res = await fetch(new URL(url, stack.baseUrl));
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', url);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, url);
    }
  });

  test('each page view gets its own nonce', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await visitors.customerA.get('/cart');
      nonces.add(/'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1] ?? '');
    }
    assert.equal(nonces.size, 3);
    assert.ok(![...nonces].includes(''));
  });

  test('the developer pages answer this machine: a loopback client gets them, with their headers', async () => {
    const wrong: string[] = [];
    for (const [id, entry] of Object.entries(MATRIX).filter(([id]) => id.startsWith('routes/dev.'))) {
      const url = urlOf(routes, id, entry.get, fixtures);
      const res = await new Browser(stack.baseUrl).get(url);
      if (res.status !== 200) wrong.push(`GET ${url} from loopback: ${res.status}`);
      for (const p of await headerProblems(res, url)) wrong.push(`GET ${url} from loopback: ${p}`);
    }
    assert.deepEqual(wrong, []);
    // Spelt otherwise, it is the same route and the same answer to a client elsewhere.
    assert.equal((await visitors.anonymous.getAs('/%64ev/mailbox')).status, 404);
  });

  test('each guest visitor of a cached page gets its own nonce, and the page’s scripts carry it', async () => {
    const seen: string[] = [];
    const cached: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(new URL('/', stack.baseUrl));
      seen.push(/'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1] ?? '');
      cached.push(res.headers.get('x-cache') ?? '');
      assert.deepEqual(await headerProblems(res, '/'), []);
    }
    // Each web process has its own cache: at least the later visits are answered from one.
    assert.ok(cached.filter((c) => c === 'HIT').length >= 2, `answered from the page cache: ${cached.join(' ')}`);
    assert.equal(new Set(seen).size, 4, `four visitors, four nonces: ${seen.join(' ')}`);
  });

  test('signed in, the sign-in page never links off-site, however redirectTo is dressed up', async () => {
    for (const redirectTo of [
      '%2F..%2F%2Fevil.example%2Fphish',
      '%2F%2Fevil.example',
      '%2F%5Cevil.example',
      '%2F%252e%252e%2F%2Fevil.example',
      'https%3A%2F%2Fevil.example',
    ]) {
      const page = await (await visitors.customerA.get(`/login?redirectTo=${redirectTo}`)).text();
      assert.match(page, /You are signed in as/);
      const links = [...page.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
      const offSite = links.filter((href) => new URL(href, stack.baseUrl).origin !== new URL(stack.baseUrl).origin);
      assert.deepEqual(offSite, [], `redirectTo=${redirectTo}`);
      // The fallback, in the Continue link and in the form that asks for a link.
      assert.match(page, /<a href="\/account">Continue<\/a>/, `redirectTo=${redirectTo}`);
      const hidden = page.match(/<input [^>]*name="redirectTo"[^>]*>/)?.[0] ?? '';
      assert.match(hidden, / value="\/account"/, `redirectTo=${redirectTo}: ${hidden}`);
    }
  });

  test('POST: every route as every persona; a route without an action answers 405', async () => {
    const wrong: string[] = [];
    const ids = [...routes.keys()].sort((x, y) => Number(x === 'routes/logout') - Number(y === 'routes/logout'));
    for (const id of ids) {
      const entry = MATRIX[id]!;
      const posts = entry.post ?? [{ ...entry.get, expect: entry.postWithoutAction ?? all(405) }];
      for (const post of posts) {
        const url = urlOf(routes, id, post, fixtures, 'POST');
        for (const persona of PERSONAS) {
          const res = await visit(persona, 'POST', url, post.form ?? {});
          const bad = mismatch(res, post.expect[persona], url);
          if (bad) wrong.push(`POST ${url} as ${persona}: ${bad}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
    // The validation failures above changed nothing either.
    const { rows } = await db.query<{ role: string; name: string | null; marketing_emails: boolean; campaign_emails: boolean }>(
      'select role, name, marketing_emails, campaign_emails from users where id = $1',
      [fixtures.customerAId],
    );
    assert.deepEqual(rows[0], { role: 'customer', name: null, marketing_emails: true, campaign_emails: true });
    const codes = await db.query<{ active: boolean; deleted_at: Date | null }>('select active, deleted_at from promo_codes where id = $1', [
      fixtures.promoCodeId,
    ]);
    assert.equal(codes.rows[0]?.deleted_at, null);
    // Nobody's deletion was started: every persona's account is as it was.
    const deletions = await db.query<{ n: number }>('select count(*)::int as n from account_deletions');
    assert.equal(deletions.rows[0]!.n, 0, 'no account deletion was started');
    const locked = await db.query<{ n: number }>('select count(*)::int as n from users where blocked or deleted_at is not null');
    assert.equal(locked.rows[0]!.n, 0, 'no account was locked or deleted');
  });
});
