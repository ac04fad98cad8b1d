import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, json, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { Field } from '#app/components/field.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { requestLoginLink } from '#server/accounts/magic-links.server.ts';
import { db } from '#server/db.server.ts';
import { clientIp, getUser } from '#app/utils/session.server.ts';
import { safeRedirect } from '#core/auth.ts';
import { loginSchema } from '#core/schemas/account.ts';
import { parseForm } from '#core/schemas/form.ts';

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
  const form = await request.formData();
  const parsed = parseForm(loginSchema, form);
  if (!parsed.ok) return json({ sent: false as const, errors: parsed.errors, values: parsed.values, message: null }, { status: 400 });
  const result = await requestLoginLink(await db(), {
    email: parsed.data.email,
    redirectTo: safeRedirect(parsed.data.redirectTo),
    ip: clientIp(context),
  });
  if (!result.ok) {
    return json(
      { sent: false as const, errors: { email: result.message }, values: { email: parsed.data.email }, message: null },
      { status: result.reason === 'rate_limited' ? 429 : 503 },
    );
  }
  // The same answer whether or not the address has an account.
  return json({ sent: true as const, errors: {}, values: { email: parsed.data.email }, message: null });
}

export default function Login() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  if (result?.sent) {
    return (
      <div className="stack narrow">
        <h1>Check your inbox</h1>
        <p role="status" className="alert alert-success">
          If <strong>{result.values.email}</strong> can sign in to Atelier, a sign-in link is on its way. It works once and
          expires in 10 minutes.
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
      <Form method="post" noValidate className="stack">
        <input type="hidden" name="redirectTo" value={data.redirectTo} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          defaultValue={result?.values.email ?? data.email}
          error={errors.email}
        />
        <SubmitButton busyText="Sending…">Email me a sign-in link</SubmitButton>
      </Form>
      <p className="muted">
        Bought as a guest? <a href="/orders/lookup">Find your order</a>.
      </p>
    </div>
  );
}
