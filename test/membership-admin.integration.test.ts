// The admin side of memberships. Against a database of its own (the functions the admin pages call, called directly):
// /admin/members lists every membership but checkouts never paid, newest first, by status and plan, 25 a page, with the
// credits each granted; /admin/members/:id shows one with its invoices, the customer's credits, only this membership's
// ledger entries and its links; an admin's extra credits are one transfer per form key, refused for a membership that
// is not current; the dashboard's figures follow members joining, paying and leaving. Then the pages themselves, as a
// browser without JavaScript uses them, on a stack without workers (rows seeded in PostgreSQL): the list and its
// filters, the membership page's forms with errors by field, a grant sent twice, a cancellation the workflow refuses,
// the dashboard's panel, and who may see them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { Membership, MembershipInvoice, MembershipPlan } from '#db/entities/membership.ts';
import { User } from '#db/entities/user.ts';
import type { Env } from '#server/env.server.ts';
import { lockCustomerAccount, postTransfer, shopAccountId } from '#server/ledger/ledger.server.ts';
import { grantExtraCredits } from '#server/memberships/admin-credits.server.ts';
import { listMembers } from '#server/memberships/membership-admin-list.server.ts';
import { memberPage } from '#server/memberships/membership-admin.server.ts';
import { membershipReport } from '#server/memberships/membership-report.server.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, errorByField, formControl } from './http.ts';
import { ledgerDatabase, type LedgerDatabase } from './ledger-database.ts';
import { Visitor, signIn, unique } from './sign-in.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const KEY = (n: number) => `form-key-${String(n).padStart(8, '0')}`;

let ledger: LedgerDatabase;
let orm: MikroORM;
let env: Env;

before(async () => {
  ledger = await ledgerDatabase('membership_admin', { SHOP_CURRENCY: 'eur', MEMBERSHIP_GRACE_DAYS: '14', MEMBERSHIP_TIME_SCALE: '1' });
  orm = ledger.orm;
  env = ledger.deps.env;
});
after(async () => {
  await ledger?.close();
});

async function makePlan(name: string, price: number, credits: number): Promise<MembershipPlan> {
  const em = orm.em.fork();
  const p = new MembershipPlan({ name, price, currency: 'eur', creditsPerPeriod: credits });
  em.persist(p);
  await em.flush();
  return p;
}

let users = 0;
async function makeUser(): Promise<User> {
  const em = orm.em.fork();
  const user = new User(`member-admin${++users}@example.com`);
  em.persist(user);
  await em.flush();
  return user;
}

async function makeMembership(plan: MembershipPlan, props: Partial<Membership>, customer?: User): Promise<Membership> {
  const owner = customer ?? (await makeUser());
  const em = orm.em.fork();
  const m = new Membership({ customer: em.getReference(User, owner.id), plan: em.getReference(MembershipPlan, plan.id) });
  Object.assign(m, props);
  em.persist(m);
  await em.flush();
  return m;
}

let invoices = 0;
/** A paid invoice whose credits were granted, as the workflow's step records it (invoice row and ledger transfer). */
async function paidInvoice(m: Membership, customerId: number, credits: number): Promise<MembershipInvoice> {
  const em = orm.em.fork();
  const i = new MembershipInvoice({
    membership: em.getReference(Membership, m.id),
    stripeInvoiceId: `in_admin_${++invoices}`,
    status: 'paid',
    amount: 900,
    currency: 'eur',
  });
  Object.assign(i, { paidAt: ago(1), creditsGranted: credits, grantedAt: ago(1), periodStart: ago(1), periodEnd: ago(-29) });
  em.persist(i);
  await em.flush();
  await orm.em.fork().transactional(async (tx) => {
    const account = await lockCustomerAccount(tx, 'credits', customerId);
    await postTransfer(tx, {
      kind: 'credits',
      type: 'grant',
      idempotencyKey: `credits:membership:${i.stripeInvoiceId}`,
      reason: 'Membership: this period’s credits',
      legs: [
        { accountId: account.id, bucket: 'available', amount: credits, customer: true },
        { accountId: await shopAccountId(tx, 'credits', 'granted'), bucket: 'available', amount: -credits, customer: false },
      ],
    });
  });
  return i;
}

