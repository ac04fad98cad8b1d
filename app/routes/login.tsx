import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, json, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { EmailField } from '#app/components/email-field.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { requestLoginLink } from '#server/accounts/magic-links.server.ts';
import { rememberSignInRequest } from '#app/utils/auth.server.ts';
import { db } from '#server/db.server.ts';
import { clientIp, getUser } from '#app/utils/session.server.ts';
import { safeRedirect } from '#core/auth.ts';
import { loginSchema } from '#core/schemas/account.ts';

export const meta: MetaFunction = () => [{ title: 'Sign in — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  // No redirect for the signed-in: this loader also renders the answer to the form's POST, and
  // signing in as someone else is a fair thing to do.
  const user = await getUser(request);
  return json({ redirectTo, email: url.searchParams.get('email') ?? '', signedInAs: user?.email ?? null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: loginSchema });
  if (submission.status !== 'success') return json({ result: submission.reply(), sentTo: null }, { status: 400 });
  const { email, redirectTo } = submission.value;
  const sent = await requestLoginLink(await db(), { email, redirectTo: safeRedirect(redirectTo), ip: clientIp(context) });
  if (!sent.ok) {
    return json(
      { result: submission.reply({ fieldErrors: { email: [sent.message] } }), sentTo: null },
      { status: sent.reason === 'rate_limited' ? 429 : 503 },
    );
  }
  // The same answer whether or not the address has an account.
  return json({ result: submission.reply(), sentTo: email }, { headers: { 'Set-Cookie': await rememberSignInRequest(email) } });
}

export default function Login() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    id: 'login',
    lastResult: actionData?.result,
    defaultValue: { email: data.email, redirectTo: data.redirectTo },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  if (actionData?.sentTo) {
    return (
      <div className="stack narrow">
        <h1>Check your inbox</h1>
        <p role="status" className="alert alert-success">
          If <strong>{actionData.sentTo}</strong> can sign in to Atelier, a sign-in link is on its way. It works once and expires in 10
          minutes.
        </p>
        <p className="muted">No email after a few minutes? Check your spam folder, or ask for a new link.</p>
        <Form method="get" action="/login">
          <input type="hidden" name="redirectTo" value={data.redirectTo} />
          <button type="submit" className="btn btn-secondary">
            Ask for a new link
          </button>
        </Form>
      </div>
    );
  }
  return (
    <div className="stack narrow">
      <h1>Sign in</h1>
      {data.signedInAs ? (
        <p className="alert alert-info" role="status">
          You are signed in as {data.signedInAs}. <a href={data.redirectTo}>Continue</a>, or ask for a link for another address.
        </p>
      ) : null}
      <p>We’ll email you a link to sign in — no password needed. New here? The same link creates your account.</p>
      {params.get('expired') ? (
        <p className="alert alert-info" role="status">
          That sign-in link can no longer be used. Ask for a new one below.
        </p>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input {...getInputProps(fields.redirectTo, { type: 'hidden' })} />
        <EmailField field={fields.email} />
        <SubmitButton busyText="Sending…">Email me a sign-in link</SubmitButton>
      </Form>
      <p className="muted">
        Bought as a guest? <a href="/orders/lookup">Find your order</a>.
      </p>
    </div>
  );
}
