import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { AttentionList } from '#app/components/admin/dashboard/attention-list.tsx';
import { LowStock } from '#app/components/admin/dashboard/low-stock.tsx';
import { Price } from '#app/components/price.tsx';
import { SalesChart } from '#app/components/sales-chart.tsx';
import { activityRetries, type ActivityRetry } from '#server/temporal/activity-retries.server.ts';
import { dashboard } from '#server/admin/dashboard.server.ts';
import { stockLevels } from '#server/catalog/stock-admin.server.ts';
import { PAYMENT_MISMATCH_DAYS, paymentMismatches } from '#server/admin/payment-mismatches.server.ts';
import { temporalWorkflowsUrl } from '#server/temporal/customer-email-search.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const env = getEnv();
  const em = await db();
  const [figures, mismatches, stock] = await Promise.all([
    dashboard(em, env.CHECKOUT_EXPIRY_GRACE_SECONDS),
    paymentMismatches(em),
    stockLevels(em),
  ]);
  const stale = figures.staleCheckouts.map((s) => `OrderNumber="${s.orderNumber}"`).join(' OR ');
  const w = figures.waiting;
  // Attempts and next tries live in Temporal, not in the rows: asked for the orders waiting (briefly).
  const waitingOrders = [
    ...w.emails.rows.flatMap((e) => (e.orderNumber ? [e.orderNumber] : [])),
    ...w.creatingSession.map((o) => o.orderNumber),
    ...w.renders.map((r) => r.orderNumber),
    ...w.refunds.map((r) => r.orderNumber),
  ];
  return json({
    ...figures,
    paymentMismatches: mismatches,
    lowStock: stock.filter((r) => r.tracked && r.low),
    currency: env.SHOP_CURRENCY,
    temporalUi: temporalWorkflowsUrl(env),
    staleQuery: stale ? `ExecutionStatus="Running" AND (${stale})` : null,
    retries: await activityRetries(waitingOrders),
    now: new Date().toISOString(),
  });
}

