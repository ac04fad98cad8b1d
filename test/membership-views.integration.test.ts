// What a shopper and a member see of memberships, and the membership emails, against a real database (no web server,
// workers or Temporal: the functions the routes and the workflow's activities call, called directly). /membership lists
// the active plans, cheapest first, and knows a member; /account/membership shows the membership now (else the last that
// started), its next payment, the credits of the latest paid period, the credit balance, the invoices newest first and
// the other plans. Each membership email is sent once per key, never to a deleted account, only for the membership's
// own invoice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Email } from '#db/entities/email.ts';
import { Membership, MembershipInvoice, MembershipPlan } from '#db/entities/membership.ts';
import { User } from '#db/entities/user.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import type { Env } from '#server/env.server.ts';
import { lockCustomerAccount, postTransfer, shopAccountId } from '#server/ledger/ledger.server.ts';
import { sendMembershipEmail, type MembershipEmailInput } from '#server/memberships/membership-emails.server.ts';
import { accountMembershipPage, membershipPlansPage, membershipSummary } from '#server/memberships/membership-views.server.ts';
import { ledgerDatabase, type LedgerDatabase } from './ledger-database.ts';

const DAY = 86_400_000;

let ledger: LedgerDatabase;
let orm: MikroORM;
let env: Env;
let deps: ServerDeps;

let plans: { basic: MembershipPlan; studio: MembershipPlan; retired: MembershipPlan };

before(async () => {
  ledger = await ledgerDatabase('membership_views', { SHOP_CURRENCY: 'eur', MEMBERSHIP_GRACE_DAYS: '14', MEMBERSHIP_TIME_SCALE: '1' });
  ({ orm, deps } = ledger);
  env = deps.env;
  const em = orm.em.fork();
  const plan = (name: string, price: number, credits: number, extra: Partial<MembershipPlan> = {}) => {
    const p = new MembershipPlan({ name, price, currency: 'eur', creditsPerPeriod: credits });
    Object.assign(p, { stripePriceId: `price_${name.toLowerCase()}`, ...extra });
    em.persist(p);
    return p;
  };
  plans = {
    studio: plan('Studio', 2400, 50, { description: 'For busy studios', trialDays: 14, unusedCredits: 'expire' }),
    basic: plan('Basic', 900, 15),
    retired: plan('Old', 500, 5, { status: 'retired' }),
  };
  await em.flush();
});
after(async () => {
  await ledger?.close();
});

let users = 0;
async function makeUser(props: Partial<User> = {}): Promise<User> {
  const em = orm.em.fork();
  const user = new User(`member${++users}@example.com`);
  Object.assign(user, { name: 'Aoife', ...props });
  em.persist(user);
  await em.flush();
  return user;
}

async function makeMembership(customer: User, plan: MembershipPlan, props: Partial<Membership>): Promise<Membership> {
  const em = orm.em.fork();
  const m = new Membership({ customer: em.getReference(User, customer.id), plan: em.getReference(MembershipPlan, plan.id) });
  Object.assign(m, props);
  em.persist(m);
  await em.flush();
  return m;
}

let invoices = 0;
async function makeInvoice(membership: Membership, props: Partial<MembershipInvoice>): Promise<MembershipInvoice> {
  const em = orm.em.fork();
  const i = new MembershipInvoice({
    membership: em.getReference(Membership, membership.id),
    stripeInvoiceId: `in_test_${++invoices}`,
    status: 'paid',
    amount: 900,
    currency: 'eur',
  });
  Object.assign(i, props);
  em.persist(i);
  await em.flush();
  return i;
}

