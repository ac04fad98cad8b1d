// Guest order lookup: an order number and the email it was bought with → a sign-in link to that email,
// which leads to the order. The page never shows the order and answers the same whether or not the pair
// matches, so it cannot be used to find out which orders or addresses exist.
import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useActionData, useLoaderData } from '@remix-run/react';
import { EmailField } from '#app/components/email-field.tsx';
import { Field } from '#app/components/field.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { lookupOrder } from '#server/accounts/account.server.ts';
import { db } from '#server/db.server.ts';
import { clientIp, getUser } from '#app/utils/session.server.ts';
import { orderLookupSchema } from '#core/schemas/account.ts';
import { rememberSignInRequest } from '#app/utils/auth.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return json({ signedIn: user != null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: orderLookupSchema });
  // The fields keep what was typed, with or without JavaScript: submission.reply() carries it.
  if (submission.status !== 'success') return json({ result: submission.reply(), sentTo: null }, { status: 400 });
  const found = await lookupOrder(await db(), { ...submission.value, ip: clientIp(context) });
  if (!found.ok) return json({ result: submission.reply({ fieldErrors: { email: [found.message] } }), sentTo: null }, { status: 429 });
  // Set whether or not the pair matched: the answer must not tell them apart.
  return json(
    { result: submission.reply(), sentTo: submission.value.email },
    { headers: { 'Set-Cookie': await rememberSignInRequest(submission.value.email) } },
  );
}

export const meta: MetaFunction = () => [{ title: 'Find your order — Atelier' }];

export default function OrderLookup() {
  const { signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'order-lookup',
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: orderLookupSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
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
      {actionData?.sentTo ? (
        <p role="status" className="alert alert-success">
          If that order number and email address match an order, we have sent a sign-in link to <strong>{actionData.sentTo}</strong>. It
          works once and expires in 10 minutes.
        </p>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <Field
          label="Order number"
          {...getInputProps(fields.orderNumber, { type: 'text' })}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
          maxLength={32}
          error={fields.orderNumber.errors}
          hint="It is in your order confirmation email, like ATL-2026-7K3M9Q2B."
        />
        <EmailField field={fields.email} />
        <SubmitButton busyText="Sending…">Email me a sign-in link</SubmitButton>
      </Form>
      <p className="muted">
        Have an account? <Link to="/login?redirectTo=%2Faccount%2Forders">Sign in</Link> to see all your orders.
      </p>
    </div>
  );
}