const available = async (customerId: number) =>
  (
    await orm.em
      .fork()
      .getConnection()
      .execute<Array<{ available: number }>>(`select available from ledger_accounts where customer_id = ? and kind = 'credits'`, [
        customerId,
      ])
  )[0]?.available ?? 0;

describe('/admin/members', () => {
  test('members only (no checkout in progress or expired), newest first, by status and by plan', async () => {
    const a = await makePlan('List A', 900, 10);
    const b = await makePlan('List B', 1900, 30);
    await makeMembership(a, { status: 'incomplete' });
    await makeMembership(a, { status: 'ended', endedAt: ago(1), endReason: 'checkout_expired' });
    const active = await makeMembership(a, { status: 'active', startedAt: ago(40), currentPeriodEnd: ago(-20) });
    const ended = await makeMembership(a, { status: 'ended', startedAt: ago(90), endedAt: ago(2), endReason: 'unpaid' });
    const onB = await makeMembership(b, { status: 'past_due', startedAt: ago(20), pastDueSince: ago(2) });

    const onA = await listMembers(orm.em.fork(), { status: 'all', planId: a.id, page: 1 });
    assert.deepEqual(
      onA.rows.map((r) => [r.id, r.status]),
      [
        [ended.id, 'ended'],
        [active.id, 'active'],
      ],
    );
    assert.equal(onA.total, 2);
    const row = onA.rows[1]!;
    assert.equal(row.planName, 'List A');
    assert.equal(row.memberSince, active.startedAt!.toISOString());
    assert.equal(row.currentPeriodEnd, active.currentPeriodEnd!.toISOString());
    assert.equal(row.email, `member-admin${users - 2}@example.com`);
    assert.deepEqual([onA.rows[0]!.endedAt, onA.rows[0]!.endReason], [ended.endedAt!.toISOString(), 'unpaid']);

    const endedOnA = await listMembers(orm.em.fork(), { status: 'ended', planId: a.id, page: 1 });
    assert.deepEqual(
      endedOnA.rows.map((r) => r.id),
      [ended.id],
    );
    const pastDue = await listMembers(orm.em.fork(), { status: 'past_due', planId: null, page: 1 });
    assert.ok(pastDue.rows.some((r) => r.id === onB.id));
    assert.ok(pastDue.rows.every((r) => r.status === 'past_due'));
    assert.ok(onA.plans.some((p) => p.id === a.id && p.name === 'List A'));
  });

  test('25 a page', async () => {
    const plan = await makePlan('Many', 500, 1);
    for (let n = 0; n < 26; n++) await makeMembership(plan, { status: 'active', startedAt: ago(3) });
    const first = await listMembers(orm.em.fork(), { status: 'active', planId: plan.id, page: 1 });
    const second = await listMembers(orm.em.fork(), { status: 'active', planId: plan.id, page: 2 });
    assert.deepEqual([first.rows.length, second.rows.length, first.total, first.pages], [25, 1, 26, 2]);
    assert.ok(second.rows[0]!.id < first.rows[24]!.id, 'the oldest on the last page');
  });

  test('the credits granted: its periods’ and an admin’s extras', async () => {
    const plan = await makePlan('Credits', 900, 15);
    const customer = await makeUser();
    const m = await makeMembership(plan, { status: 'active', startedAt: ago(40) }, customer);
    await paidInvoice(m, customer.id, 15);
    await paidInvoice(m, customer.id, 15);
    const admin = await makeUser();
    assert.ok(
      (
        await grantExtraCredits(orm.em.fork(), {
          membershipId: m.id,
          credits: 7,
          reason: 'late parcel',
          adminId: admin.id,
          formKey: KEY(1),
        })
      ).ok,
    );
    const { rows } = await listMembers(orm.em.fork(), { status: 'all', planId: plan.id, page: 1 });
    assert.equal(rows[0]!.creditsGranted, 37);
  });
});

