// One membership as the admin's page shows it (/admin/members/:id): its invoices, the customer's credits, the ledger
// entries the membership made, links into Stripe (or the stand-in) and the Temporal UI, and the forms its state offers.
// Reads only.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { membershipAdminGrantKey, membershipExpiryKey, membershipGrantKey, membershipWorkflowId } from '#core/memberships.ts';
import { isMember, membershipForms, membershipIntents } from '#core/schemas/membership.ts';
import { Membership, MembershipInvoice, MembershipPlan, type MembershipInvoiceStatus } from '#db/entities/membership.ts';
import type { Env } from '#server/env.server.ts';
import { creditsBalance, type CreditsBalance } from '#server/ledger/credits-views.server.ts';
import { temporalWorkflowsUrl } from '#server/temporal/customer-email-search.server.ts';
import { membershipStateView, type MembershipStateView } from './membership-views.server.ts';

/** How many of the membership's ledger entries its page lists. */
export const MEMBER_ENTRIES_LIMIT = 100;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export interface MemberInvoiceRow {
  id: number;
  stripeInvoiceId: string;
  /** ISO: when it was paid, else when it was recorded. */
  date: string;
  periodStart: string | null;
  periodEnd: string | null;
  amount: number;
  currency: string;
  status: MembershipInvoiceStatus;
  attemptCount: number;
  creditsGranted: number;
  grantedAt: string | null;
  hostedInvoiceUrl: string | null;
}

export interface MemberLedgerEntry {
  id: number;
  at: string;
  type: string;
  bucket: string;
  /** Positive into the customer's bucket, negative out of it. */
  amount: number;
  reason: string;
  adminEmail: string | null;
}

export interface MemberPage {
  membership: MembershipStateView & {
    id: number;
    createdAt: string;
    stripeSubscriptionId: string | null;
    stripeCustomerId: string | null;
  };
  customer: { id: number; email: string; name: string | null };
  plan: { id: number; name: string; price: number; currency: string; creditsPerPeriod: number; unusedCredits: string };
  invoices: MemberInvoiceRow[];
  credits: CreditsBalance;
  entries: MemberLedgerEntry[];
  links: { subscription: string | null; workflow: string };
  /** The forms the membership's state offers. */
  can: { cancelNow: boolean; cancelAtPeriodEnd: boolean; grantCredits: boolean };
}

export type MemberPageEnv = Pick<
  Env,
  'stripeMode' | 'STRIPE_SECRET_KEY' | 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE' | 'MEMBERSHIP_GRACE_DAYS' | 'MEMBERSHIP_TIME_SCALE'
>;

/** The subscription at Stripe (its test-mode dashboard unless the key is live), or the local stand-in's page. */
export function subscriptionLink(subscriptionId: string | null, env: Pick<Env, 'stripeMode' | 'STRIPE_SECRET_KEY'>): string | null {
  if (!subscriptionId) return null;
  const id = encodeURIComponent(subscriptionId);
  if (env.stripeMode === 'local') return `/dev/subscriptions/${id}`;
  return `https://dashboard.stripe.com${env.STRIPE_SECRET_KEY?.startsWith('sk_live') ? '' : '/test'}/subscriptions/${id}`;
}

/** The customer's membership workflow (its latest run) in the Temporal UI. */
export const membershipWorkflowLink = (customerId: number, env: Pick<Env, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>) =>
  `${temporalWorkflowsUrl(env)}/${encodeURIComponent(membershipWorkflowId(customerId))}`;

