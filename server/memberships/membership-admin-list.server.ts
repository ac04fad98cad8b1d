// The admin's list of members (/admin/members): every membership but checkouts never paid, filtered by status and
// plan, newest first, with the credits each granted. Reads only.
import type { EntityManager } from '@mikro-orm/postgresql';
import { membershipAdminGrantKey, type MembershipEndReason, type MembershipStatus } from '#core/memberships.ts';
import { LISTED_STATUSES, type MemberFilters } from '#core/schemas/admin-membership.ts';

export const MEMBERS_PAGE_SIZE = 25;

export interface MemberRow {
  id: number;
  customerId: number;
  email: string;
  planId: number;
  planName: string;
  status: MembershipStatus;
  /** ISO: when it started (its first paid or trial period), else when the checkout began. */
  memberSince: string;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  endedAt: string | null;
  endReason: MembershipEndReason | null;
  /** Every credit the membership granted: its periods' and an admin's extras. */
  creditsGranted: number;
}

export interface MembersPage {
  rows: MemberRow[];
  total: number;
  pages: number;
  plans: Array<{ id: number; name: string }>;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The SQL condition of the filters and its parameters: a checkout that never became a membership is left out. */
function membersWhere(f: MemberFilters): { sql: string; params: unknown[] } {
  const statuses = f.status === 'all' ? LISTED_STATUSES : [f.status];
  const clauses = [`m.status in (${statuses.map(() => '?').join(', ')})`, `m.end_reason is distinct from 'checkout_expired'`];
  const params: unknown[] = [...statuses];
  if (f.planId !== null) {
    clauses.push('m.plan_id = ?');
    params.push(f.planId);
  }
  return { sql: clauses.join(' and '), params };
}

/** The credits admins granted to these memberships (their keys start with membershipAdminGrantKey(id, '')). */
async function adminGrants(em: EntityManager, membershipIds: number[]): Promise<Map<number, number>> {
  if (!membershipIds.length) return new Map();
  const rows = await em.execute<Array<{ key: string; amount: number }>>(
    `select t.idempotency_key as key, e.amount
       from ledger_transfers t
       join ledger_entries e on e.transfer_id = t.id
       join ledger_accounts a on a.id = e.account_id and a.customer_id is not null
      where t.kind = 'credits' and (${membershipIds.map(() => 't.idempotency_key like ?').join(' or ')})`,
    membershipIds.map((id) => `${membershipAdminGrantKey(id, '')}%`),
    'all',
  );
  const byId = new Map<number, number>();
  for (const id of membershipIds) {
    const prefix = membershipAdminGrantKey(id, '');
    byId.set(
      id,
      rows.filter((r) => r.key.startsWith(prefix)).reduce((s, r) => s + r.amount, 0),
    );
  }
  return byId;
}

/** One page of the members matching the filters, newest first, and the plans to filter by. */
export async function listMembers(em: EntityManager, f: MemberFilters): Promise<MembersPage> {
  const where = membersWhere(f);
  const [rows, count, plans] = await Promise.all([
    em.execute<
      Array<{
        id: number;
        customer_id: number;
        email: string;
        plan_id: number;
        plan_name: string;
        status: MembershipStatus;
        since: Date;
        current_period_end: Date | null;
        cancel_at_period_end: boolean;
        ended_at: Date | null;
        end_reason: MembershipEndReason | null;
        invoice_credits: number;
      }>
    >(
      `select m.id, m.customer_id, u.email, p.id as plan_id, p.name as plan_name, m.status,
              coalesce(m.started_at, m.created_at) as since, m.current_period_end, m.cancel_at_period_end, m.ended_at, m.end_reason,
              (select coalesce(sum(i.credits_granted), 0)::int from membership_invoices i where i.membership_id = m.id) as invoice_credits
         from memberships m
         join users u on u.id = m.customer_id
         join membership_plans p on p.id = m.plan_id
        where ${where.sql}
        order by m.created_at desc, m.id desc
        limit ? offset ?`,
      [...where.params, MEMBERS_PAGE_SIZE, (f.page - 1) * MEMBERS_PAGE_SIZE],
      'all',
    ),
    em.execute<{ n: number }>(`select count(*)::int as n from memberships m where ${where.sql}`, where.params, 'get'),
    em.execute<Array<{ id: number; name: string }>>(`select id, name from membership_plans order by name, id`, [], 'all'),
  ]);
  const extras = await adminGrants(
    em,
    rows.map((r) => r.id),
  );
  return {
    rows: rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      email: r.email,
      planId: r.plan_id,
      planName: r.plan_name,
      status: r.status,
      memberSince: new Date(r.since).toISOString(),
      currentPeriodEnd: iso(r.current_period_end),
      cancelAtPeriodEnd: r.cancel_at_period_end,
      endedAt: iso(r.ended_at),
      endReason: r.end_reason,
      creditsGranted: r.invoice_credits + (extras.get(r.id) ?? 0),
    })),
    total: count.n,
    pages: Math.max(1, Math.ceil(count.n / MEMBERS_PAGE_SIZE)),
    plans,
  };
}
