// One list of the dashboard's "Needs attention": orders an event put there, each linking to its page.
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';

export interface AttentionItem {
  orderNumber: string;
  status: string;
  at: string;
  message: string;
}

export function AttentionList({
  title,
  testId,
  items,
  about,
}: {
  title: string;
  testId: string;
  items: AttentionItem[];
  about: ReactNode;
}) {
  return (
    <>
      <h3>{`${title} (${items.length})`}</h3>
      {items.length ? (
        <>
          <p className="muted">{about}</p>
          <ul data-testid={testId}>
            {items.map((m) => (
              <li key={`${m.orderNumber}-${m.at}`}>
                <Link to={`/admin/orders/${m.orderNumber}`}>{m.orderNumber}</Link> · {m.status} · {m.at.slice(0, 16).replace('T', ' ')} ·{' '}
                {m.message}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">None.</p>
      )}
    </>
  );
}
