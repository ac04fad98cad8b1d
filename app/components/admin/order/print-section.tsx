// The order page's "Print provider" section: the lines the provider makes, each submission to it (newest first) with
// its status, cost and tracking, the admin's print forms when they apply, and the print part of the order's timeline.
import { DoneMessage } from '#app/components/admin/form-parts.tsx';
import { Price } from '#app/components/price.tsx';
import { PROVIDER_STATUS_LABELS } from '#core/print-provider.ts';
import type { AdminPrintOrder, AdminPrintSection } from '#server/print-provider/admin-print-orders.server.ts';
import { ORDER_INTENTS } from './order-intents.ts';
import { CancelPrintsForm, ResubmitPrintsForm } from './print-forms.tsx';

const dateTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The order's events about its prints: the provider's (`provider_…`) and the workflow's (`print_…`). */
export const isPrintEvent = (type: string) => type.startsWith('provider_') || type.startsWith('print_');

export interface PrintSectionProps {
  print: AdminPrintSection;
  events: Array<{ id: number; type: string; message: string; at: string }>;
}

export function PrintSection({ print, events }: PrintSectionProps) {
  const timeline = events.filter((e) => isPrintEvent(e.type));
  return (
    <section aria-labelledby="print-h" className="stack" data-testid="print-provider">
      <h2 id="print-h">Print provider</h2>
      <ul>
        {print.lines.map((l) => (
          <li key={l.id}>
            {l.label} × {l.quantity} · <code>{l.providerProductId ?? 'no provider product'}</code>
          </li>
        ))}
      </ul>
      {print.attempts.length === 0 ? (
        <p className="muted">
          {print.needsAttention ? 'The print files could not be made: nothing reached the provider.' : notSentYet(print)}
        </p>
      ) : null}
      {print.attempts[0]?.status === 'failed' && (print.partState === 'making_files' || print.partState === 'submitting') ? (
        <p className="muted">Resubmitted: the print files are being checked and the order sent to the provider again.</p>
      ) : null}
      {print.attempts[0]?.status === 'failed' && print.partState === 'cancelled' ? (
        <p className="muted">Cancelled: the prints no longer wait for a corrected address.</p>
      ) : null}
      {print.attempts.map((a) => (
        <PrintAttempt key={a.id} attempt={a} />
      ))}
      {print.canResubmit ? <ResubmitPrintsForm address={print.address} /> : null}
      {print.canCancel ? <CancelPrintsForm byHandWaiting={print.byHandWaiting} /> : null}
      <DoneMessage intents={[ORDER_INTENTS.resubmitPrints, ORDER_INTENTS.cancelPrints]} />
      <h3>Print timeline</h3>
      {timeline.length ? (
        <ol className="timeline" data-testid="print-timeline">
          {timeline.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{dateTime(e.at)}</time> {e.message}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">Nothing yet.</p>
      )}
    </section>
  );
}

function notSentYet(print: AdminPrintSection): string {
  if (print.partState === 'making_files') return 'Not sent yet: the print files are being made.';
  if (print.partState === 'cancelled') return 'Cancelled before it reached the provider.';
  return 'Not sent to the provider yet: it goes once the order is paid and its print files are made.';
}

/** One submission: its reference and status, the provider's order and word for it, cost, tracking, why it failed. */
function PrintAttempt({ attempt: a }: { attempt: AdminPrintOrder }) {
  return (
    <article className="stack" aria-labelledby={`print-${a.id}-h`} data-testid="print-attempt" data-status={a.status}>
      <h3 id={`print-${a.id}-h`}>
        Print order {a.attempt}: {a.reference}
      </h3>
      <p>
        <strong>{PROVIDER_STATUS_LABELS[a.status]}</strong>
        {a.status === 'submitting' && a.submitTries > 0
          ? ` · ${a.submitTries} ${a.submitTries === 1 ? 'try' : 'tries'} so far${a.lastError ? `; last error: ${a.lastError}` : ''}`
          : ''}
      </p>
      {a.failureReason ? (
        <p className="field-error">
          <strong>{a.failureReason}</strong>
        </p>
      ) : null}
      <dl className="summary">
        <dt>At the provider</dt>
        <dd>
          {a.providerOrderId ? (
            a.providerUrl ? (
              <a href={a.providerUrl} target="_blank" rel="noreferrer noopener">
                {a.providerOrderId}
              </a>
            ) : (
              a.providerOrderId
            )
          ) : (
            <span className="muted">not accepted yet</span>
          )}
          {a.providerStatus ? ` (${a.providerStatus})` : ''}
        </dd>
        <dt>Cost</dt>
        <dd>{a.cost === null ? <span className="muted">not known yet</span> : <Price amount={a.cost} currency={a.costCurrency} />}</dd>
        {a.cancellationFee !== null ? (
          <>
            <dt>Cancellation fee</dt>
            <dd>
              <Price amount={a.cancellationFee} currency={a.costCurrency} />
            </dd>
          </>
        ) : null}
        <dt>Tracking</dt>
        <dd>
          {a.trackingNumber ? (
            <>
              {a.carrier ? `${a.carrier} ` : ''}
              {a.trackingUrl ? (
                <a href={a.trackingUrl} target="_blank" rel="noreferrer">
                  {a.trackingNumber}
                </a>
              ) : (
                a.trackingNumber
              )}
            </>
          ) : (
            <span className="muted">none yet</span>
          )}
        </dd>
        <dt>Ships to</dt>
        <dd>{a.shipTo}</dd>
        <dt>Sent</dt>
        <dd>
          <time dateTime={a.createdAt}>{dateTime(a.createdAt)}</time> UTC
        </dd>
      </dl>
    </article>
  );
}