describe('extra credits from an admin', () => {
  test('one transfer per form key from the shop’s granted account, with the admin and the reason', async () => {
    const plan = await makePlan('Extras', 900, 10);
    const customer = await makeUser();
    const admin = await makeUser();
    const m = await makeMembership(plan, { status: 'active', startedAt: ago(5) }, customer);
    const input = { membershipId: m.id, credits: 25, reason: 'Sorry for the late parcel', adminId: admin.id, formKey: KEY(2) };

    const first = await grantExtraCredits(orm.em.fork(), input);
    assert.ok(first.ok && first.created && first.credits === 25);
    const again = await grantExtraCredits(orm.em.fork(), input);
    assert.ok(again.ok && !again.created && again.transferId === first.transferId && again.credits === 25);
    assert.equal(await available(customer.id), 25);

    const rows = await orm.em
      .fork()
      .getConnection()
      .execute<Array<{ type: string; reason: string; admin_id: number; customer_leg: number; shop_code: string }>>(
        `select t.type, t.reason, t.admin_id, e.amount as customer_leg, s.code as shop_code
           from ledger_transfers t
           join ledger_entries e on e.transfer_id = t.id join ledger_accounts a on a.id = e.account_id and a.customer_id = ?
           join ledger_entries se on se.transfer_id = t.id join ledger_accounts s on s.id = se.account_id and s.customer_id is null
          where t.idempotency_key = ?`,
        [customer.id, `credits:membership-admin:${m.id}:${KEY(2)}`],
      );
    assert.deepEqual(rows, [
      { type: 'grant', reason: 'Sorry for the late parcel', admin_id: admin.id, customer_leg: 25, shop_code: 'granted' },
    ]);

    const another = await grantExtraCredits(orm.em.fork(), { ...input, formKey: KEY(3), credits: 5 });
    assert.ok(another.ok && another.created);
    assert.equal(await available(customer.id), 30);
  });

  test('two posts of one form at once record one grant', async () => {
    const plan = await makePlan('Race', 900, 10);
    const customer = await makeUser();
    const m = await makeMembership(plan, { status: 'trialing', startedAt: ago(1) }, customer);
    const input = { membershipId: m.id, credits: 10, reason: 'double click', adminId: customer.id, formKey: KEY(4) };
    const results = await Promise.all([grantExtraCredits(orm.em.fork(), input), grantExtraCredits(orm.em.fork(), input)]);
    assert.deepEqual(results.map((r) => r.ok && r.created).sort(), [false, true]);
    assert.equal(await available(customer.id), 10);
  });

  test('refused for an ended membership (but a repeat of a grant made before it ended answers as done), or none', async () => {
    const plan = await makePlan('Ended', 900, 10);
    const customer = await makeUser();
    const m = await makeMembership(plan, { status: 'active', startedAt: ago(30) }, customer);
    const input = { membershipId: m.id, credits: 3, reason: 'goodwill', adminId: customer.id, formKey: KEY(5) };
    assert.ok((await grantExtraCredits(orm.em.fork(), input)).ok);
    await orm.em.fork().nativeUpdate(Membership, { id: m.id }, { status: 'ended', endedAt: new Date(), endReason: 'admin' });
    const repeat = await grantExtraCredits(orm.em.fork(), input);
    assert.ok(repeat.ok && !repeat.created);
    const refused = await grantExtraCredits(orm.em.fork(), { ...input, formKey: KEY(6) });
    assert.deepEqual(refused, { ok: false, field: null, message: 'This membership is not current: it gets no more credits', status: 409 });
    assert.equal(await available(customer.id), 3);
    const none = await grantExtraCredits(orm.em.fork(), { ...input, membershipId: 999_999, formKey: KEY(7) });
    assert.ok(!none.ok && none.status === 404);
    const tooMany = await grantExtraCredits(orm.em.fork(), { ...input, credits: 1001, formKey: KEY(8) });
    assert.ok(!tooMany.ok && tooMany.field === 'credits');
  });
});

