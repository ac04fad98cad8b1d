// /account/membership: the member's membership — plan, state, next payment, credits, invoices — with a form for each
// change its state allows (pause, resume, cancel at the period's end or now, keep, change plan); each change goes to the
// membership workflow (changeMembership) and the page says what happened. "Update your card": account.membership.card.ts.
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData, useSearchParams } from '@remix-run/react';
import type { z } from 'zod';
import {
  CancelAtPeriodEndForm,
  CancelNowForm,
  ChangePlanForm,
  KeepForm,
  PauseForm,
  ResumeForm,
  UpdateCardForm,
} from '#app/components/account/membership-forms.tsx';
import { MembershipFacts, MembershipInvoices } from '#app/components/account/membership-summary.tsx';
import { DoneMessage } from '#app/components/admin/form-parts.tsx';
import { done, invalidInput, refused, unknownIntent } from '#app/utils/form-answer.server.ts';
import { requireUser } from '#app/utils/session.server.ts';
import { useRevalidateEvery } from '#app/utils/use-revalidate-every.ts';
import { formatOrderDate } from '#core/order-display.ts';
import {
  cancelAtPeriodEndSchema,
  cancelNowSchema,
  canUpdateCard,
  changePlanSchema,
  keepMembershipSchema,
  membershipForms,
  membershipIntents as intents,
  pauseMembershipSchema,
  resumeMembershipSchema,
  type MembershipIntent,
} from '#core/schemas/membership.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { logger } from '#server/log.server.ts';
import { changeMembership } from '#server/memberships/commands.server.ts';
import { accountMembershipPage } from '#server/memberships/membership-views.server.ts';
import type { MembershipChange, MembershipView } from '#workflows/membership-messages.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await accountMembershipPage(await db(), user.id, getEnv());
  return json(page, { headers: { 'Cache-Control': 'private, no-store' } });
}

const on = (at: string | null) => (at ? ` on ${formatOrderDate(at)}` : '');

/** Each form: its schema, the change it asks of the membership, and what the page says once it is made. */
const FORMS: {
  [I in MembershipIntent]: { schema: z.ZodObject; change: (value: never) => MembershipChange; said: (v: MembershipView) => string };
} = {
  [intents.pause]: {
    schema: pauseMembershipSchema,
    change: (v: z.output<typeof pauseMembershipSchema>) => ({ action: 'pause', periods: v.periods }),
    said: (v) =>
      `Your membership is paused${v.pausedUntil ? ` until ${formatOrderDate(v.pausedUntil)}` : ''}: no payment and no credits until then.`,
  },
  [intents.resume]: {
    schema: resumeMembershipSchema,
    change: () => ({ action: 'resume' }),
    said: () => 'Your membership is active again.',
  },
  [intents.cancelAtPeriodEnd]: {
    schema: cancelAtPeriodEndSchema,
    change: () => ({ action: 'cancel', when: 'period_end', by: 'customer', reason: null }),
    said: (v) => `Your membership is cancelled: it ends${on(v.currentPeriodEnd) || ' at the end of this period'}, with no further payment.`,
  },
  [intents.cancelNow]: {
    schema: cancelNowSchema,
    change: () => ({ action: 'cancel', when: 'now', by: 'customer', reason: null }),
    said: () => 'Your membership has ended. You are welcome back any time.',
  },
  [intents.keep]: {
    schema: keepMembershipSchema,
    change: () => ({ action: 'keep' }),
    said: (v) => `You are keeping your membership: it renews${on(v.currentPeriodEnd)} as before.`,
  },
  [intents.changePlan]: {
    schema: changePlanSchema,
    change: (v: z.output<typeof changePlanSchema>) => ({ action: 'change_plan', planId: v.planId }),
    said: () => 'Your plan is changed.',
  },
};

