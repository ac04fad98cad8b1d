import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, json, useActionData, useLoaderData } from '@remix-run/react';
import { FormErrors } from '#app/components/form-errors.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { loadEmailPreferences, updateEmailPreferences } from '#server/accounts/account.server.ts';
import { db } from '#server/db.server.ts';
import { requireUser } from '#app/utils/session.server.ts';
import { emailPreferencesSchema } from '#core/schemas/account.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const preferences = await loadEmailPreferences(await db(), user.id);
  return json({ email: user.email, preferences }, { headers: { 'Cache-Control': 'private, no-store' } });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: emailPreferencesSchema });
  if (submission.status !== 'success') {
    return json({ result: submission.reply({ formErrors: ['Those preferences could not be read. Please try again.'] }) }, { status: 400 });
  }
  await updateEmailPreferences(await db(), user.id, submission.value);
  return json({ result: submission.reply() });
}

export const meta: MetaFunction = () => [{ title: 'Email preferences — Atelier' }];

export default function AccountEmails() {
  const { email, preferences } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'email-preferences',
    lastResult: actionData?.result,
    defaultValue: preferences,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: emailPreferencesSchema }),
  });
  return (
    <div className="stack narrow">
      <h1>Email preferences</h1>
      <p>
        Which emails we send to <strong>{email}</strong>.
      </p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <fieldset className="stack">
          <legend>Emails you can choose</legend>
          <div className="checkbox-field">
            <input {...getInputProps(fields.marketingEmails, { type: 'checkbox', ariaDescribedBy: 'pref-marketing-hint' })} />
            <div>
              <label htmlFor={fields.marketingEmails.id}>News and offers</label>
              <p id="pref-marketing-hint" className="field-hint">
                New designs, sales and the occasional newsletter.
              </p>
            </div>
          </div>
          <div className="checkbox-field">
            <input {...getInputProps(fields.campaignEmails, { type: 'checkbox', ariaDescribedBy: 'pref-campaign-hint' })} />
            <div>
              <label htmlFor={fields.campaignEmails.id}>Tips and reminders</label>
              <p id="pref-campaign-hint" className="field-hint">
                A welcome series, a reminder about a cart you left, after an order a request for a review, and news of your loyalty points
                (ready to spend, or about to expire).
              </p>
            </div>
          </div>
        </fieldset>
        <p className="muted">
          Emails about your orders — confirmations, files ready, shipping and refunds — always go, whatever you choose here.
        </p>
        <div className="cluster">
          <SubmitButton busyText="Saving…">Save preferences</SubmitButton>
          {form.status === 'success' ? (
            <p role="status" className="alert alert-success">
              Your email preferences are saved.
            </p>
          ) : null}
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
      </Form>
    </div>
  );
}