/** Credits granted to the customer, as the membership's grant posts them. */
async function grantCredits(customerId: number, amount: number, key: string) {
  await orm.em.fork().transactional(async (tx) => {
    const account = await lockCustomerAccount(tx, 'credits', customerId);
    await postTransfer(tx, {
      kind: 'credits',
      type: 'grant',
      idempotencyKey: key,
      reason: 'Membership credits',
      legs: [
        { accountId: account.id, bucket: 'available', amount, customer: true },
        { accountId: await shopAccountId(tx, 'credits', 'granted'), bucket: 'available', amount: -amount, customer: false },
      ],
    });
  });
}

describe('/membership', () => {
  test('the active plans, cheapest first; nobody is a member when signed out or only part way through a checkout', async () => {
    const anonymous = await membershipPlansPage(orm.em.fork(), null);
    assert.deepEqual(
      anonymous.plans.map((p) => [p.name, p.price, p.creditsPerPeriod, p.trialDays, p.unusedCredits, p.description]),
      [
        ['Basic', 900, 15, 0, 'keep', null],
        ['Studio', 2400, 50, 14, 'expire', 'For busy studios'],
      ],
    );
    assert.equal(anonymous.current, null);
    const joining = await makeUser();
    await makeMembership(joining, plans.basic, { status: 'incomplete' });
    assert.equal((await membershipPlansPage(orm.em.fork(), joining.id)).current, null);
  });

  test('a member sees their plan', async () => {
    const member = await makeUser();
    await makeMembership(member, plans.studio, { status: 'past_due', startedAt: new Date(), pastDueSince: new Date() });
    assert.deepEqual((await membershipPlansPage(orm.em.fork(), member.id)).current, { planName: 'Studio', status: 'past_due' });
  });
});

describe('/account/membership', () => {
  test('never a member: nothing to show but the plans', async () => {
    const page = await accountMembershipPage(orm.em.fork(), (await makeUser()).id, env);
    assert.equal(page.membership, null);
    assert.deepEqual(page.invoices, []);
    assert.equal(page.creditsAvailable, 0);
    assert.deepEqual(
      page.otherPlans.map((p) => p.name),
      ['Basic', 'Studio'],
    );
  });

  test('an active member: next payment, the latest paid period’s credits, the balance, invoices newest first', async () => {
    const member = await makeUser();
    const start = new Date(Date.now() - 40 * DAY);
    const periodEnd = new Date(Date.now() + 20 * DAY);
    const m = await makeMembership(member, plans.basic, {
      status: 'active',
      startedAt: start,
      currentPeriodStart: new Date(Date.now() - 10 * DAY),
      currentPeriodEnd: periodEnd,
    });
    await makeInvoice(m, {
      paidAt: start,
      creditsGranted: 15,
      grantedAt: start,
      periodStart: start,
      periodEnd: new Date(start.getTime() + 30 * DAY),
    });
    const latest = await makeInvoice(m, {
      paidAt: new Date(Date.now() - 10 * DAY),
      creditsGranted: 12,
      grantedAt: new Date(),
      hostedInvoiceUrl: 'https://invoice.example/in_2',
    });
    const failed = await makeInvoice(m, { status: 'failed', paidAt: null, attemptCount: 2 });
    await grantCredits(member.id, 27, `test:membership:${member.id}`);

    const page = await accountMembershipPage(orm.em.fork(), member.id, env);
    const shown = page.membership!;
    assert.equal(shown.status, 'active');
    assert.equal(shown.plan.name, 'Basic');
    assert.deepEqual(shown.nextRenewal, { at: periodEnd.toISOString(), amount: 900, currency: 'eur' });
    assert.equal(shown.creditsThisPeriod, 12);
    assert.equal(shown.graceEndsAt, null);
    assert.equal(page.creditsAvailable, 27);
    assert.deepEqual(
      page.invoices.map((i) => [i.id, i.status]),
      [
        [failed.stripeInvoiceId, 'failed'],
        [latest.stripeInvoiceId, 'paid'],
        [`in_test_${invoices - 2}`, 'paid'],
      ],
    );
    assert.equal(page.invoices[1]!.hostedInvoiceUrl, 'https://invoice.example/in_2');
    assert.equal(page.invoices[1]!.date, latest.paidAt!.toISOString());
    assert.deepEqual(
      page.otherPlans.map((p) => p.name),
      ['Studio'],
    );
  });

  test('past due: the grace period’s end, no next payment; cancelled: no next payment; paused: billing resumes', async () => {
    const since = new Date(Date.now() - 3 * DAY);
    const late = await makeUser();
    await makeMembership(late, plans.basic, { status: 'past_due', startedAt: since, pastDueSince: since, currentPeriodEnd: since });
    const lateView = (await membershipSummary(orm.em.fork(), late.id, env))!;
    assert.equal(lateView.graceEndsAt, new Date(since.getTime() + 14 * DAY).toISOString());
    assert.equal(lateView.nextRenewal, null);
    assert.equal(lateView.creditsThisPeriod, null);

    const leaving = await makeUser();
    await makeMembership(leaving, plans.basic, {
      status: 'active',
      startedAt: since,
      currentPeriodEnd: new Date(),
      cancelAtPeriodEnd: true,
    });
    assert.equal((await membershipSummary(orm.em.fork(), leaving.id, env))!.nextRenewal, null);

    const resting = await makeUser();
    const resumes = new Date(Date.now() + 45 * DAY);
    await makeMembership(resting, plans.studio, { status: 'paused', startedAt: since, pausedUntil: resumes });
    assert.deepEqual((await membershipSummary(orm.em.fork(), resting.id, env))!.nextRenewal, {
      at: resumes.toISOString(),
      amount: 2400,
      currency: 'eur',
    });
  });

  test('ended, then a checkout begun again: the page tells how the last membership ended', async () => {
    const former = await makeUser();
    const endedAt = new Date(Date.now() - 2 * DAY);
    await makeMembership(former, plans.studio, {
      status: 'ended',
      startedAt: new Date(Date.now() - 90 * DAY),
      endedAt,
      endReason: 'unpaid',
      creditsExpired: 7,
    });
    await makeMembership(former, plans.basic, { status: 'incomplete' });
    const shown = (await accountMembershipPage(orm.em.fork(), former.id, env)).membership!;
    assert.deepEqual(
      [shown.status, shown.plan.name, shown.endedAt, shown.endReason, shown.creditsExpired, shown.nextRenewal],
      ['ended', 'Studio', endedAt.toISOString(), 'unpaid', 7, null],
    );
  });
});

