// The admin membership page's tables: the membership's invoices (one per period) and the credits ledger entries it made
// in the customer's account (its periods' grants, an admin's extras, its expiry).
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import type { MemberInvoiceRow, MemberLedgerEntry } from '#server/memberships/membership-admin.server.ts';

const number = new Intl.NumberFormat('en-IE');
const signed = (n: number) => (n > 0 ? `+${number.format(n)}` : number.format(n));
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '?');

export function MemberInvoices({ invoices }: { invoices: MemberInvoiceRow[] }) {
  if (!invoices.length) return <p className="muted">No invoices yet.</p>;
  return (
    <table className="cart-table admin-table" data-testid="member-invoices">
      <caption className="visually-hidden">Invoices, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Period</th>
          <th scope="col">Amount</th>
          <th scope="col">Status</th>
          <th scope="col">Credits granted</th>
          <th scope="col">Granted at</th>
        </tr>
      </thead>
      <tbody>
        {invoices.map((i) => (
          <tr key={i.id} data-invoice={i.stripeInvoiceId}>
            <td>
              <time dateTime={i.date}>{minute(i.date)}</time>
              {i.hostedInvoiceUrl ? (
                <>
                  {' '}
                  <a href={i.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                    invoice
                  </a>
                </>
              ) : null}
            </td>
            <td>{i.periodStart || i.periodEnd ? `${day(i.periodStart)} to ${day(i.periodEnd)}` : '—'}</td>
            <td>
              <Price amount={i.amount} currency={i.currency} />
            </td>
            <td>
              <StatusBadge status={i.status} />
              {i.status === 'failed' && i.attemptCount > 0 ? (
                <span className="muted">
                  {' '}
                  ({i.attemptCount} {i.attemptCount === 1 ? 'attempt' : 'attempts'})
                </span>
              ) : null}
            </td>
            <td>{number.format(i.creditsGranted)}</td>
            <td>{i.grantedAt ? <time dateTime={i.grantedAt}>{minute(i.grantedAt)}</time> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MemberLedgerEntries({ entries, limit }: { entries: MemberLedgerEntry[]; limit: number }) {
  if (!entries.length) return <p className="muted">No credits from this membership yet.</p>;
  return (
    <table className="cart-table admin-table" data-testid="member-credits-entries">
      <caption>Credits ledger entries of this membership, newest first{entries.length === limit ? ` (the latest ${limit})` : ''}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Type</th>
          <th scope="col">Bucket</th>
          <th scope="col">Credits</th>
          <th scope="col">Reason</th>
          <th scope="col">By</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>
              <time dateTime={e.at}>{minute(e.at)}</time>
            </td>
            <td>{e.type.replace('_', ' ')}</td>
            <td>{e.bucket}</td>
            <td>{signed(e.amount)}</td>
            <td>{e.reason}</td>
            <td>{e.adminEmail ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