const isIntent = (intent: unknown): intent is MembershipIntent => typeof intent === 'string' && Object.hasOwn(FORMS, intent);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const intent = form.get('intent');
  if (!isIntent(intent)) throw unknownIntent(intent);
  const { schema, change, said } = FORMS[intent];
  const submission = parseWithZod(form, { schema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  let answer: Awaited<ReturnType<typeof changeMembership>>;
  try {
    answer = await changeMembership(user.id, change(submission.value as never));
  } catch (err) {
    logger.error({ err, customerId: user.id, intent }, 'membership change failed');
    return refused(intent, submission, { message: 'We could not reach your membership just now. Please try again in a minute.' }, 503);
  }
  if (!answer.ok) return refused(intent, submission, { message: answer.message }, 409);
  return done(intent, submission, said(answer.view));
}

export const meta: MetaFunction = () => [{ title: 'Your membership — Atelier' }];

export default function AccountMembership() {
  const { membership: m, invoices, creditsAvailable, otherPlans, checkoutPending } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const forms = m ? membershipForms(m) : [];
  const endsOn = m?.currentPeriodEnd ? formatOrderDate(m.currentPeriodEnd) : null;
  // Back from a paid checkout (join.server.ts' success URL): the membership shows once the workflow has the payment.
  const joined = search.get('joined') === '1';
  const confirming = joined && checkoutPending && (!m || m.status === 'ended');
  useRevalidateEvery(confirming ? 2000 : null);
  return (
    <div className="stack">
      <h1>Your membership</h1>
      <DoneMessage intents={Object.values(intents)} />
      {search.get('card') === 'unavailable' ? (
        <p className="alert alert-error" role="alert">
          Changing your card is not possible just now. Please try again in a few minutes.
        </p>
      ) : null}

      {confirming ? (
        <p className="alert alert-info" role="status">
          Thank you for joining. We are confirming your payment: your membership shows here in a moment.{' '}
          <Link to="/account/membership?joined=1">Refresh</Link>
        </p>
      ) : joined ? (
        <p className="alert alert-success" role="status">
          Welcome: you are a member.
        </p>
      ) : null}

      {confirming ? null : !m ? (
        <p>
          You are not a member. <Link to="/membership">See the membership plans</Link>: print credits every month.
        </p>
      ) : (
        <>
          <MembershipFacts membership={m} creditsAvailable={creditsAvailable} />
          {m.status === 'ended' ? (
            <p>
              <Link to="/membership">Join again</Link>
            </p>
          ) : null}

          {canUpdateCard(m.status) ? (
            <section aria-labelledby="card-h" className="stack">
              <h2 id="card-h">Your card</h2>
              {m.status === 'past_due' ? (
                <p className="alert alert-warning">
                  Your last payment failed. We will try again; update your card so the next try works
                  {m.graceEndsAt ? ` — your membership ends on ${formatOrderDate(m.graceEndsAt)} if it is not paid by then` : ''}.
                </p>
              ) : (
                <p>Change the card your membership is paid with.</p>
              )}
              <UpdateCardForm urgent={m.status === 'past_due'} />
            </section>
          ) : null}

          {forms.length > 0 ? (
            <section aria-labelledby="change-h" className="stack narrow">
              <h2 id="change-h">Change your membership</h2>
              {forms.includes(intents.keep) ? <KeepForm endsOn={endsOn} /> : null}
              {forms.includes(intents.resume) ? <ResumeForm pausedUntil={m.pausedUntil ? formatOrderDate(m.pausedUntil) : null} /> : null}
              {forms.includes(intents.pause) ? <PauseForm /> : null}
              {forms.includes(intents.changePlan) && otherPlans.length > 0 ? <ChangePlanForm plans={otherPlans} /> : null}
              {forms.includes(intents.cancelAtPeriodEnd) ? <CancelAtPeriodEndForm endsOn={endsOn} /> : null}
              {forms.includes(intents.cancelNow) ? <CancelNowForm creditsExpire={m.plan.unusedCredits === 'expire'} /> : null}
            </section>
          ) : null}
        </>
      )}

      {invoices.length > 0 || m ? (
        <section aria-labelledby="invoices-h" className="stack">
          <h2 id="invoices-h">Invoices</h2>
          <MembershipInvoices invoices={invoices} />
        </section>
      ) : null}
    </div>
  );
}
