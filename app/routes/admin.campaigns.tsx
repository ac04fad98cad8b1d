// /admin/campaigns: each drip campaign's running and finished enrolments, emails sent per step,
// opt-outs and suppressed addresses, and the latest runs with links to their workflows.
import { Fragment } from 'react';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, useLoaderData } from '@remix-run/react';
import { StatusBadge } from '#app/components/status-badge.tsx';
import {
  FINISHED_OUTCOMES,
  RECENT_RUNS,
  RECENT_SUPPRESSIONS,
  campaignOverview,
  type FinishedOutcome,
} from '#server/campaigns/campaign-stats.server.ts';
import { temporalWorkflowsUrl } from '#server/temporal/customer-email-search.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export const meta: MetaFunction = () => [{ title: 'Campaigns — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const env = getEnv();
  const overview = await campaignOverview(await db());
  return json({
    ...overview,
    temporalWorkflows: temporalWorkflowsUrl(env),
  });
}

const OUTCOME_LABELS: Record<FinishedOutcome, string> = {
  completed: 'Completed',
  goal_met: 'Goal met',
  unsubscribed: 'Unsubscribed',
  suppressed: 'Suppressed',
  stopped: 'Stopped',
};

const KIND_LABELS = {
  wait: 'wait',
  'wait-for': 'wait for an event',
  email: 'email',
} as const;

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export default function AdminCampaigns() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Campaigns</h1>
      <section aria-labelledby="totals-h" className="summary">
        <h2 id="totals-h">Opt-outs and suppressions</h2>
        <dl>
          <dt>Customers who unsubscribed from campaign emails</dt>
          <dd data-stat="unsubscribed-customers">{d.unsubscribedCustomers}</dd>
          <dt>Addresses suppressed after a hard bounce</dt>
          <dd data-stat="suppressed-bounced">{d.suppressions.bounced}</dd>
          <dt>Addresses suppressed after a spam complaint</dt>
          <dd data-stat="suppressed-complained">{d.suppressions.complained}</dd>
        </dl>
      </section>

      {d.campaigns.map((c) => (
        <section key={c.id} aria-labelledby={`campaign-${c.id}-h`} className="stack">
          <h2 id={`campaign-${c.id}-h`}>{c.title}</h2>
          <p className="muted">{c.description}</p>
          <div className="summary">
            <dl>
              <dt>Running</dt>
              <dd data-stat={`${c.id}:running`}>{c.running}</dd>
              <dt>Finished</dt>
              <dd data-stat={`${c.id}:finished`}>{c.finished}</dd>
              {FINISHED_OUTCOMES.map((o) => (
                <Fragment key={o}>
                  <dt>— {OUTCOME_LABELS[o]}</dt>
                  <dd data-stat={`${c.id}:${o}`}>{c.outcomes[o]}</dd>
                </Fragment>
              ))}
            </dl>
          </div>
          {c.steps.length ? (
            <table className="cart-table admin-table">
              <caption className="visually-hidden">Steps of {c.title}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Step</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Emails sent</th>
                  <th scope="col">Running here now</th>
                </tr>
              </thead>
              <tbody>
                {c.steps.map((s, i) => (
                  <tr key={s.id}>
                    <td>{i + 1}</td>
                    <td>{s.label}</td>
                    <td>{KIND_LABELS[s.kind]}</td>
                    <td data-stat={`${c.id}:${s.id}:sent`}>{s.sent ?? '—'}</td>
                    <td data-stat={`${c.id}:${s.id}:running`}>{s.running}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ))}

      <section aria-labelledby="runs-h" className="stack">
        <h2 id="runs-h">Latest {RECENT_RUNS} runs</h2>
        {d.recentRuns.length ? (
          <table className="cart-table admin-table">
            <caption className="visually-hidden">Latest campaign runs</caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Campaign</th>
                <th scope="col">Status</th>
                <th scope="col">Step</th>
                <th scope="col">Updated (UTC)</th>
                <th scope="col">Workflow</th>
              </tr>
            </thead>
            <tbody>
              {d.recentRuns.map((r) => (
                <tr key={r.id}>
                  <td>{r.email}</td>
                  <td>{r.campaignTitle}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>{r.step ?? '—'}</td>
                  <td>{minute(r.updatedAt)}</td>
                  <td>
                    <a href={`${d.temporalWorkflows}/${encodeURIComponent(r.workflowId)}`}>{r.workflowId}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No campaign has run yet.</p>
        )}
      </section>

      <section aria-labelledby="suppressions-h" className="stack">
        <h2 id="suppressions-h">Latest {RECENT_SUPPRESSIONS} suppressed addresses</h2>
        {d.recentSuppressions.length ? (
          <table className="cart-table admin-table">
            <caption className="visually-hidden">Suppressed addresses</caption>
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Reason</th>
                <th scope="col">Since (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {d.recentSuppressions.map((s) => (
                <tr key={s.email}>
                  <td>{s.email}</td>
                  <td>{s.reason === 'bounced' ? 'hard bounce' : 'spam complaint'}</td>
                  <td>{minute(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No address is suppressed.</p>
        )}
      </section>
    </div>
  );
}