/** The ledger entries of this membership in the customer's credits account: its periods' grants, its expiry, admins' extras. */
async function membershipEntries(em: EntityManager, m: Membership, invoiceIds: string[]): Promise<MemberLedgerEntry[]> {
  const keys = [...invoiceIds.map(membershipGrantKey), membershipExpiryKey(m.id)];
  const rows = await em.execute<
    Array<{ id: string; created_at: Date; type: string; bucket: string; amount: number; reason: string; admin_email: string | null }>
  >(
    `select e.id, t.created_at, t.type, e.bucket, e.amount, t.reason, u.email as admin_email
       from ledger_entries e
       join ledger_transfers t on t.id = e.transfer_id
       join ledger_accounts a on a.id = e.account_id
       left join users u on u.id = t.admin_id
      where a.customer_id = ? and a.kind = 'credits'
        and (t.idempotency_key in (${keys.map(() => '?').join(', ')}) or t.idempotency_key like ?)
      order by e.id desc limit ?`,
    [m.customer.id, ...keys, `${membershipAdminGrantKey(m.id, '')}%`, MEMBER_ENTRIES_LIMIT],
    'all',
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.created_at).toISOString(),
    type: r.type,
    bucket: r.bucket,
    amount: r.amount,
    reason: r.reason,
    adminEmail: r.admin_email,
  }));
}

/** The :id of a member page, or null for anything that cannot be one. */
export function memberIdOf(id: string | undefined): number | null {
  if (!/^\d{1,9}$/.test(id ?? '')) return null;
  const n = Number(id);
  return n >= 1 ? n : null;
}

/** One membership as its admin page shows it; null when there is none with this id. */
export async function memberPage(em: EntityManager, id: number, env: MemberPageEnv): Promise<MemberPage | null> {
  const m = await em.findOne(Membership, { id }, { populate: ['customer', 'plan'] });
  if (!m) return null;
  const [invoices, credits] = await Promise.all([
    em.find(MembershipInvoice, { membership: m.id }, { orderBy: { createdAt: 'desc', id: 'desc' } }),
    creditsBalance(em, m.customer.id),
  ]);
  const entries = await membershipEntries(
    em,
    m,
    invoices.map((i) => i.stripeInvoiceId),
  );
  const forms = membershipForms(m);
  const plan: MembershipPlan = m.plan;
  return {
    membership: {
      id: m.id,
      ...membershipStateView(m, env),
      createdAt: m.createdAt.toISOString(),
      stripeSubscriptionId: m.stripeSubscriptionId,
      stripeCustomerId: m.stripeCustomerId,
    },
    customer: { id: m.customer.id, email: m.customer.email, name: m.customer.name },
    plan: {
      id: plan.id,
      name: plan.name,
      price: plan.price,
      currency: plan.currency,
      creditsPerPeriod: plan.creditsPerPeriod,
      unusedCredits: plan.unusedCredits,
    },
    invoices: invoices.map((i) => ({
      id: i.id,
      stripeInvoiceId: i.stripeInvoiceId,
      date: (i.paidAt ?? i.createdAt).toISOString(),
      periodStart: iso(i.periodStart),
      periodEnd: iso(i.periodEnd),
      amount: i.amount,
      currency: i.currency,
      status: i.status,
      attemptCount: i.attemptCount,
      creditsGranted: i.creditsGranted,
      grantedAt: iso(i.grantedAt),
      hostedInvoiceUrl: i.hostedInvoiceUrl,
    })),
    credits,
    entries,
    links: { subscription: subscriptionLink(m.stripeSubscriptionId, env), workflow: membershipWorkflowLink(m.customer.id, env) },
    can: {
      cancelNow: forms.includes(membershipIntents.cancelNow),
      cancelAtPeriodEnd: forms.includes(membershipIntents.cancelAtPeriodEnd),
      grantCredits: isMember(m.status),
    },
  };
}

/**
 * The membership an admin's form acts on, read on a fork: the page's loader, in the same request, then reads the
 * membership as the workflow left it.
 */
export async function memberForAction(em: EntityManager, id: number) {
  const m = await em.fork().findOne(Membership, { id });
  return m ? { id: m.id, customerId: m.customer.id, status: m.status, cancelAtPeriodEnd: m.cancelAtPeriodEnd } : null;
}

/** A new one-time key for the grant form (one per page view). */
export const newFormKey = (): string => randomUUID();
