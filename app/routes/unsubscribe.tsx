// One-click unsubscribe from marketing email. Every campaign email links here (`?token=`, signed) and
// carries `List-Unsubscribe` + `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so mail
// apps can POST the opt-out themselves. A GET never changes anything (link scanners follow links): it
// shows one button, and the POST — from that button or from the mail app — opts out.
import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useActionData, useLoaderData } from '@remix-run/react';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { describeUnsubscribeToken, unsubscribeFromCampaigns, userOfUnsubscribeToken } from '#server/campaigns/campaigns.server.ts';
import { db } from '#server/db.server.ts';
import { INVALID_UNSUBSCRIBE_LINK, unsubscribeSchema } from '#core/schemas/unsubscribe.ts';

// The token is in the URL: the page is never cached, and it never travels on to other sites in a Referer
// header (Referrer-Policy: same-origin for this path, set by app/utils/security-headers.server.ts).
const HEADERS = { 'Cache-Control': 'private, no-store' };

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token');
  const found = await describeUnsubscribeToken(await db(), token);
  return json({ token: found.valid ? token : null, found }, { status: found.valid ? 200 : 400, headers: HEADERS });
}

export async function action({ request }: ActionFunctionArgs) {
  // Mail apps send the token in the URL and `List-Unsubscribe=One-Click` as the body (or a body the
  // form parser does not take); the page's form sends it as a field too. The link's token wins.
  const formData = (await request.formData().catch(() => null)) ?? new FormData();
  const linkToken = new URL(request.url).searchParams.get('token');
  if (linkToken !== null) formData.set('token', linkToken);
  const submission = parseWithZod(formData, { schema: unsubscribeSchema });
  if (submission.status !== 'success') return json({ result: submission.reply(), done: false }, { status: 400, headers: HEADERS });
  const userId = userOfUnsubscribeToken(submission.value.token);
  if (!userId)
    return json({ result: submission.reply({ formErrors: [INVALID_UNSUBSCRIBE_LINK] }), done: false }, { status: 400, headers: HEADERS });
  const done = await unsubscribeFromCampaigns(await db(), userId);
  if (!done) {
    const gone = 'This unsubscribe link is not valid any more: the account no longer exists.';
    return json({ result: submission.reply({ formErrors: [gone] }), done: false }, { status: 400, headers: HEADERS });
  }
  return json({ result: submission.reply(), done: true }, { headers: HEADERS });
}

export const meta: MetaFunction = () => [{ title: 'Unsubscribe — Atelier' }, { name: 'robots', content: 'noindex' }];

export default function Unsubscribe() {
  const { token, found } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'unsubscribe',
    lastResult: actionData?.result,
    defaultValue: { token: token ?? '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: unsubscribeSchema }),
  });
  // The token is a hidden field: what is wrong with it is said about the page, not next to a field.
  const problem = form.errors?.[0] ?? fields.token.errors?.[0];
  if (actionData?.done) {
    return (
      <div className="stack narrow">
        <h1>You are unsubscribed</h1>
        <p role="status" className="alert alert-success">
          We will send no more tips, reminders, news or offers{found.valid ? ` to ${found.email}` : ''}. Emails about your orders
          (confirmations, shipping, downloads) still come.
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
          {problem ?? INVALID_UNSUBSCRIBE_LINK}
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
      {problem ? (
        <p role="alert" className="alert alert-error" id={form.errorId}>
          {problem}
        </p>
      ) : null}
      <p>
        {found.subscribed
          ? `Stop tips, reminders, news and offers to ${found.email}? Emails about your orders still come.`
          : `${found.email} already gets no marketing email from us. Emails about your orders still come.`}
      </p>
      {found.subscribed ? (
        <Form method="post" action={`/unsubscribe?token=${encodeURIComponent(token)}`} {...getFormProps(form)}>
          <input {...getInputProps(fields.token, { type: 'hidden' })} />
          <SubmitButton busyText="Unsubscribing…">Unsubscribe</SubmitButton>
        </Form>
      ) : null}
      <p className="muted">
        Or choose what you get in <Link to="/account/emails">your email preferences</Link>.
      </p>
    </div>
  );
}
