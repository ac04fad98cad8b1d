// membership-<customerId>: its messages and what its query answers (docs/decisions/061-memberships.md).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MembershipChange, MembershipStatus } from '#core/memberships.ts';

/** The Stripe events a membership workflow acts on (the webhook records each once and signals it). */
export const MEMBERSHIP_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.expired',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'invoice.paid',
  'invoice.payment_failed',
] as const;
export type MembershipEventType = (typeof MEMBERSHIP_EVENT_TYPES)[number];

/**
 * A webhook handed to the workflow: ids only. The workflow never trusts the payload's state: it reads the subscription
 * (and the invoice) back from Stripe or the stand-in, so a late or repeated event changes nothing.
 */
export interface MembershipEvent {
  eventId: string;
  type: MembershipEventType;
  subscriptionId: string | null;
  invoiceId: string | null;
  checkoutSessionId: string | null;
  /** Stripe's `created` (seconds): when the event happened. */
  created: number;
}

export const membershipEventSignal = defineSignal<[MembershipEvent]>('membershipEvent');

export type { MembershipChange };

/** The membership as the workflow last read it. */
export interface MembershipView {
  customerId: number;
  membershipId: number | null;
  subscriptionId: string | null;
  status: MembershipStatus;
  planId: number | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  pausedUntil: string | null;
  pastDueSince: string | null;
  /** When the membership ends unless a payment arrives first (past due only). */
  graceEndsAt: string | null;
  /** When the workflow asks the provider itself if no word of the renewal came (the period's end plus a margin). */
  renewalCheckAt: string | null;
  /** Paid periods whose credits this membership granted (across runs). */
  periodsGranted: number;
  /** What the workflow is doing, in words (also its current details in the Temporal UI). */
  activity: string;
}

export const changeMembershipUpdate = defineUpdate<MembershipView, [MembershipChange]>('changeMembership');
export const membershipQuery = defineQuery<MembershipView>('membership');
