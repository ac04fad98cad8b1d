// /admin/members/:id: one membership — customer, plan, state and period, links to the subscription and the workflow,
// its invoices, the customer's credits and the ledger entries it made — with forms to cancel it (now, or at the
// period's end, through its workflow) and to grant the member extra credits.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { DoneMessage } from '#app/components/admin/form-parts.tsx';
import { CancelAtPeriodEndForm, CancelNowForm, GrantCreditsForm } from '#app/components/admin/member/member-forms.tsx';
import { END_REASON_LABELS } from '#app/components/admin/member/member-labels.ts';
import { MemberInvoices, MemberLedgerEntries } from '#app/components/admin/member/member-tables.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { done, refused, invalidInput, unknownIntent } from '#app/utils/form-answer.server.ts';
import { requireAdmin, type CurrentUser } from '#app/utils/session.server.ts';
import {
  MEMBER_INTENTS,
  adminCancelAtPeriodEndSchema,
  adminCancelNowSchema,
  grantExtraCreditsSchema,
} from '#core/schemas/admin-membership.ts';
import { isMember } from '#core/schemas/membership.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { logger } from '#server/log.server.ts';
import { grantExtraCredits } from '#server/memberships/admin-credits.server.ts';
import { changeMembership } from '#server/memberships/commands.server.ts';
import { MEMBER_ENTRIES_LIMIT, memberForAction, memberIdOf, memberPage, newFormKey } from '#server/memberships/membership-admin.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.customer.email ?? 'Member'} — Members — Admin — Atelier` },
];