describe('membership emails', () => {
  const outbox = (key: string) => orm.em.fork().find(Email, { idempotencyKey: key });
  const ask = (input: Partial<MembershipEmailInput> & Pick<MembershipEmailInput, 'template' | 'membershipId'>) =>
    sendMembershipEmail(deps, { invoiceId: null, attempt: null, graceEndsAt: null, ...input });

  test('a receipt once per invoice, with the period, the amount and the credits added', async () => {
    const member = await makeUser({ campaignEmails: false });
    const m = await makeMembership(member, plans.basic, { status: 'active', startedAt: new Date() });
    const invoice = await makeInvoice(m, {
      amount: 900,
      paidAt: new Date(),
      creditsGranted: 15,
      grantedAt: new Date(),
      periodStart: new Date('2026-12-03T10:00:00Z'),
      periodEnd: new Date('2027-01-03T10:00:00Z'),
    });
    const input = { template: 'membership-receipt' as const, membershipId: m.id, invoiceId: invoice.stripeInvoiceId };
    assert.deepEqual(await ask(input), { sent: true });
    assert.deepEqual(await ask(input), { sent: true, reason: 'already sent' });
    const rows = await outbox(`membership-receipt:${invoice.stripeInvoiceId}`);
    assert.equal(rows.length, 1);
    const email = rows[0]!;
    assert.equal(email.to, member.email);
    assert.equal(email.template, 'membership-receipt');
    assert.equal(email.status, 'stored');
    assert.equal(email.subject, 'Your Atelier membership receipt (Basic)');
    assert.match(email.text, /€9\.00/);
    assert.match(email.text, /3 December 2026 to 3 January 2027/);
    assert.match(email.text, /15 credits are now in your account/);
    assert.match(email.text, /\/account\/membership/);
    assert.equal(email.headers, null);
  });

  test('a failed payment: once per attempt, with the grace period’s end and the membership page', async () => {
    const member = await makeUser();
    const since = new Date('2026-12-03T10:00:00Z');
    const m = await makeMembership(member, plans.studio, { status: 'past_due', startedAt: since, pastDueSince: since });
    const invoice = await makeInvoice(m, { status: 'failed', amount: 2400, attemptCount: 1 });
    const base = { template: 'membership-payment-failed' as const, membershipId: m.id, invoiceId: invoice.stripeInvoiceId };
    assert.deepEqual(await ask({ ...base, attempt: 1, graceEndsAt: '2026-12-17T10:00:00.000Z' }), { sent: true });
    assert.deepEqual(await ask({ ...base, attempt: 2 }), { sent: true });
    const [first] = await outbox(`membership-payment-failed:${invoice.stripeInvoiceId}:1`);
    const [second] = await outbox(`membership-payment-failed:${invoice.stripeInvoiceId}:2`);
    assert.match(first!.text, /€24\.00/);
    assert.match(first!.text, /We will try again/);
    assert.match(first!.text, /ends on that day/);
    assert.match(first!.text, /17 December 2026/);
    assert.match(first!.text, /\/account\/membership/);
    // Without the workflow's date: from the membership's first failure and the grace period.
    assert.match(second!.text, /17 December 2026/);
  });

  test('ended: once per membership, why, and the credits removed', async () => {
    const member = await makeUser();
    const m = await makeMembership(member, plans.studio, {
      status: 'ended',
      startedAt: new Date('2026-10-01T10:00:00Z'),
      endedAt: new Date('2027-01-03T10:00:00Z'),
      endReason: 'cancelled',
      creditsExpired: 8,
    });
    assert.deepEqual(await ask({ template: 'membership-ended', membershipId: m.id }), { sent: true });
    assert.deepEqual(await ask({ template: 'membership-ended', membershipId: m.id }), { sent: true, reason: 'already sent' });
    const [email] = await outbox(`membership-ended:membership-${m.id}`);
    assert.equal(email!.subject, 'Your Atelier membership has ended');
    assert.match(email!.text, /3 January 2027 as it was cancelled/);
    assert.match(email!.text, /8 credits/);
    assert.match(email!.text, /\/membership/);
  });

  test('not to a deleted account, nor about another membership’s invoice or a missing one', async () => {
    const gone = await makeUser({ deletedAt: new Date() });
    const goneMembership = await makeMembership(gone, plans.basic, { status: 'ended', endedAt: new Date(), endReason: 'admin' });
    assert.deepEqual(await ask({ template: 'membership-ended', membershipId: goneMembership.id }), {
      sent: false,
      reason: 'account deleted',
    });
    assert.equal((await outbox(`membership-ended:membership-${goneMembership.id}`)).length, 0);

    const member = await makeUser();
    const m = await makeMembership(member, plans.basic, { status: 'active', startedAt: new Date() });
    const other = await makeInvoice(goneMembership, { paidAt: new Date() });
    assert.deepEqual(await ask({ template: 'membership-receipt', membershipId: m.id, invoiceId: other.stripeInvoiceId }), {
      sent: false,
      reason: 'no such invoice of this membership',
    });
    assert.deepEqual(await ask({ template: 'membership-receipt', membershipId: m.id }), {
      sent: false,
      reason: 'no such invoice of this membership',
    });
    assert.deepEqual(await ask({ template: 'membership-ended', membershipId: 999_999 }), { sent: false, reason: 'no such membership' });
  });
});
