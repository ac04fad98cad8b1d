// The dashboard's "Memberships": members by status, monthly recurring revenue, churn and new members over the last
// 30 days, and the past-due members who need attention, each linking to their membership's page.
import { Link } from '@remix-run/react';
import { Fragment } from 'react';
import { Price } from '#app/components/price.tsx';
import { statusLabel } from '#app/components/status-badge.tsx';
import type { MembershipReport } from '#server/memberships/membership-report.server.ts';

const number = new Intl.NumberFormat('en-IE');
const percent = new Intl.NumberFormat('en-IE', { style: 'percent', maximumFractionDigits: 1 });

export function Memberships({ report: r }: { report: MembershipReport }) {
  const statuses = Object.entries(r.byStatus) as Array<[keyof MembershipReport['byStatus'], number]>;
  return (
    <section aria-labelledby="memberships-h" className="stack" data-testid="memberships">
      <h2 id="memberships-h">
        <Link to="/admin/members">Memberships</Link>
      </h2>
      <dl className="summary">
        {statuses.map(([status, n]) => (
          <Fragment key={status}>
            <dt>{statusLabel(status)}</dt>
            <dd data-status={status}>
              <Link to={`/admin/members?status=${status}`}>{number.format(n)}</Link>
            </dd>
          </Fragment>
        ))}
        <dt>Monthly recurring revenue</dt>
        <dd data-testid="membership-mrr">
          {r.mrr.length
            ? r.mrr.map((m, i) => (
                <span key={m.currency}>
                  {i > 0 ? ' + ' : null}
                  <Price amount={m.amount} currency={m.currency} />
                </span>
              ))
            : '—'}{' '}
          <span className="muted">(active and past-due members at their plan’s price)</span>
        </dd>
        <dt>Churn, last {r.days} days</dt>
        <dd data-testid="membership-churn">
          {r.churn === null ? '—' : percent.format(r.churn)}{' '}
          <span className="muted">
            ({number.format(r.endedInWindow)} of {number.format(r.membersAtStart)} members at the start ended)
          </span>
        </dd>
        <dt>New members, last {r.days} days</dt>
        <dd data-testid="membership-new">{number.format(r.newInWindow)}</dd>
      </dl>
      <h3>{`Past-due members (${r.byStatus.past_due})`}</h3>
      {r.pastDue.length ? (
        <>
          <p className="muted">
            A renewal failed: the membership ends when the grace period runs out unless the member updates their card.
          </p>
          <ul data-testid="past-due-members">
            {r.pastDue.map((m) => (
              <li key={m.membershipId}>
                <Link to={`/admin/members/${m.membershipId}`}>{m.email}</Link> · {m.planName}
                {m.pastDueSince ? ` · since ${m.pastDueSince.slice(0, 10)}` : null}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">None.</p>
      )}
    </section>
  );
}
