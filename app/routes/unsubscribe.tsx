// One-click unsubscribe from marketing email. Every campaign email links here (`?token=`, signed) and
// carries `List-Unsubscribe` + `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so mail
// apps can POST the opt-out themselves. A GET never changes anything (link scanners follow links): it
// shows one button, and the POST — from that button or from the mail app — opts out.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useActionData, useLoaderData } from '@remix-run/react';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { describeUnsubscribeToken, unsubscribeFromCampaigns, userOfUnsubscribeToken } from '#server/campaigns/campaigns.server.ts';
import { db } from '#server/db.server.ts';

// The token is in the URL: the page is never cached, and it never travels on to other sites in a Referer
// header (Referrer-Policy: same-origin for this path, set by app/utils/security-headers.server.ts).
const HEADERS = { 'Cache-Control': 'private, no-store' };

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token');
  const found = await describeUnsubscribeToken(await db(), token);
  return json({ token: found.valid ? token : null, found }, { status: found.valid ? 200 : 400, headers: HEADERS });
}

export async function action({ request }: ActionFunctionArgs) {
  // Mail apps send the token in the URL and `List-Unsubscribe=One-Click` as the body; the page's form sends it as a field.
  const form = await request.formData().catch(() => null);
  const token = new URL(request.url).searchParams.get('token') ?? form?.get('token');
  const userId = userOfUnsubscribeToken(token);
  if (!userId) return json({ done: false as const, message: 'This unsubscribe link is not valid. Copy the whole link from the email, or change your emails in your account.' }, { status: 400, headers: HEADERS });
  const done = await unsubscribeFromCampaigns(await db(), userId);
  if (!done) return json({ done: false as const, message: 'This unsubscribe link is not valid any more: the account no longer exists.' }, { status: 400, headers: HEADERS });
  return json({ done: true as const, message: null }, { headers: HEADERS });
}

export const meta: MetaFunction = () => [{ title: 'Unsubscribe — Atelier' }, { name: 'robots', content: 'noindex' }];

export default function Unsubscribe() {
  const { token, found } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.done) {
    return (
      <div className="stack narrow">
        <h1>You are unsubscribed</h1>
        <p role="status" className="alert alert-success">
          We will send no more tips, reminders, news or offers{found.valid ? ` to ${found.email}` : ''}. Emails about your orders (confirmations,
          shipping, downloads) still come.
        </p>
        <p>
          Changed your mind? Choose what you get in <Link to="/account/emails">your email preferences</Link>.
        </p>
      </div>
    );
  }
  if (!found.valid || !token) {
    return (
      <div className="stack narrow">
        <h1>Unsubscribe</h1>
        <p role="alert" className="alert alert-error">
          {result?.message ?? 'This unsubscribe link is not valid. Copy the whole link from the email, or change your emails in your account.'}
        </p>
        <p>
          <Link to="/account/emails">Email preferences</Link> (sign-in needed)
        </p>
      </div>
    );
  }
  return (
    <div className="stack narrow">
      <h1>Unsubscribe</h1>
      {result?.message ? (
        <p role="alert" className="alert alert-error">
          {result.message}
        </p>
      ) : null}
      <p>
        {found.subscribed
          ? `Stop tips, reminders, news and offers to ${found.email}? Emails about your orders still come.`
          : `${found.email} already gets no marketing email from us. Emails about your orders still come.`}
      </p>
      {found.subscribed ? (
        <Form method="post" action={`/unsubscribe?token=${encodeURIComponent(token)}`}>
          <input type="hidden" name="token" value={token} />
          <SubmitButton busyText="Unsubscribing…">Unsubscribe</SubmitButton>
        </Form>
      ) : null}
      <p className="muted">
        Or choose what you get in <Link to="/account/emails">your email preferences</Link>.
      </p>
    </div>
  );
}
