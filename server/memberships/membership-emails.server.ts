// The membership emails: a receipt for each paid period, "your payment did not go through" for each failed attempt,
// and "your membership has ended". About the member's money and what they bought, so transactional: they go whatever
// the customer chose for optional emails, never to a deleted account. Each is sent once per idempotency key.
import { createElement, type ReactElement } from 'react';
import { graceEnd } from '#core/memberships.ts';
import { formatMoney } from '#core/money.ts';
import { formatOrderDate } from '#core/order-display.ts';
import { Email } from '#db/entities/email.ts';
import { Membership, MembershipInvoice } from '#db/entities/membership.ts';
import MembershipEnded, { membershipEndedSubject } from '#emails/membership-ended.tsx';
import MembershipPaymentFailed, { membershipPaymentFailedSubject } from '#emails/membership-payment-failed.tsx';
import MembershipReceipt, { membershipReceiptSubject } from '#emails/membership-receipt.tsx';
import type { ServerDeps } from '#server/deps.server.ts';
import { deliverEmail } from '#server/emails/outbox.server.ts';

export type MembershipEmailTemplate = 'membership-receipt' | 'membership-payment-failed' | 'membership-ended';

export interface MembershipEmailInput {
  template: MembershipEmailTemplate;
  membershipId: number;
  /** The provider's invoice id (Stripe `in_…`): the receipt's and the failed payment's. */
  invoiceId: string | null;
  /** The failed payment's attempt (Stripe's attempt_count); null: the invoice's own count. */
  attempt: number | null;
  /** ISO: when a past-due membership ends unless paid; null: from the membership's pastDueSince and the grace period. */
  graceEndsAt: string | null;
}

/** The outbox key: one receipt per invoice, one failure email per attempt, one "ended" per membership. */
export function membershipEmailKey(
  input: Pick<MembershipEmailInput, 'template' | 'membershipId' | 'invoiceId' | 'attempt'>,
): string | null {
  switch (input.template) {
    case 'membership-receipt':
      return input.invoiceId ? `membership-receipt:${input.invoiceId}` : null;
    case 'membership-payment-failed':
      return input.invoiceId && input.attempt !== null ? `membership-payment-failed:${input.invoiceId}:${input.attempt}` : null;
    case 'membership-ended':
      return `membership-ended:membership-${input.membershipId}`;
  }
}

const date = (d: Date | null) => (d ? formatOrderDate(d) : null);

/** Loads the membership, its plan, its customer and the invoice, then renders and sends the email once. */
export async function sendMembershipEmail(deps: ServerDeps, input: MembershipEmailInput): Promise<{ sent: boolean; reason?: string }> {
  const { orm, env } = deps;
  const em = orm.em.fork();
  const membership = await em.findOne(Membership, { id: input.membershipId }, { populate: ['plan', 'customer'] });
  if (!membership) return { sent: false, reason: 'no such membership' };

  const needsInvoice = input.template !== 'membership-ended';
  const invoice =
    needsInvoice && input.invoiceId
      ? await em.findOne(MembershipInvoice, { stripeInvoiceId: input.invoiceId, membership: membership.id })
      : null;
  if (needsInvoice && !invoice) return { sent: false, reason: 'no such invoice of this membership' };
  const idempotencyKey = membershipEmailKey({ ...input, attempt: input.attempt ?? invoice?.attemptCount ?? null });
  if (!idempotencyKey) return { sent: false, reason: 'no invoice' };

  const already = await em.findOne(Email, { idempotencyKey });
  if (already && already.status !== 'queued' && already.status !== 'failed') return { sent: true, reason: 'already sent' };

  const user = membership.customer;
  if (user.deletedAt) return { sent: false, reason: 'account deleted' };

  const { plan } = membership;
  const base = { name: user.name, planName: plan.name };
  const membershipUrl = `${env.APP_URL}/account/membership`;
  let message: { element: ReactElement; subject: string };
  if (input.template === 'membership-receipt') {
    const props = {
      ...base,
      periodStart: date(invoice!.periodStart),
      periodEnd: date(invoice!.periodEnd),
      amount: formatMoney(invoice!.amount, invoice!.currency),
      // Granted before the receipt is sent; the plan's credits when the grant is not recorded yet.
      credits: invoice!.grantedAt ? invoice!.creditsGranted : plan.creditsPerPeriod,
      membershipUrl,
    };
    message = { element: createElement(MembershipReceipt, props), subject: membershipReceiptSubject(props) };
  } else if (input.template === 'membership-payment-failed') {
    const graceEndsAt = input.graceEndsAt
      ? new Date(input.graceEndsAt)
      : graceEnd(membership.pastDueSince, env.MEMBERSHIP_GRACE_DAYS, env.MEMBERSHIP_TIME_SCALE);
    const props = { ...base, amount: formatMoney(invoice!.amount, invoice!.currency), graceEndsOn: date(graceEndsAt), membershipUrl };
    message = { element: createElement(MembershipPaymentFailed, props), subject: membershipPaymentFailedSubject() };
  } else {
    const props = {
      ...base,
      endedOn: formatOrderDate(membership.endedAt ?? new Date()),
      reason: membership.endReason,
      creditsRemoved: membership.creditsExpired ?? 0,
      joinUrl: `${env.APP_URL}/membership`,
    };
    message = { element: createElement(MembershipEnded, props), subject: membershipEndedSubject() };
  }
  await deliverEmail(deps, { idempotencyKey, template: input.template, to: user.email, ...message });
  return { sent: true };
}
