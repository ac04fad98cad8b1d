import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { listEmails } from '#server/emails/mailbox.server.ts';
import { requireLocalEmailMode } from '#app/utils/local-modes.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  requireLocalEmailMode();
  const to = new URL(request.url).searchParams.get('to')?.trim().toLowerCase() || undefined;
  return json({ to: to ?? '', emails: await listEmails(to) });
}

export const meta: MetaFunction = () => [{ title: 'Dev mailbox — Atelier' }];

export default function Mailbox() {
  const { emails, to } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Dev mailbox</h1>
      <p className="muted">
        Every email the shop sends, as stored in the outbox. Only in local email mode. Every template with sample data:{' '}
        <Link to="/dev/emails">email previews</Link>.
      </p>
      <form method="get" className="cluster">
        <label htmlFor="to">Recipient</label>
        <input id="to" name="to" type="email" defaultValue={to} />
        <button className="btn btn-secondary" type="submit">
          Filter
        </button>
      </form>
      {emails.length === 0 ? <p>No emails yet.</p> : null}
      <ul className="mailbox">
        {emails.map((e) => (
          <li key={e.id} className="mailbox__item">
            <Link to={`/dev/mailbox/${e.id}`} className="mailbox__subject">
              {e.subject}
            </Link>
            <p className="mailbox__meta">
              to {e.to} · {e.template} · <time dateTime={e.createdAt}>{new Date(e.createdAt).toUTCString()}</time>{' '}
              <StatusBadge status={e.status} />
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
