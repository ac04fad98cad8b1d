// The magic link lands here. GET only shows a button: link scanners in mail systems fetch links, and a
// GET must never use up the token (no state change over GET). The POST signs in.
import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, redirect, useActionData, useLoaderData } from '@remix-run/react';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { createUserSession } from '#app/utils/auth.server.ts';
import { addressOfLoginToken, verifyLoginToken } from '#server/accounts/magic-links.server.ts';
import { enrolOnSignIn } from '#server/campaigns/campaigns.server.ts';
import { db } from '#server/db.server.ts';
import { clientIp } from '#app/utils/session.server.ts';
import { isWellFormedToken } from '#core/auth.ts';
import { INVALID_SIGN_IN_LINK, verifyLoginSchema } from '#core/schemas/account.ts';
import { logger } from '#server/log.server.ts';

export const meta: MetaFunction = () => [{ title: 'Sign in — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token');
  if (!isWellFormedToken(token)) return json({ token: null, email: null });
  // Whose account the button signs into, so a link someone else sent cannot sign this browser in unnoticed.
  return json({ token, email: await addressOfLoginToken(await db(), token) });
}

const PROBLEMS = {
  invalid: INVALID_SIGN_IN_LINK,
  used: 'This sign-in link has already been used. Each link works once.',
  expired: 'This sign-in link has expired. Links work for 10 minutes.',
} as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: verifyLoginSchema });
  if (submission.status !== 'success') return json({ result: submission.reply(), blocked: null }, { status: 400 });
  const em = await db();
  const verified = await verifyLoginToken(em, submission.value.token);
  if (!verified.ok) {
    if (verified.reason === 'blocked') {
      return json({ result: submission.reply(), blocked: verified.blockedReason ?? 'No reason was given.' }, { status: 403 });
    }
    return json({ result: submission.reply({ formErrors: [PROBLEMS[verified.reason]] }), blocked: null }, { status: 400 });
  }
  const cookies = await createUserSession(em, verified.user, request, clientIp(context));
  void enrolOnSignIn(em.fork(), verified.user).catch((err: unknown) =>
    logger.error({ err, customerId: verified.user.id }, 'welcome enrolment failed'),
  );
  const headers = new Headers();
  for (const c of cookies) headers.append('Set-Cookie', c);
  return redirect(verified.redirectTo, { status: 303, headers });
}

export default function Verify() {
  const { token, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'verify-sign-in',
    lastResult: actionData?.result,
    defaultValue: { token: token ?? '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: verifyLoginSchema }),
  });
  if (actionData?.blocked) {
    return (
      <div className="stack narrow">
        <h1>Your account is blocked</h1>
        <p className="alert alert-error" role="alert">
          This account cannot sign in or order. Reason: {actionData.blocked}
        </p>
        <p>If you think this is a mistake, reply to any email from the shop and we will look into it.</p>
      </div>
    );
  }
  // The token is a hidden field: what is wrong with it is said about the page, not next to a field.
  const problem = form.errors?.[0] ?? fields.token.errors?.[0] ?? (token ? null : PROBLEMS.invalid);
  if (problem) {
    return (
      <div className="stack narrow">
        <h1>This link cannot be used</h1>
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
        <p>
          <Link to="/login" className="btn btn-primary">
            Email me a new link
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="stack narrow">
      <h1>Sign in to Atelier</h1>
      {email ? (
        <p>
          You are signing in as <strong>{email}</strong>. If that is not your address, do not press the button: close this page.
        </p>
      ) : null}
      <p>Press the button to finish signing in on this device.</p>
      <Form method="post" {...getFormProps(form)}>
        <input {...getInputProps(fields.token, { type: 'hidden' })} />
        <SubmitButton busyText="Signing in…">Sign in</SubmitButton>
      </Form>
    </div>
  );
}