describe('/admin/members/:id', () => {
  test('the membership, its invoices, the credits balance and only its own ledger entries, with its links', async () => {
    const plan = await makePlan('Page', 1200, 20);
    const customer = await makeUser();
    const admin = await makeUser();
    const earlier = await makeMembership(
      plan,
      { status: 'ended', startedAt: ago(200), endedAt: ago(100), endReason: 'cancelled' },
      customer,
    );
    await paidInvoice(earlier, customer.id, 20);
    const m = await makeMembership(
      plan,
      {
        status: 'past_due',
        startedAt: ago(60),
        pastDueSince: ago(4),
        currentPeriodStart: ago(30),
        currentPeriodEnd: ago(0),
        stripeSubscriptionId: `sub_local_page${users}`,
      },
      customer,
    );
    const paid = await paidInvoice(m, customer.id, 20);
    await grantExtraCredits(orm.em.fork(), { membershipId: m.id, credits: 4, reason: 'Birthday', adminId: admin.id, formKey: KEY(9) });

    const page = (await memberPage(orm.em.fork(), m.id, env))!;
    assert.equal(page.customer.email, customer.email);
    assert.deepEqual([page.plan.name, page.plan.price, page.plan.creditsPerPeriod], ['Page', 1200, 20]);
    assert.equal(page.membership.status, 'past_due');
    assert.equal(page.membership.graceEndsAt, new Date(m.pastDueSince!.getTime() + 14 * DAY).toISOString());
    assert.deepEqual(
      page.invoices.map((i) => [i.stripeInvoiceId, i.status, i.creditsGranted]),
      [[paid.stripeInvoiceId, 'paid', 20]],
    );
    assert.deepEqual(page.credits, { available: 44, reserved: 0 });
    assert.deepEqual(
      page.entries.map((e) => [e.type, e.amount, e.reason, e.adminEmail]),
      [
        ['grant', 4, 'Birthday', admin.email],
        ['grant', 20, 'Membership: this period’s credits', null],
      ],
    );
    assert.equal(page.links.subscription, `/dev/subscriptions/sub_local_page${users}`);
    assert.equal(page.links.workflow, `${env.TEMPORAL_UI_URL}/namespaces/${env.TEMPORAL_NAMESPACE}/workflows/membership-${customer.id}`);
    assert.deepEqual(page.can, { cancelNow: true, cancelAtPeriodEnd: false, grantCredits: true });

    const old = (await memberPage(orm.em.fork(), earlier.id, env))!;
    assert.deepEqual(old.can, { cancelNow: false, cancelAtPeriodEnd: false, grantCredits: false });
    assert.equal(old.links.subscription, null);
    assert.deepEqual(
      old.entries.map((e) => e.amount),
      [20],
    );
    assert.equal(await memberPage(orm.em.fork(), 999_999, env), null);
  });

  test('an active membership offers both cancellations; one set to end at the period’s end only "now"', async () => {
    const plan = await makePlan('Forms', 900, 10);
    const active = await makeMembership(plan, { status: 'active', startedAt: ago(5), stripeSubscriptionId: `sub_forms_${users}` });
    assert.deepEqual((await memberPage(orm.em.fork(), active.id, env))!.can, {
      cancelNow: true,
      cancelAtPeriodEnd: true,
      grantCredits: true,
    });
    const leaving = await makeMembership(plan, { status: 'active', startedAt: ago(5), cancelAtPeriodEnd: true });
    assert.deepEqual((await memberPage(orm.em.fork(), leaving.id, env))!.can, {
      cancelNow: true,
      cancelAtPeriodEnd: false,
      grantCredits: true,
    });
  });
});

