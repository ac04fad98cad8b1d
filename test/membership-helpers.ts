// Memberships in the tests: join through /membership and the stand-in's subscribe page, drive the stand-in from its
// page, and read what the shop recorded.
import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import { membershipWorkflowId, type MembershipChange } from '#core/memberships.ts';
import { changeMembershipUpdate } from '#workflows/membership-messages.ts';
import type { Stack } from '../scripts/lib/stack.ts';
import { Browser, waitFor } from './http.ts';
import { signIn, unique, Visitor } from './sign-in.ts';

export interface Member {
  email: string;
  customerId: number;
  subscriptionId: string;
  visitor: Visitor;
}

/** A new customer signs in, joins the plan and subscribes on the stand-in's page. */
export async function join(stack: Stack, db: pg.Pool, planName: string): Promise<Member> {
  const email = `member-${unique()}@example.com`;
  const visitor = new Visitor(stack.baseUrl);
  assert.equal((await signIn(db, visitor, email)).status, 303);
  const { rows: plans } = await db.query<{ id: number }>('select id from membership_plans where name = $1', [planName]);
  const res = await visitor.postAs('/membership', { intent: 'join', planId: plans[0]!.id });
  assert.equal(res.status, 303, await res.text());
  const location = res.headers.get('location')!;
  const match = /\/dev\/subscribe\/(sub_local_[0-9a-f]+)$/.exec(location);
  assert.ok(match, `joined: redirected to the subscribe page (${location})`);
  // The stand-in's pages answer loopback clients only: no forwarded address.
  const subscribe = await new Browser(stack.baseUrl).post(`/dev/subscribe/${match[1]}`, { email, intent: 'subscribe' });
  assert.equal(subscribe.status, 303, await subscribe.text());
  const { rows } = await db.query<{ id: number }>('select id from users where email = $1', [email]);
  return { email, customerId: rows[0]!.id, subscriptionId: match[1]!, visitor };
}

/** A button on the stand-in's subscription page. */
export async function standIn(stack: Stack, subscriptionId: string, intent: string, extra: Record<string, string> = {}) {
  const res = await new Browser(stack.baseUrl).post(`/dev/subscriptions/${subscriptionId}`, { intent, ...extra });
  assert.equal(res.status, 303, await res.text());
}

export async function membershipRow(db: pg.Pool, customerId: number) {
  const { rows } = await db.query<{
    id: number;
    status: string;
    end_reason: string | null;
    cancel_at_period_end: boolean;
    paused_until: Date | null;
    credits_expired: number | null;
  }>('select * from memberships where customer_id = $1 order by id desc limit 1', [customerId]);
  return rows[0]!;
}

/** The membership's credit grants in the ledger: one per paid invoice. */
export async function grants(db: pg.Pool, customerId: number) {
  const { rows } = await db.query<{ key: string; amount: number }>(
    `select t.idempotency_key as key, e.amount from ledger_transfers t join ledger_entries e on e.transfer_id = t.id
     join ledger_accounts a on a.id = e.account_id
     where a.customer_id = $1 and a.kind = 'credits' and t.idempotency_key like 'credits:membership:%' order by t.id`,
    [customerId],
  );
  return rows;
}

export async function creditsAvailable(db: pg.Pool, customerId: number): Promise<number> {
  const { rows } = await db.query<{ available: number }>(
    `select available from ledger_accounts where customer_id = $1 and kind = 'credits'`,
    [customerId],
  );
  return rows[0]?.available ?? 0;
}

export async function paidInvoices(db: pg.Pool, subscriptionId: string) {
  const { rows } = await db.query<{ invoice_id: string; amount: number }>(
    `select invoice_id, amount from local_invoices where subscription_id = $1 and status = 'paid' order by period_index`,
    [subscriptionId],
  );
  return rows;
}

export async function emailsTo(db: pg.Pool, email: string, template: string) {
  const { rows } = await db.query<{ subject: string; text: string }>(
    'select subject, text from emails where "to" = $1 and template = $2 order by id',
    [email, template],
  );
  return rows;
}

export async function waitForGrants(db: pg.Pool, customerId: number, n: number, timeoutMs = 120_000) {
  return waitFor(`${n} grants`, async () => ((await grants(db, customerId)).length >= n ? grants(db, customerId) : null), timeoutMs);
}

export async function waitForStatus(db: pg.Pool, customerId: number, status: string, timeoutMs = 60_000) {
  return waitFor(
    `membership ${status}`,
    async () => {
      const row = await membershipRow(db, customerId);
      return row.status === status ? row : null;
    },
    timeoutMs,
  );
}

export function changeMembership(temporal: Client, customerId: number, change: MembershipChange) {
  return temporal.workflow.getHandle(membershipWorkflowId(customerId)).executeUpdate(changeMembershipUpdate, { args: [change] });
}

/** The stand-in's delivered events of a subscription, oldest first. */
export async function standInEvents(db: pg.Pool, subscriptionId: string, type: string) {
  const { rows } = await db.query<{ event_id: string; payload: { data: { object: Record<string, unknown> } } }>(
    `select event_id, payload from local_stripe_events where subscription_id = $1 and type = $2 order by id`,
    [subscriptionId, type],
  );
  return rows;
}