const notFound = () => new Response('No such membership', { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = memberIdOf(params.id);
  const page = id === null ? null : await memberPage(await db(), id, getEnv());
  if (!page) throw notFound();
  // A fresh key per page view: a double submit of the grant records it once.
  return json(
    { ...page, entriesLimit: MEMBER_ENTRIES_LIMIT, formKey: newFormKey() },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}

type Member = NonNullable<Awaited<ReturnType<typeof memberForAction>>>;

/** Cancel through the membership's workflow, which makes the change at the provider and records it. */
async function cancelAction(m: Member, form: FormData, when: 'now' | 'period_end') {
  const intent = when === 'now' ? MEMBER_INTENTS.cancelNow : MEMBER_INTENTS.cancelAtPeriodEnd;
  const submission = parseWithZod(form, { schema: when === 'now' ? adminCancelNowSchema : adminCancelAtPeriodEndSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  if (!isMember(m.status))
    return refused(intent, submission, { message: 'This membership is not current: there is nothing to cancel' }, 409);
  let result: Awaited<ReturnType<typeof changeMembership>>;
  try {
    result = await changeMembership(m.customerId, { action: 'cancel', when, by: 'admin', reason: submission.value.reason });
  } catch (err) {
    logger.error({ err, membershipId: m.id }, 'admin cancellation of a membership failed');
    return refused(
      intent,
      submission,
      { message: 'The membership’s workflow did not answer (Temporal unreachable): check its status here in a minute, then try again' },
      503,
    );
  }
  if (!result.ok) return refused(intent, submission, { message: result.message }, 409);
  const end = result.view.currentPeriodEnd?.slice(0, 10);
  return done(
    intent,
    submission,
    when === 'now' ? 'The membership has ended.' : `The membership ends at the end of its period${end ? ` (${end})` : ''}.`,
    { resetForm: true },
  );
}

async function grantAction(m: Member, form: FormData, admin: CurrentUser) {
  const intent = MEMBER_INTENTS.grantCredits;
  const submission = parseWithZod(form, { schema: grantExtraCreditsSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  const { credits, reason, formKey } = submission.value;
  const answer = await grantExtraCredits(await db(), { membershipId: m.id, credits, reason, adminId: admin.id, formKey });
  if (!answer.ok) return refused(intent, submission, { field: answer.field, message: answer.message }, answer.status);
  const n = (c: number) => `${c} ${c === 1 ? 'credit' : 'credits'}`;
  return done(
    intent,
    submission,
    answer.created
      ? `Granted ${n(answer.credits)}.`
      : `These ${n(answer.credits)} were already granted (the form was sent twice); nothing changed again.`,
    { resetForm: true },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const id = memberIdOf(params.id);
  const m = id === null ? null : await memberForAction(await db(), id);
  if (!m) throw notFound();
  const form = await request.formData();
  const intent = form.get('intent');
  switch (intent) {
    case MEMBER_INTENTS.cancelNow:
      return cancelAction(m, form, 'now');
    case MEMBER_INTENTS.cancelAtPeriodEnd:
      return cancelAction(m, form, 'period_end');
    case MEMBER_INTENTS.grantCredits:
      return grantAction(m, form, admin);
    default:
      throw unknownIntent(intent);
  }
}

const number = new Intl.NumberFormat('en-IE');
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

export default function AdminMember() {
  const { membership: m, customer, plan, invoices, credits, entries, entriesLimit, links, can, formKey } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to="/admin/members">← Members</Link>
      </p>
      <h1>Membership of {customer.email}</h1>
      <DoneMessage intents={Object.values(MEMBER_INTENTS)} />
      <dl className="summary" data-testid="membership">
        <dt>Customer</dt>
        <dd>
          <Link to={`/admin/customers/${customer.id}`}>{customer.email}</Link>
          {customer.name ? <span className="muted"> — {customer.name}</span> : null}
        </dd>
        <dt>Plan</dt>
        <dd>
          <Link to={`/admin/membership-plans/${plan.id}`}>{plan.name}</Link> · <Price amount={plan.price} currency={plan.currency} /> a
          month · {number.format(plan.creditsPerPeriod)} credits a period · unused credits{' '}
          {plan.unusedCredits === 'keep' ? 'kept' : 'expire'} at the end
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={m.status} />
        </dd>
        <dt>Member since</dt>
        <dd>{day(m.startedAt ?? m.createdAt)}</dd>
        <dt>Current period</dt>
        <dd>{m.currentPeriodStart || m.currentPeriodEnd ? `${day(m.currentPeriodStart)} to ${day(m.currentPeriodEnd)}` : '—'}</dd>
        <dt>Cancel at period end</dt>
        <dd>{m.cancelAtPeriodEnd ? 'yes' : 'no'}</dd>
        {m.pausedUntil ? (
          <>
            <dt>Paused until</dt>
            <dd>{day(m.pausedUntil)}</dd>
          </>
        ) : null}
        {m.pastDueSince ? (
          <>
            <dt>Past due since</dt>
            <dd>
              {day(m.pastDueSince)}
              {m.graceEndsAt ? ` (ends ${day(m.graceEndsAt)} unless paid)` : null}
            </dd>
          </>
        ) : null}
        {m.endedAt ? (
          <>
            <dt>Ended</dt>
            <dd>
              {day(m.endedAt)}
              {m.endReason ? ` · ${END_REASON_LABELS[m.endReason]}` : null}
              {m.creditsExpired ? ` · ${number.format(m.creditsExpired)} unused credits expired` : null}
            </dd>
          </>
        ) : null}
        <dt>Subscription</dt>
        <dd>
          {m.stripeSubscriptionId && links.subscription ? (
            <a href={links.subscription} target="_blank" rel="noreferrer">
              <code>{m.stripeSubscriptionId}</code>
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>Workflow</dt>
        <dd>
          <a href={links.workflow} target="_blank" rel="noreferrer">
            In the Temporal UI
          </a>
        </dd>
      </dl>

      {can.cancelNow || can.cancelAtPeriodEnd ? (
        <section aria-labelledby="cancel-h" className="stack">
          <h2 id="cancel-h">Cancel</h2>
          {can.cancelAtPeriodEnd ? <CancelAtPeriodEndForm periodEnd={m.currentPeriodEnd} /> : null}
          {can.cancelNow ? <CancelNowForm /> : null}
        </section>
      ) : null}

      <section aria-labelledby="credits-h" className="stack">
        <h2 id="credits-h">Credits</h2>
        <dl className="summary">
          <dt>Available</dt>
          <dd data-testid="credits-available">{number.format(credits.available)}</dd>
          <dt>Reserved by orders</dt>
          <dd>{number.format(credits.reserved)}</dd>
        </dl>
        {can.grantCredits ? <GrantCreditsForm formKey={formKey} /> : null}
        <MemberLedgerEntries entries={entries} limit={entriesLimit} />
      </section>

      <section aria-labelledby="invoices-h" className="stack">
        <h2 id="invoices-h">Invoices</h2>
        <MemberInvoices invoices={invoices} />
      </section>
    </div>
  );
}
