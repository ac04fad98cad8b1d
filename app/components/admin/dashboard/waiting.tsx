// The dashboard's "Waiting" section: work the shop is still waiting on, with the tries Temporal reports.
import type { SerializeFrom } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import type { loader } from '#app/routes/admin._index.tsx';
import type { ActivityRetry } from '#server/temporal/activity-retries.server.ts';

/** "42 s", "5 min", "3 h", "2 d": how long something has waited, as of the page's `now`. */
function waited(sinceIso: string, nowIso: string): string {
  const s = Math.max(0, Math.round((Date.parse(nowIso) - Date.parse(sinceIso)) / 1000));
  if (s < 120) return `${s} s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)} min`;
  if (s < 2 * 86400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

// confirmPaidOrder: the order's confirmation step (VAT, invoice, the email; docs/decisions/062).
const EMAIL_ACTIVITY = /email|notify|confirm/i;
const SESSION_ACTIVITY = /checkoutsession/i;
const RENDER_ACTIVITY = /^(prepareDownloads|renderItem|markRenderFailed)$/;
const REFUND_ACTIVITY = /refund/i;
const PRINT_ACTIVITY = /PrintOrder/;

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

/** What the shop is still waiting on; each finishes by itself when Stripe, the email provider or a worker is back. */
export function Waiting({ d }: { d: SerializeFrom<typeof loader> }) {
  const w = d.waiting;
  const orderLink = (orderNumber: string) => <Link to={`/admin/orders/${orderNumber}`}>{orderNumber}</Link>;
  const workflowsOf = (orderNumber: string) => (
    <a href={`${d.temporalUi}?query=${encodeURIComponent(`OrderNumber="${orderNumber}"`)}`}>workflows</a>
  );
  const nothing =
    w.emails.count + w.creatingSession.length + d.staleCheckouts.length + w.renders.length + w.refunds.length + w.printOrders.length === 0;
  return (
    <section aria-labelledby="waiting-h" className="stack" data-testid="waiting">
      <h2 id="waiting-h">Waiting</h2>
      <p className="muted">
        {nothing
          ? 'Nothing is waiting.'
          : 'Work that finishes by itself once Stripe, the email provider, the print provider or a worker is back: the workflows retry with backoff. Tries are as Temporal reports them.'}
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

      <h3>{`Print orders not accepted by the provider yet (${w.printOrders.length})`}</h3>
      {w.printOrders.length ? (
        <ul data-testid="waiting-print-orders">
          {w.printOrders.map((p) => (
            <li key={p.reference}>
              {orderLink(p.orderNumber)} ·{' '}
              {`${p.reference} · waiting ${waited(p.since, d.now)} · ${p.tries} failed ${p.tries === 1 ? 'try' : 'tries'}`}
              {p.lastError ? ` · ${p.lastError}` : ''} · {workflowsOf(p.orderNumber)} ·{' '}
              <Tries retries={d.retries} orderNumber={p.orderNumber} kind={PRINT_ACTIVITY} temporalUi={d.temporalUi} />
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
