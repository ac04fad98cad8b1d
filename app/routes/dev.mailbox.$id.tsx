import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { findEmail } from '#server/emails/mailbox.server.ts';
import { requireLocalEmailMode } from '#app/utils/local-modes.server.ts';

export async function loader({ params }: LoaderFunctionArgs) {
  requireLocalEmailMode();
  const id = Number(params.id);
  const email = Number.isInteger(id) ? await findEmail(id) : null;
  if (!email) throw new Response('Not found', { status: 404 });
  const links = [...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  return json({
    id: email.id,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    status: email.status,
    links: [...new Set(links)],
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.subject ?? 'Email'} — Dev mailbox` }];

export default function MailboxMessage() {
  const e = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to="/dev/mailbox">← All emails</Link>
      </p>
      <h1>{e.subject}</h1>
      <p className="muted">
        To {e.to} · {e.status}
      </p>
      {e.links.length ? (
        <nav aria-label="Links in this email">
          <h2>Links in this email</h2>
          <ul>
            {e.links.map((l) => (
              <li key={l}>
                <a href={l}>{l}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <iframe
        title="Email preview"
        srcDoc={e.html}
        sandbox=""
        style={{ width: '100%', minHeight: '40rem', border: '1px solid #e3d8c8', background: '#fff' }}
      />
      <details>
        <summary>Plain text</summary>
        <pre style={{ whiteSpace: 'pre-wrap' }}>{e.text}</pre>
      </details>
    </div>
  );
}
