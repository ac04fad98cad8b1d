// /membership: the membership plans on sale, each with a "Join" form that starts its checkout (Stripe Checkout or the
// local payment page). Anyone can read it; joining needs an account (sign in, then back here). A member sees their plan
// and a link to manage it instead of the forms.
import { getFormProps, getInputProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, redirect, useLoaderData } from '@remix-run/react';
import { FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { Price } from '#app/components/price.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { invalidInput, refused } from '#app/utils/form-answer.server.ts';
import type { FormAnswer } from '#app/utils/form-answer.ts';
import { getUser } from '#app/utils/session.server.ts';
import { creditsText } from '#core/credits-display.ts';
import { joinMembershipSchema } from '#core/schemas/membership.ts';
import { db } from '#server/db.server.ts';
import { startMembershipCheckout } from '#server/memberships/join.server.ts';
import { membershipPlansPage, type MembershipPlanView } from '#server/memberships/membership-views.server.ts';

const JOIN = 'join';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const page = await membershipPlansPage(await db(), user?.id ?? null);
  return json({ ...page, signedIn: user !== null }, { headers: { 'Cache-Control': 'private, no-store' } });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent('/membership')}`);
  const submission = parseWithZod(await request.formData(), { schema: joinMembershipSchema });
  if (submission.status !== 'success') return invalidInput(JOIN, submission);
  if (user.blocked) {
    return refused(
      JOIN,
      submission,
      { message: `Your account is blocked, so it cannot join. Reason: ${user.blockedReason ?? 'none given'}.` },
      403,
    );
  }
  const started = await startMembershipCheckout(await db(), { customerId: user.id, planId: submission.value.planId });
  if (started.ok) return redirect(started.url, 303);
  return refused(JOIN, submission, { field: started.field, message: started.message }, 409);
}

export const meta: MetaFunction = () => [
  { title: 'Membership — Atelier' },
  { name: 'description', content: 'A monthly Atelier membership: print credits every month for your personalised prints and files.' },
];

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** Whether the action's answer is about this plan's form (the plan id it was sent with). */
const aboutPlan = (planId: number) => (answer: FormAnswer) => answer.result.initialValue?.planId === String(planId);

function JoinForm({ plan }: { plan: MembershipPlanView }) {
  const [form, fields] = useSchemaForm({
    id: `join-${plan.id}`,
    schema: joinMembershipSchema,
    answer: useFormAnswer(JOIN, aboutPlan(plan.id)),
    defaultValue: { planId: String(plan.id) },
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <input {...getInputProps(fields.planId, { type: 'hidden' })} />
      <FormErrors form={form} hidden={[fields.planId]} />
      <SubmitButton name="intent" value={JOIN} busyText="Starting checkout…">
        Join<span className="visually-hidden"> {plan.name}</span>
      </SubmitButton>
    </Form>
  );
}

function PlanCard({ plan, member }: { plan: MembershipPlanView; member: boolean }) {
  return (
    <section aria-labelledby={`plan-${plan.id}-name`} className="stack">
      <h2 id={`plan-${plan.id}-name`}>{plan.name}</h2>
      {plan.description ? <p>{plan.description}</p> : null}
      <dl className="account-facts">
        <dt>Price</dt>
        <dd>
          <Price amount={plan.price} currency={plan.currency} /> a month
        </dd>
        <dt>Print credits</dt>
        <dd>{creditsText(plan.creditsPerPeriod)} every month you pay for</dd>
        {plan.trialDays > 0 ? (
          <>
            <dt>Free trial</dt>
            <dd>The first {days(plan.trialDays)} are free</dd>
          </>
        ) : null}
        <dt>Unused credits</dt>
        <dd>
          {plan.unusedCredits === 'keep'
            ? 'Stay yours when the membership ends'
            : 'The monthly credits you have not used expire when the membership ends'}
        </dd>
      </dl>
      {member ? null : <JoinForm plan={plan} />}
    </section>
  );
}

export default function MembershipPage() {
  const { plans, current, signedIn } = useLoaderData<typeof loader>();
  const answer = useFormAnswer(JOIN);
  // A refused plan id that matches no card on the page (a plan retired meanwhile): said at the top.
  const unmatched = answer && !plans.some((p) => aboutPlan(p.id)(answer)) ? answer : undefined;
  const unmatchedErrors = unmatched ? Object.values(unmatched.result.error ?? {}).flatMap((e) => e ?? []) : [];
  return (
    <div className="stack">
      <h1>Membership</h1>
      <p>
        Members get print credits every month they pay for: credits pay for personalised digital files instead of their price. Pause for up
        to three months, change plan or cancel whenever you like from your account.
      </p>
      {current ? (
        <p className="alert alert-info" role="status">
          You are a member ({current.planName}). <Link to="/account/membership">Manage your membership</Link>
        </p>
      ) : !signedIn && plans.length > 0 ? (
        <p className="muted">You will be asked to sign in before you join.</p>
      ) : null}
      {unmatchedErrors.length > 0 ? (
        <p className="alert alert-error" role="alert">
          {unmatchedErrors[0]}
        </p>
      ) : null}
      {plans.length === 0 ? (
        <p>
          There are no membership plans on offer just now. <Link to="/">Browse the shop</Link>.
        </p>
      ) : (
        plans.map((plan) => <PlanCard key={plan.id} plan={plan} member={current !== null} />)
      )}
    </div>
  );
}
