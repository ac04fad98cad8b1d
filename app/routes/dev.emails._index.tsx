// /dev/emails: every email template, rendered with its sample data (PreviewProps) by the same code that
// renders what the shop sends. Local email mode only, like the dev mailbox.
import type { MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { requireLocalEmailMode } from '#app/utils/local-modes.server.ts';
import { EMAIL_PREVIEWS } from '#emails/previews.ts';

export async function loader() {
  requireLocalEmailMode();
  return json({ previews: Object.entries(EMAIL_PREVIEWS).map(([name, p]) => ({ name, subject: p.subject, audience: p.audience })) });
}

export const meta: MetaFunction = () => [{ title: 'Email previews — Atelier' }];

export default function EmailPreviews() {
  const { previews } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Email previews</h1>
      <p className="muted">
        Every email the shop can send, with the sample data of its template (<code>PreviewProps</code> in <code>emails/</code>), rendered as
        the shop renders what it sends. Only in local email mode. The emails actually sent are in the{' '}
        <Link to="/dev/mailbox">dev mailbox</Link>.
      </p>
      <ul className="mailbox">
        {previews.map((p) => (
          <li key={p.name} className="mailbox__item">
            {/* Plain links: the previews are resource routes, whole documents of their own. */}
            <a href={`/dev/emails/${p.name}`} className="mailbox__subject">
              {p.subject}
            </a>
            <p className="mailbox__meta">
              {p.name} · to {p.audience === 'staff' ? 'the shop' : 'a customer'} · <a href={`/dev/emails/${p.name}/text`}>plain text</a>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
