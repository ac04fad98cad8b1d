// A customer's ledger entries, newest first: what happened, the change in each bucket shown, and the order it concerns.
import { Link } from '@remix-run/react';
import { formatOrderDate } from '#core/order-display.ts';
import { signedPoints, transferLabel } from '#core/points-display.ts';
import type { LedgerHistoryEntry } from '#server/ledger/ledger-history.server.ts';

const BUCKET_HEADINGS = { available: 'Available', pending: 'Pending', reserved: 'Held' } as const;
type Bucket = keyof typeof BUCKET_HEADINGS;

export const accountOrderPath = (orderNumber: string) => `/account/orders/${encodeURIComponent(orderNumber)}`;

export function LedgerHistoryTable({
  entries,
  caption,
  buckets,
  testId,
}: {
  entries: readonly LedgerHistoryEntry[];
  caption: string;
  buckets: readonly Bucket[];
  testId?: string;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">What happened</th>
            {buckets.map((b) => (
              <th key={b} scope="col">
                {BUCKET_HEADINGS[b]}
              </th>
            ))}
            <th scope="col">Order</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.transferId}>
              <td>
                <time dateTime={e.at}>{formatOrderDate(e.at)}</time>
              </td>
              <td>
                <strong>{transferLabel(e.type)}</strong>
                <span className="muted"> — {e.reason}</span>
              </td>
              {buckets.map((b) => (
                <td key={b}>{signedPoints(e[b])}</td>
              ))}
              <td>{e.orderNumber ? <Link to={accountOrderPath(e.orderNumber)}>{e.orderNumber}</Link> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