describe('the dashboard’s memberships', () => {
  test('by status, MRR, churn and new members over 30 days, the past-due members', async () => {
    const now = new Date();
    const before = await membershipReport(orm.em.fork(), now);
    const basic = await makePlan('Report basic', 900, 10);
    const studio = await makePlan('Report studio', 2400, 40);
    await makeMembership(basic, { status: 'active', startedAt: ago(60) });
    const late = await makeMembership(studio, { status: 'past_due', startedAt: ago(40), pastDueSince: ago(3) });
    await makeMembership(basic, { status: 'ended', startedAt: ago(90), endedAt: ago(10), endReason: 'cancelled' });
    await makeMembership(basic, { status: 'ended', startedAt: ago(10), endedAt: ago(5), endReason: 'cancelled' });
    await makeMembership(studio, { status: 'trialing', startedAt: ago(5) });
    await makeMembership(basic, { status: 'incomplete' });
    await makeMembership(basic, { status: 'ended', endedAt: ago(1), endReason: 'checkout_expired' });
    await makeMembership(basic, { status: 'ended', startedAt: ago(100), endedAt: ago(40), endReason: 'unpaid' });
    await makeMembership(basic, { status: 'paused', startedAt: ago(50) });
    const after = await membershipReport(orm.em.fork(), now);

    const delta = (k: keyof typeof after.byStatus) => after.byStatus[k] - before.byStatus[k];
    assert.deepEqual([delta('trialing'), delta('active'), delta('past_due'), delta('paused'), delta('ended')], [1, 1, 1, 1, 3]);
    const mrr = (r: typeof after) => r.mrr.find((m) => m.currency === 'eur')?.amount ?? 0;
    assert.equal(mrr(after) - mrr(before), 900 + 2400);
    assert.equal(after.membersAtStart - before.membersAtStart, 4);
    assert.equal(after.endedInWindow - before.endedInWindow, 1);
    assert.equal(after.newInWindow - before.newInWindow, 2);
    assert.equal(after.churn, after.endedInWindow / after.membersAtStart);
    assert.deepEqual(
      after.pastDue.find((p) => p.membershipId === late.id),
      {
        membershipId: late.id,
        email: `member-admin${users - 7}@example.com`,
        planName: 'Report studio',
        pastDueSince: late.pastDueSince!.toISOString(),
      },
    );
  });
});

