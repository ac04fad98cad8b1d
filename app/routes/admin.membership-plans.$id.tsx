// /admin/membership-plans/:id — one plan: where it stands on Stripe, "Sync with Stripe", and its form. A saved change
// is a new version that the sync workflow mirrors to Stripe. Every form works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, json, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { DoneMessage, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { PLAN_INTENTS, PlanForm } from '#app/components/admin/membership-plan-form.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { done, invalidInput, refused, unknownIntent } from '#app/utils/form-answer.server.ts';
import type { FormAnswer } from '#app/utils/form-answer.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { formatDecimal } from '#core/money.ts';
import { membershipPlanSchema, planSyncSchema } from '#core/schemas/membership-plan.ts';
import { db } from '#server/db.server.ts';
import { adminPlanView, loadPlanOr404, startPlanSync, updatePlan } from '#server/memberships/plans.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.plan.name ?? 'Membership plan'} — Admin — Atelier` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const plan = adminPlanView(await loadPlanOr404(await db(), params.id));
  return json({ plan }, { headers: { 'Cache-Control': 'private, no-store' } });
}

const NOT_STARTED = 'Temporal did not answer: Stripe is not updated yet. Use “Sync with Stripe” in a moment.';

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAdmin(request);
  const em = await db();
  const plan = await loadPlanOr404(em, params.id);
  const form = await request.formData();
  const intent = form.get('intent');
  switch (intent) {
    case PLAN_INTENTS.plan: {
      const submission = parseWithZod(form, { schema: membershipPlanSchema });
      if (submission.status !== 'success') return invalidInput(PLAN_INTENTS.plan, submission);
      const saved = await updatePlan(em, plan, submission.value);
      if (!saved.ok) return refused(PLAN_INTENTS.plan, submission, saved);
      return saved.synced
        ? done(PLAN_INTENTS.plan, submission, `Saved ${submission.value.name}.`)
        : refused(PLAN_INTENTS.plan, submission, { message: `Saved in the shop, but ${NOT_STARTED}` }, 409);
    }
    case PLAN_INTENTS.sync: {
      const submission = parseWithZod(form, { schema: planSyncSchema });
      if (submission.status !== 'success') return invalidInput(PLAN_INTENTS.sync, submission);
      return (await startPlanSync(plan))
        ? done(PLAN_INTENTS.sync, submission, 'Sync started.')
        : refused(PLAN_INTENTS.sync, submission, { message: NOT_STARTED }, 409);
    }
    default:
      throw unknownIntent(intent);
  }
}

function SyncButton() {
  const [form] = useSchemaForm({ id: PLAN_INTENTS.sync, schema: planSyncSchema, answer: useFormAnswer(PLAN_INTENTS.sync) });
  return (
    <Form method="post" className="cluster" {...getFormProps(form)}>
      <SubmitButton name="intent" value={PLAN_INTENTS.sync} variant="secondary" busyText="Syncing…">
        Sync with Stripe
      </SubmitButton>
      <FormErrors form={form} />
    </Form>
  );
}

export default function AdminMembershipPlan() {
  const { plan: p } = useLoaderData<typeof loader>();
  const answered = useActionData<FormAnswer>() !== undefined;
  const [search] = useSearchParams();
  const created = search.get('created');
  return (
    <div className="stack">
      <p>
        <Link to="/admin/membership-plans">← Membership plans</Link>
      </p>
      <h1>
        {p.name} <StatusBadge status={p.status} />
      </h1>
      {created && !answered ? (
        <p role="status" className={`alert ${created === '1' ? 'alert-success' : 'alert-error'}`}>
          {created === '1' ? `Created ${p.name}.` : `Created ${p.name}, but ${NOT_STARTED}`}
        </p>
      ) : null}
      <DoneMessage intents={[PLAN_INTENTS.plan, PLAN_INTENTS.sync]} />
      <section aria-labelledby="stripe-h" className="stack">
        <h2 id="stripe-h">Stripe</h2>
        <dl className="summary">
          <dt>Product</dt>
          <dd>{p.stripeProductId ?? 'not created yet'}</dd>
          <dt>Price new members join at</dt>
          <dd>
            {p.stripePriceId ? (
              <>
                {p.stripePriceId}
                {p.stripePriceAmount != null ? (
                  <>
                    {' '}
                    (<Price amount={p.stripePriceAmount} currency={p.currency} /> a month)
                  </>
                ) : null}
              </>
            ) : (
              'not created yet'
            )}
          </dd>
          <dt>State</dt>
          <dd>
            {p.syncError
              ? `the last sync failed: ${p.syncError}`
              : p.synced
                ? `up to date (version ${p.version})`
                : `version ${p.version} not synced yet`}
          </dd>
        </dl>
        <SyncButton />
      </section>
      <section aria-labelledby="plan-h" className="stack">
        <h2 id="plan-h">Plan</h2>
        <PlanForm
          values={{
            name: p.name,
            description: p.description ?? '',
            price: formatDecimal(p.price),
            creditsPerPeriod: p.creditsPerPeriod,
            trialDays: p.trialDays,
            unusedCredits: p.unusedCredits,
            status: p.status,
          }}
          currency={p.currency}
          submitLabel="Save plan"
          existing
        />
      </section>
    </div>
  );
}
