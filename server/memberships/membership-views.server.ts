// What a shopper and a member see of memberships: the plans on sale with the shopper's own membership (/membership),
// and the member's membership, invoices and credits (/account/membership). Reads only.
import { QueryOrder, type EntityManager } from '@mikro-orm/postgresql';
import { graceEnd, type MembershipEndReason, type MembershipStatus, type UnusedCreditsRule } from '#core/memberships.ts';
import { isMember } from '#core/schemas/membership.ts';
import { Membership, MembershipInvoice, MembershipPlan, type MembershipInvoiceStatus } from '#db/entities/membership.ts';
import type { Env } from '#server/env.server.ts';
import { creditsBalance } from '#server/ledger/credits-views.server.ts';

export interface MembershipPlanView {
  id: number;
  name: string;
  description: string | null;
  /** Minor units per month. */
  price: number;
  currency: string;
  creditsPerPeriod: number;
  trialDays: number;
  unusedCredits: UnusedCreditsRule;
}

export interface MembershipPlansPage {
  plans: MembershipPlanView[];
  /** The shopper's membership when they are a member (not ended, past its checkout); null otherwise or signed out. */
  current: { planName: string; status: MembershipStatus } | null;
}

export interface MembershipInvoiceView {
  id: string;
  /** ISO: when it was paid, or made when it is not paid. */
  date: string;
  periodStart: string | null;
  periodEnd: string | null;
  amount: number;
  currency: string;
  status: MembershipInvoiceStatus;
  hostedInvoiceUrl: string | null;
}

/** A membership's state and dates, as the account and admin pages show them. */
export interface MembershipStateView {
  status: MembershipStatus;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  pausedUntil: string | null;
  pastDueSince: string | null;
  /** Past due: when the membership ends unless a payment arrives first. */
  graceEndsAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  endReason: MembershipEndReason | null;
  creditsExpired: number | null;
}

export function membershipStateView(m: Membership, env: MembershipViewEnv): MembershipStateView {
  return {
    status: m.status,
    currentPeriodStart: iso(m.currentPeriodStart),
    currentPeriodEnd: iso(m.currentPeriodEnd),
    cancelAtPeriodEnd: m.cancelAtPeriodEnd,
    pausedUntil: iso(m.pausedUntil),
    pastDueSince: iso(m.pastDueSince),
    graceEndsAt: m.status === 'past_due' ? iso(graceEnd(m.pastDueSince, env.MEMBERSHIP_GRACE_DAYS, env.MEMBERSHIP_TIME_SCALE)) : null,
    startedAt: iso(m.startedAt),
    endedAt: iso(m.endedAt),
    endReason: m.endReason,
    creditsExpired: m.creditsExpired,
  };
}

export interface MembershipDetails extends MembershipStateView {
  id: number;
  plan: MembershipPlanView;
  /** The next payment, when one is due (not when cancelled, ended or past due). */
  nextRenewal: { at: string; amount: number; currency: string } | null;
  /** The credits the latest paid period granted; null before the first. */
  creditsThisPeriod: number | null;
}

export interface AccountMembershipPage {
  /** The membership (or, when there is none now, the last one that started); null for someone never a member. */
  membership: MembershipDetails | null;
  invoices: MembershipInvoiceView[];
  /** The customer's available print credits. */
  creditsAvailable: number;
  /** The active plans other than the member's own: what "change plan" offers. */
  otherPlans: MembershipPlanView[];
  /** A checkout was started and its payment has not reached the shop yet. */
  checkoutPending: boolean;
}

export type MembershipViewEnv = Pick<Env, 'MEMBERSHIP_GRACE_DAYS' | 'MEMBERSHIP_TIME_SCALE'>;

const INVOICES_SHOWN = 24;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A plan as shoppers see it. */
export function planView(p: MembershipPlan): MembershipPlanView {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    price: p.price,
    currency: p.currency,
    creditsPerPeriod: p.creditsPerPeriod,
    trialDays: p.trialDays,
    unusedCredits: p.unusedCredits,
  };
}