describe('the pages, as a browser without JavaScript uses them', () => {
  let stack: Stack;
  let db: pg.Pool;
  let admin: Visitor;
  before(async () => {
    stack = await startStack({ name: 'membership-admin', payments: 'local', group: new ProcessGroup(), workers: false });
    db = database(stack.databaseUrl);
    admin = new Visitor(stack.baseUrl);
    await signIn(db, admin, 'admin@example.com', '/admin');
  });
  after(async () => {
    await db?.end();
    await stack?.stop();
  });

  const formOf = (html: string, id: string) => new RegExp(`<form[^>]*id="${id}"[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';
  const page = async (path: string) => {
    const res = await admin.get(path);
    const html = await res.text();
    assert.equal(res.status, 200, `${path}: ${html.slice(0, 500)}`);
    return html;
  };

  /** A past-due member on a plan of their own, seeded as the workflow would have left them (no workflow runs). */
  async function pastDueMember() {
    const email = `member-admin-${unique()}@example.com`;
    const { rows: users } = await db.query<{ id: number }>(
      `insert into users (email, role, created_at, updated_at) values ($1, 'customer', now(), now()) returning id`,
      [email],
    );
    const { rows: plans } = await db.query<{ id: number }>(
      `insert into membership_plans (name, price, currency, credits_per_period) values ($1, 900, 'eur', 10) returning id`,
      [`Pages ${unique()}`],
    );
    const subscriptionId = `sub_local_${unique()}`;
    const { rows } = await db.query<{ id: number }>(
      `insert into memberships (customer_id, plan_id, status, started_at, past_due_since, current_period_start, current_period_end,
                                stripe_subscription_id)
       values ($1, $2, 'past_due', now() - interval '40 days', now() - interval '2 days', now() - interval '10 days',
               now() + interval '20 days', $3) returning id`,
      [users[0]!.id, plans[0]!.id, subscriptionId],
    );
    return { id: rows[0]!.id, customerId: users[0]!.id, planId: plans[0]!.id, email, subscriptionId };
  }

  test('the list links each member to their customer page and keeps its filters in the query string', async () => {
    const m = await pastDueMember();
    const list = await page('/admin/members');
    assert.match(list, new RegExp(`href="/admin/customers/${m.customerId}">${m.email}`));
    assert.match(list, new RegExp(`href="/admin/members/${m.id}"`));
    assert.match(list, /href="\/admin\/membership-plans">Plans/);
    assert.match(list, /href="\/admin\/members"[^>]*>Members/, 'in the admin nav');
    const filtered = await page(`/admin/members?status=ended&plan=${m.planId}`);
    assert.match(filtered, /No members match/);
    assert.match(formControl(filtered, 'status') ?? '', /<select/);
    assert.match(await page(`/admin/members?status=past_due&plan=${m.planId}`), new RegExp(m.email));
  });

  test('the membership page: links, forms by state, extra credits once per form, a cancellation refused', async () => {
    const m = await pastDueMember();
    const html = await page(`/admin/members/${m.id}`);
    assert.match(html, new RegExp(`href="/dev/subscriptions/${m.subscriptionId}"`));
    assert.match(html, new RegExp(`/workflows/membership-${m.customerId}"`));
    assert.ok(formOf(html, 'grant-credits') && formOf(html, 'cancel-now'));
    assert.equal(formOf(html, 'cancel-at-period-end'), '', 'past due: only "cancel now"');
    const formKey = /name="formKey" value="([^"]+)"/.exec(html)![1]!;

    const bad = await admin.post(`/admin/members/${m.id}`, { intent: 'grant-credits', credits: '0', reason: 'x', formKey });
    assert.equal(bad.status, 400);
    const refusedForm = formOf(await bad.text(), 'grant-credits');
    assert.match(errorByField(refusedForm, 'credits') ?? '', /from 1 to 1000/);
    assert.match(errorByField(refusedForm, 'reason') ?? '', /Say why/);
    assert.match(formControl(refusedForm, 'credits') ?? '', /value="0"/, 'what was typed is kept');

    const grant = { intent: 'grant-credits', credits: '5', reason: 'Late parcel', formKey };
    const granted = await admin.post(`/admin/members/${m.id}`, grant);
    assert.equal(granted.status, 200);
    assert.match(await granted.text(), /Granted 5 credits/);
    assert.match(await (await admin.post(`/admin/members/${m.id}`, grant)).text(), /already granted/);
    const { rows } = await db.query(`select available from ledger_accounts where customer_id = $1 and kind = 'credits'`, [m.customerId]);
    assert.equal(rows[0].available, 5);
    assert.match(await page(`/admin/members/${m.id}`), /Late parcel/);

    const noReason = await admin.post(`/admin/members/${m.id}`, { intent: 'cancel-now', reason: '' });
    assert.equal(noReason.status, 400);
    assert.match(errorByField(formOf(await noReason.text(), 'cancel-now'), 'reason') ?? '', /Say why/);
    // No workflow runs for a seeded membership: the workflow's refusal is shown, nothing changes.
    const cancel = await admin.post(`/admin/members/${m.id}`, { intent: 'cancel-now', reason: 'Chargeback' });
    assert.equal(cancel.status, 409);
    assert.match(await cancel.text(), /You have no membership to change/);
  });

  test('the dashboard’s panel lists past-due members; only admins see these pages; unknown ids are 404', async () => {
    const m = await pastDueMember();
    const dashboard = await page('/admin');
    assert.match(dashboard, /data-testid="memberships"/);
    assert.match(dashboard, new RegExp(`href="/admin/members/${m.id}">${m.email}`));
    assert.equal((await admin.get('/admin/members/999999')).status, 404);
    assert.equal((await admin.get('/admin/members/abc')).status, 404);
    assert.equal((await admin.post(`/admin/members/${m.id}`, { intent: 'nope' })).status, 400);
    const customer = new Visitor(stack.baseUrl);
    await signIn(db, customer, m.email, '/account');
    assert.equal((await customer.get('/admin/members')).status, 403);
    assert.equal((await customer.get(`/admin/members/${m.id}`)).status, 403);
    assert.equal((await customer.post(`/admin/members/${m.id}`, { intent: 'cancel-now', reason: 'not mine' })).status, 403);
  });
});
