import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, json, useActionData, useLoaderData } from '@remix-run/react';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { loadEmailPreferences, updateEmailPreferences } from '#server/accounts/account.server.ts';
import { db } from '#server/db.server.ts';
import { requireUser } from '#app/utils/session.server.ts';
import { emailPreferencesSchema } from '#core/schemas/account.ts';
import { parseForm } from '#core/schemas/form.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const preferences = await loadEmailPreferences(await db(), user.id);
  return json({ email: user.email, preferences }, { headers: { 'Cache-Control': 'private, no-store' } });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(emailPreferencesSchema, await request.formData());
  if (!parsed.ok) return json({ ok: false as const, message: 'Those preferences could not be read. Please try again.' }, { status: 400 });
  await updateEmailPreferences(await db(), user.id, parsed.data);
  return json({ ok: true as const, message: 'Your email preferences are saved.' });
}

export const meta: MetaFunction = () => [{ title: 'Email preferences — Atelier' }];

export default function AccountEmails() {
  const { email, preferences } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack narrow">
      <h1>Email preferences</h1>
      <p>
        Which emails we send to <strong>{email}</strong>.
      </p>
      {/* After a save the loader's values are the saved ones: a new key lets the checkboxes show them. */}
      <Form method="post" className="stack" key={`${preferences.marketingEmails}-${preferences.campaignEmails}`}>
        <fieldset className="stack">
          <legend>Emails you can choose</legend>
          <div className="checkbox-field">
            <input id="pref-marketing" type="checkbox" name="marketingEmails" defaultChecked={preferences.marketingEmails} aria-describedby="pref-marketing-hint" />
            <div>
              <label htmlFor="pref-marketing">News and offers</label>
              <p id="pref-marketing-hint" className="field-hint">
                New designs, sales and the occasional newsletter.
              </p>
            </div>
          </div>
          <div className="checkbox-field">
            <input id="pref-campaign" type="checkbox" name="campaignEmails" defaultChecked={preferences.campaignEmails} aria-describedby="pref-campaign-hint" />
            <div>
              <label htmlFor="pref-campaign">Tips and reminders</label>
              <p id="pref-campaign-hint" className="field-hint">
                A welcome series, a reminder about a cart you left, and after an order a request for a review.
              </p>
            </div>
          </div>
        </fieldset>
        <p className="muted">
          Emails about your orders — confirmations, files ready, shipping and refunds — always go, whatever you choose here.
        </p>
        <div className="cluster">
          <SubmitButton busyText="Saving…">Save preferences</SubmitButton>
          {result ? (
            <p role={result.ok ? 'status' : 'alert'} className={`alert ${result.ok ? 'alert-success' : 'alert-error'}`}>
              {result.message}
            </p>
          ) : null}
        </div>
      </Form>
    </div>
  );
}
