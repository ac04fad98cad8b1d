// /account/membership's account of the membership: its plan and state in words, the next payment, the credits, and
// the invoices of its periods. Plain links only.
import { Link } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { creditsText } from '#core/credits-display.ts';
import type { MembershipEndReason } from '#core/memberships.ts';
import { formatOrderDate } from '#core/order-display.ts';
import type { MembershipDetails, MembershipInvoiceView } from '#server/memberships/membership-views.server.ts';

const date = (at: string | null) => (at ? formatOrderDate(at) : '');

const END_REASONS: Record<MembershipEndReason, string> = {
  cancelled: 'it was cancelled',
  unpaid: 'the payment failed and was not made within the grace period',
  admin: 'the shop ended it',
  checkout_expired: 'the checkout was not completed',
};

/** The membership's state in words: "Active", "Paused until 3 March 2027", … */
export function membershipStatusText(m: MembershipDetails): string {
  switch (m.status) {
    case 'trialing':
      return m.cancelAtPeriodEnd ? `Ends on ${date(m.currentPeriodEnd)} (cancelled)` : `Free trial until ${date(m.currentPeriodEnd)}`;
    case 'active':
      return m.cancelAtPeriodEnd ? `Ends on ${date(m.currentPeriodEnd)} (cancelled)` : 'Active';
    case 'paused':
      return m.pausedUntil ? `Paused until ${date(m.pausedUntil)}` : 'Paused';
    case 'past_due':
      return m.graceEndsAt ? `Payment failed — update your card before ${date(m.graceEndsAt)}` : 'Payment failed — update your card';
    case 'ended':
      return `Ended on ${date(m.endedAt)}${m.endReason ? ` because ${END_REASONS[m.endReason]}` : ''}`;
    case 'incomplete':
      return 'Checkout not completed';
  }
}

export function MembershipFacts({ membership: m, creditsAvailable }: { membership: MembershipDetails; creditsAvailable: number }) {
  const ended = m.status === 'ended';
  return (
    <dl className="account-facts">
      <dt>Plan</dt>
      <dd>
        {m.plan.name} — <Price amount={m.plan.price} currency={m.plan.currency} /> a month, {creditsText(m.plan.creditsPerPeriod)} a month
      </dd>
      <dt>Status</dt>
      <dd data-testid="membership-status">{membershipStatusText(m)}</dd>
      {ended ? null : (
        <>
          <dt>Next payment</dt>
          <dd>
            {m.nextRenewal ? (
              <>
                <Price amount={m.nextRenewal.amount} currency={m.nextRenewal.currency} /> on{' '}
                <time dateTime={m.nextRenewal.at}>{date(m.nextRenewal.at)}</time>
              </>
            ) : m.status === 'past_due' ? (
              'We are trying the last payment again'
            ) : (
              'None'
            )}
          </dd>
          <dt>Credits this period</dt>
          <dd>{m.creditsThisPeriod === null ? 'None yet' : creditsText(m.creditsThisPeriod)}</dd>
        </>
      )}
      {ended && m.creditsExpired ? (
        <>
          <dt>Credits removed at the end</dt>
          <dd>{creditsText(m.creditsExpired)}</dd>
        </>
      ) : null}
      <dt>Your print credits</dt>
      <dd>
        <span data-testid="membership-credits">{creditsText(creditsAvailable)}</span> available ·{' '}
        <Link to="/account/points">Points and credits</Link>
      </dd>
    </dl>
  );
}

const INVOICE_STATUS: Record<MembershipInvoiceView['status'], string> = {
  paid: 'Paid',
  open: 'Due',
  failed: 'Payment failed',
  void: 'Void',
};

export function MembershipInvoices({ invoices }: { invoices: MembershipInvoiceView[] }) {
  if (invoices.length === 0) return <p>No invoices yet.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Membership invoices, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Period</th>
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Invoice</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((i) => (
            <tr key={i.id}>
              <td>
                <time dateTime={i.date}>{date(i.date)}</time>
              </td>
              <td>{i.periodStart && i.periodEnd ? `${date(i.periodStart)} – ${date(i.periodEnd)}` : '—'}</td>
              <td>
                <Price amount={i.amount} currency={i.currency} />
              </td>
              <td>
                <StatusBadge status={i.status} label={INVOICE_STATUS[i.status]} />
              </td>
              <td>
                {i.hostedInvoiceUrl ? (
                  <a href={i.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                    View invoice<span className="visually-hidden"> of {date(i.date)}</span>
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
