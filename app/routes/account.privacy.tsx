// /account/privacy: the customer's data rights — a copy of everything the shop keeps about them, and deleting
// the account (the delete-account workflow does it; the browser is signed out at once).
import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, redirect, useActionData, useLoaderData } from '@remix-run/react';
import { FormErrors } from '#app/components/form-errors.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { destroySession } from '#app/utils/auth.server.ts';
import { requireUser } from '#app/utils/session.server.ts';
import { STAFF_ACCOUNT_NOT_DELETED } from '#core/account-deletion.ts';
import { deleteAccountSchema } from '#core/schemas/privacy.ts';
import { accountDeletionBlockers, accountDeletionRefusal, startAccountDeletion } from '#server/accounts/account-deletion.server.ts';
import { db } from '#server/db.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const blockers = await accountDeletionBlockers(await db(), user);
  return json({ email: user.email, blockers, staff: user.role !== 'customer' }, { headers: { 'Cache-Control': 'private, no-store' } });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: deleteAccountSchema });
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 });
  const em = await db();
  const refusal = await accountDeletionRefusal(em, user);
  if (refusal) return json({ result: submission.reply({ formErrors: [refusal] }) }, { status: 409 });
  try {
    await startAccountDeletion({ userId: user.id, requestedBy: 'customer' });
  } catch {
    return json(
      {
        result: submission.reply({
          formErrors: ['We could not start the deletion just now; nothing has changed. Please try again in a minute.'],
        }),
      },
      { status: 503 },
    );
  }
  return redirect('/account-deleted', { status: 303, headers: { 'Set-Cookie': await destroySession(em, request) } });
}

export const meta: MetaFunction = () => [{ title: 'Your data — Atelier' }];

export default function AccountPrivacy() {
  const { email, blockers, staff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'delete-account',
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: deleteAccountSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <div className="stack narrow">
      <h1>Your data</h1>

      <section aria-labelledby="download-h" className="stack">
        <h2 id="download-h">Download your data</h2>
        <p>
          One file (JSON) with everything we keep about <strong>{email}</strong>: your profile and email preferences, your orders with their
          addresses and personalisations, the emails we sent you, the campaigns you were in, your sign-ins and your cart.
        </p>
        <p>
          <a className="btn" href="/account/data.json" download>
            Download my data
          </a>
        </p>
      </section>

      <section aria-labelledby="delete-h" className="stack">
        <h2 id="delete-h">Delete your account</h2>
        <p>
          We delete your name, email address, addresses, personalisations, print files, the emails we sent you, your sign-ins and your
          preferences, end any email series you are in and sign you out everywhere. We keep each order’s accounting record — number, items,
          amounts, currency, country and dates — because tax law requires it; nothing in it names you. We confirm by email once it is done.
        </p>
        {staff ? (
          <p className="alert alert-info" role="status">
            {STAFF_ACCOUNT_NOT_DELETED}
          </p>
        ) : null}
        {/* After a refused request its message names these orders: not listed twice. */}
        {blockers.length > 0 && !form.errors?.length ? (
          <div className="alert alert-info" role="status">
            <p>Your account can be deleted once these orders are settled:</p>
            <ul>
              {blockers.map((b) => (
                <li key={b.orderNumber}>
                  <Link to={`/account/orders/${b.orderNumber}`}>{b.orderNumber}</Link>: {b.reason}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <Form method="post" className="stack" {...getFormProps(form)}>
          <div className="checkbox-field">
            <input
              {...getInputProps(fields.confirm, { type: 'checkbox', value: 'on' })}
              aria-describedby={fields.confirm.errors ? fields.confirm.errorId : undefined}
            />
            <div>
              <label htmlFor={fields.confirm.id}>I understand that my account and my personal data will be deleted for good</label>
              {fields.confirm.errors ? (
                <p id={fields.confirm.errorId} className="field-error">
                  {fields.confirm.errors.join(' ')}
                </p>
              ) : null}
            </div>
          </div>
          <div className="cluster">
            <SubmitButton className="btn-danger" busyText="Deleting…">
              Delete my account
            </SubmitButton>
            <FormErrors id={form.errorId} errors={form.errors} />
          </div>
        </Form>
      </section>
    </div>
  );
}
