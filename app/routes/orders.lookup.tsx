// Guest order lookup: an order number and the email it was bought with → a sign-in link to that email,
// which leads to the order. The page never shows the order and answers the same whether or not the pair
// matches, so it cannot be used to find out which orders or addresses exist.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useActionData, useLoaderData } from '@remix-run/react';
import { Field } from '#app/components/field.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { lookupOrder } from '#server/accounts/account.server.ts';
import { db } from '#server/db.server.ts';
import { clientIp, getUser } from '#app/utils/session.server.ts';
import { orderLookupSchema } from '#core/schemas/account.ts';
import { formValues, parseForm } from '#core/schemas/form.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return json({ signedIn: user != null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(orderLookupSchema, form);
  // The fields keep what was typed, with or without JavaScript.
  const values = formValues(form);
  if (!parsed.ok) return json({ sent: false as const, errors: parsed.errors, values, sentTo: null }, { status: 400 });
  const result = await lookupOrder(await db(), { ...parsed.data, ip: clientIp(context) });
  if (!result.ok) return json({ sent: false as const, errors: { email: result.message }, values, sentTo: null }, { status: 429 });
  return json({ sent: true as const, errors: {}, values, sentTo: parsed.data.email });
}

export const meta: MetaFunction = () => [{ title: 'Find your order — Atelier' }];

export default function OrderLookup() {
  const { signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | undefined> = result?.values ?? {};
  return (
    <div className="stack narrow">
      <h1>Find your order</h1>
      <p>
        Bought as a guest? Enter your order number and the email address you used. If they match, we will email you a link that signs you in
        and shows the order.
      </p>
      {signedIn ? (
        <p className="muted">
          Orders bought with the address you are signed in with are in <Link to="/account/orders">your orders</Link>.
        </p>
      ) : null}
      {result?.sent ? (
        <p role="status" className="alert alert-success">
          If that order number and email address match an order, we have sent a sign-in link to <strong>{result.sentTo}</strong>. It works
          once and expires in 10 minutes.
        </p>
      ) : null}
      <Form method="post" noValidate className="stack">
        <Field
          label="Order number"
          name="orderNumber"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
          maxLength={32}
          defaultValue={values.orderNumber ?? ''}
          error={errors.orderNumber}
          hint="It is in your order confirmation email, like ATL-2026-7K3M9Q2B."
        />
        <Field label="Email" name="email" type="email" autoComplete="email" required maxLength={254} defaultValue={values.email ?? ''} error={errors.email} />
        <SubmitButton busyText="Sending…">Email me a sign-in link</SubmitButton>
      </Form>
      <p className="muted">
        Have an account? <Link to="/login?redirectTo=%2Faccount%2Forders">Sign in</Link> to see all your orders.
      </p>
    </div>
  );
}
