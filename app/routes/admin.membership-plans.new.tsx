// /admin/membership-plans/new: a plan is saved, then its sync workflow puts it on Stripe (product + monthly price).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { Link, json, redirect, useLoaderData } from '@remix-run/react';
import { PLAN_INTENTS, PlanForm } from '#app/components/admin/membership-plan-form.tsx';
import { invalidInput, refused } from '#app/utils/form-answer.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { membershipPlanSchema } from '#core/schemas/membership-plan.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { createPlan } from '#server/memberships/plans.server.ts';

export const meta: MetaFunction = () => [{ title: 'New membership plan — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ currency: getEnv().SHOP_CURRENCY });
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: membershipPlanSchema });
  if (submission.status !== 'success') return invalidInput(PLAN_INTENTS.plan, submission);
  const created = await createPlan(await db(), submission.value);
  if (!created.ok) return refused(PLAN_INTENTS.plan, submission, created);
  return redirect(`/admin/membership-plans/${created.id}?created=${created.synced ? '1' : 'unsynced'}`, 303);
}

export default function NewMembershipPlan() {
  const { currency } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to="/admin/membership-plans">← Membership plans</Link>
      </p>
      <h1>New membership plan</h1>
      <PlanForm
        values={{
          name: '',
          description: '',
          price: '',
          creditsPerPeriod: undefined,
          trialDays: 0,
          unusedCredits: 'keep',
          status: 'active',
        }}
        currency={currency}
        submitLabel="Create plan"
        existing={false}
      />
    </div>
  );
}