/** The plans on sale, cheapest first. */
async function activePlans(em: EntityManager): Promise<MembershipPlan[]> {
  return em.find(MembershipPlan, { status: 'active' }, { orderBy: { price: 'asc', id: 'asc' } });
}

/** /membership: the plans on sale and whether the shopper is a member already. */
export async function membershipPlansPage(em: EntityManager, customerId: number | null): Promise<MembershipPlansPage> {
  const [plans, open] = await Promise.all([
    activePlans(em),
    customerId === null
      ? null
      : em.findOne(Membership, { customer: customerId, status: { $nin: ['ended', 'incomplete'] } }, { populate: ['plan'] }),
  ]);
  return {
    plans: plans.map(planView),
    current: open && isMember(open.status) ? { planName: open.plan.name, status: open.status } : null,
  };
}

/** The membership the account page is about: the one now, else the latest that started (to say how it ended). */
function shownMembership(memberships: Membership[]): Membership | null {
  return memberships.find((m) => isMember(m.status)) ?? memberships.find((m) => m.status === 'ended' && m.startedAt !== null) ?? null;
}

function nextRenewal(m: Membership): MembershipDetails['nextRenewal'] {
  const at =
    m.status === 'paused'
      ? m.pausedUntil
      : (m.status === 'active' || m.status === 'trialing') && !m.cancelAtPeriodEnd
        ? m.currentPeriodEnd
        : null;
  return at ? { at: at.toISOString(), amount: m.plan.price, currency: m.plan.currency } : null;
}

function details(m: Membership, latestPaid: MembershipInvoice | null, env: MembershipViewEnv): MembershipDetails {
  return {
    id: m.id,
    ...membershipStateView(m, env),
    plan: planView(m.plan),
    nextRenewal: nextRenewal(m),
    creditsThisPeriod: latestPaid ? latestPaid.creditsGranted : null,
  };
}

function invoiceView(i: MembershipInvoice): MembershipInvoiceView {
  return {
    id: i.stripeInvoiceId,
    date: (i.paidAt ?? i.createdAt).toISOString(),
    periodStart: iso(i.periodStart),
    periodEnd: iso(i.periodEnd),
    amount: i.amount,
    currency: i.currency,
    status: i.status,
    hostedInvoiceUrl: i.hostedInvoiceUrl,
  };
}

/** The membership the account is about (shownMembership) with its details: the account overview's line. */
export async function membershipSummary(em: EntityManager, customerId: number, env: MembershipViewEnv): Promise<MembershipDetails | null> {
  const memberships = await em.find(
    Membership,
    { customer: customerId },
    { populate: ['plan'], orderBy: { createdAt: 'desc', id: 'desc' } },
  );
  const shown = shownMembership(memberships);
  if (!shown) return null;
  const latestPaid = await em.findOne(
    MembershipInvoice,
    { membership: shown.id, status: 'paid' },
    { orderBy: { paidAt: QueryOrder.DESC_NULLS_LAST, id: 'desc' } },
  );
  return details(shown, latestPaid, env);
}

/** /account/membership: everything the page shows, in one call. */
export async function accountMembershipPage(em: EntityManager, customerId: number, env: MembershipViewEnv): Promise<AccountMembershipPage> {
  const [membership, invoices, credits, plans, pending] = await Promise.all([
    membershipSummary(em, customerId, env),
    em.find(
      MembershipInvoice,
      { membership: { customer: customerId } },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: INVOICES_SHOWN },
    ),
    creditsBalance(em, customerId),
    activePlans(em),
    em.count(Membership, { customer: customerId, status: 'incomplete' }),
  ]);
  return {
    checkoutPending: pending > 0,
    membership,
    invoices: invoices.map(invoiceView),
    creditsAvailable: credits.available,
    otherPlans: plans.filter((p) => p.id !== membership?.plan.id).map(planView),
  };
}