/** "42 s", "5 min", "3 h", "2 d": how long something has waited, as of the page's `now`. */
function waited(sinceIso: string, nowIso: string): string {
  const s = Math.max(0, Math.round((Date.parse(nowIso) - Date.parse(sinceIso)) / 1000));
  if (s < 120) return `${s} s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)} min`;
  if (s < 2 * 86400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

const EMAIL_ACTIVITY = /email|notify/i;
const SESSION_ACTIVITY = /checkoutsession/i;
const RENDER_ACTIVITY = /^(prepareDownloads|renderItem|markRenderFailed)$/;
const REFUND_ACTIVITY = /refund/i;

/** The tries Temporal reports for an order's pending activities of one kind, with a link to each workflow. */
function Tries({
  retries,
  orderNumber,
  kind,
  temporalUi,
}: {
  retries: Record<string, ActivityRetry[]> | null;
  orderNumber: string | null;
  kind: RegExp;
  temporalUi: string;
}) {
  if (!orderNumber) return <span className="muted">—</span>;
  if (!retries) return <span className="muted">unknown (Temporal did not answer)</span>;
  const pending = (retries[orderNumber] ?? []).filter((a) => kind.test(a.activityType));
  if (pending.length === 0) return <span className="muted">none pending</span>;
  return (
    <>
      {pending.map((a, i) => (
        <span key={`${a.workflowId}-${a.activityType}-${i}`}>
          <a href={`${temporalUi}/${encodeURIComponent(a.workflowId)}`}>{`${a.activityType}: attempt ${a.attempt}`}</a>
          {a.nextAttemptAt ? ` · next try ${a.nextAttemptAt.slice(11, 19)} UTC` : ''}
          {a.lastError ? ` · ${a.lastError}` : ''}{' '}
        </span>
      ))}
    </>
  );
}

export default function AdminDashboard() {
  const d = useLoaderData<typeof loader>();
  const mismatches = d.paymentMismatches.filter((m) => m.kind === 'payment_mismatch');
  const oversold = d.paymentMismatches.filter((m) => m.kind === 'oversold');
  return (
    <div className="stack">
      <h1>Shop overview</h1>
      <div className="cluster">
        <section className="summary" aria-labelledby="today-h">
          <h2 id="today-h">Today</h2>
          <p>
            <Price amount={d.today.revenue} currency={d.currency} /> · {d.today.orders} {d.today.orders === 1 ? 'order' : 'orders'}
          </p>
        </section>
        <section className="summary" aria-labelledby="month-h">
          <h2 id="month-h">This month</h2>
          <p>
            <Price amount={d.month.revenue} currency={d.currency} /> · {d.month.orders} {d.month.orders === 1 ? 'order' : 'orders'}
          </p>
        </section>
      </div>
      <section aria-labelledby="chart-h" className="stack">
        <h2 id="chart-h">Last 30 days</h2>
        <SalesChart days={d.days} currency={d.currency} />
      </section>
      <section aria-labelledby="attention-h" className="stack">
        <h2 id="attention-h">Needs attention</h2>
        <AttentionList
          title="Payment events that did not match their checkout"
          testId="payment-mismatches"
          items={mismatches}
          about={`Signed webhooks for another session, amount or currency, in the last ${PAYMENT_MISMATCH_DAYS} days: none of them marked an order paid. Check the webhook secret and the payments in Stripe.`}
        />
        <AttentionList
          title="Oversold orders"
          testId="oversold-orders"
          items={oversold}
          about="Paid after their checkout had given the stock back: honoured, but the shelf holds less than was sold. Restock or contact the customer."
        />
        <LowStock items={d.lowStock} />
        <h3>
          Orders to ship ({d.toShip.length}
          {d.toShip.length === 50 ? '+' : ''})
        </h3>
        {d.toShip.length ? (
          <ul>
            {d.toShip.map((o) => (
              <li key={o.orderNumber}>
                <Link to={`/admin/orders/${o.orderNumber}`}>{o.orderNumber}</Link> · paid {o.paidAt.slice(0, 16).replace('T', ' ')} ·{' '}
                {o.email}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Nothing to ship.</p>
        )}
        <h3>Files that could not be made ({d.failedRenders.length})</h3>
        {d.failedRenders.length ? (
          <ul data-testid="failed-renders">
            {d.failedRenders.map((r) => (
              <li key={`${r.orderNumber}-${r.item}`}>
                <Link to={`/admin/orders/${r.orderNumber}`}>{r.orderNumber}</Link> · {r.item} · {r.error ?? 'no reason recorded'}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">None.</p>
        )}
        <h3>Refunds that failed ({d.failedRefunds.length})</h3>
        {d.failedRefunds.length ? (
          <ul>
            {d.failedRefunds.map((r) => (
              <li key={`${r.orderNumber}-${r.at}`}>
                <Link to={`/admin/orders/${r.orderNumber}`}>{r.orderNumber}</Link> · <Price amount={r.amount} currency={r.currency} /> ·{' '}
                {r.reason ?? 'no reason given'}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">None.</p>
        )}
      </section>
      <Waiting />
      <p>
        <a href={d.temporalUi}>All workflows in the Temporal UI</a>
      </p>
    </div>
  );
}

/** What the shop is still waiting on; each finishes by itself when Stripe, the email provider or a worker is back. */
function Waiting() {
  const d = useLoaderData<typeof loader>();
  const w = d.waiting;
  const orderLink = (orderNumber: string) => <Link to={`/admin/orders/${orderNumber}`}>{orderNumber}</Link>;
  const workflowsOf = (orderNumber: string) => (
    <a href={`${d.temporalUi}?query=${encodeURIComponent(`OrderNumber="${orderNumber}"`)}`}>workflows</a>
  );
  const nothing = w.emails.count + w.creatingSession.length + d.staleCheckouts.length + w.renders.length + w.refunds.length === 0;
  return (
    <section aria-labelledby="waiting-h" className="stack" data-testid="waiting">
      <h2 id="waiting-h">Waiting</h2>
      <p className="muted">
        {nothing
          ? 'Nothing is waiting.'
          : 'Work that finishes by itself once Stripe, the email provider or a worker is back: the workflows retry with backoff. Tries are as Temporal reports them.'}
      </p>

      <h3>{`Emails in the outbox (${w.emails.count})`}</h3>
      {w.emails.count ? (
        <>
          <p>
            {`${w.emails.count} not sent · the oldest waiting ${w.emails.oldestAt ? waited(w.emails.oldestAt, d.now) : '—'} · ${w.emails.failing} failing`}
            {w.emails.count > w.emails.rows.length ? ` · the oldest ${w.emails.rows.length} below` : ''}
          </p>
          <div className="table-wrap">
            <table className="data-table" data-testid="waiting-emails">
              <caption className="visually-hidden">Emails not sent yet</caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Email</th>
                  <th scope="col">Status</th>
                  <th scope="col">Waiting</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Tries</th>
                </tr>
              </thead>
              <tbody>
                {w.emails.rows.map((e) => (
                  <tr key={e.id}>
                    <td>{e.orderNumber ? orderLink(e.orderNumber) : '—'}</td>
                    <td>{`${e.template} to ${e.to}`}</td>
                    <td>{e.status === 'failed' ? 'gave up' : e.error ? 'retrying' : 'queued'}</td>
                    <td>{waited(e.createdAt, d.now)}</td>
                    <td>{e.error ?? '—'}</td>
                    <td>
                      <Tries retries={d.retries} orderNumber={e.orderNumber} kind={EMAIL_ACTIVITY} temporalUi={d.temporalUi} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p className="muted">None: every email has gone.</p>
      )}

      <h3>{`Checkouts creating their payment session (${w.creatingSession.length})`}</h3>
      {w.creatingSession.length ? (
        <ul data-testid="waiting-sessions">
          {w.creatingSession.map((o) => (
            <li key={o.orderNumber}>
              {orderLink(o.orderNumber)} · waiting {waited(o.createdAt, d.now)} · {workflowsOf(o.orderNumber)} ·{' '}
              <Tries retries={d.retries} orderNumber={o.orderNumber} kind={SESSION_ACTIVITY} temporalUi={d.temporalUi} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None.</p>
      )}

      <h3>Checkouts open past their expiry ({d.staleCheckouts.length})</h3>
      {d.staleCheckouts.length ? (
        <>
          <ul>
            {d.staleCheckouts.map((o) => (
              <li key={o.orderNumber}>
                <Link to={`/admin/orders/${o.orderNumber}`}>{o.orderNumber}</Link> · started {o.createdAt.slice(0, 16).replace('T', ' ')}
              </li>
            ))}
          </ul>
          {d.staleQuery ? (
            <p>
              <a href={`${d.temporalUi}?query=${encodeURIComponent(d.staleQuery)}`}>Inspect them in the Temporal UI</a>
            </p>
          ) : null}
        </>
      ) : (
        <p className="muted">None: every checkout ended on time.</p>
      )}

      <h3>{`Print files being made (${w.renders.length})`}</h3>
      {w.renders.length ? (
        <ul data-testid="waiting-renders">
          {w.renders.map((r) => (
            <li key={r.orderNumber}>
              {orderLink(r.orderNumber)} ·{' '}
              {`${r.files} ${r.files === 1 ? 'file' : 'files'} · waiting ${waited(r.since, d.now)} · ${r.attempts} ${r.attempts === 1 ? 'render' : 'renders'} started`}
              {r.error ? ` · ${r.error}` : ''} · {workflowsOf(r.orderNumber)} ·{' '}
              <Tries retries={d.retries} orderNumber={r.orderNumber} kind={RENDER_ACTIVITY} temporalUi={d.temporalUi} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None.</p>
      )}

      <h3>{`Refunds not settled (${w.refunds.length})`}</h3>
      {w.refunds.length ? (
        <ul data-testid="waiting-refunds">
          {w.refunds.map((r) => (
            <li key={r.refundId}>
              {orderLink(r.orderNumber)} · <Price amount={r.amount} currency={r.currency} /> ·{' '}
              {`${r.status} · waiting ${waited(r.createdAt, d.now)}`} ·{' '}
              <a href={`${d.temporalUi}/${encodeURIComponent(`refund-${r.refundId}`)}`}>{`refund-${r.refundId}`}</a> ·{' '}
              <Tries retries={d.retries} orderNumber={r.orderNumber} kind={REFUND_ACTIVITY} temporalUi={d.temporalUi} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None.</p>
      )}
    </section>
  );
}
