// One order at the print provider stand-in on /dev/provider: what the provider knows of it (status, items,
// cost, tracking, the print files it fetched, the webhooks it sent) and the buttons that move it. Plain forms
// posting to the page's action, so they work with JavaScript off.
import { Form, useNavigation } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import type { StandInRecord } from '#server/print-provider/stand-in/orders.ts';

const STEPS_ON = new Set(['created', 'passed', 'in_production', 'shipped']);
const FAILABLE = new Set(['created', 'passed', 'in_production']);

/** What the page shows of a stand-in order (serialisable: the loader's answer). */
export function providerOrderView(record: StandInRecord) {
  const { order } = record;
  const current = order.fulfillmentStatus;
  return {
    id: order.id,
    reference: order.orderReferenceId,
    status: current,
    createdAt: order.createdAt,
    nextStepAt: record.nextStepAt,
    failureReason: order.failureReason,
    items: order.items.map((i) => ({ reference: i.itemReferenceId, productUid: i.productUid, quantity: i.quantity })),
    receipts: order.receipts.map((r) => ({
      id: r.id,
      type: r.transactionType,
      amount: Math.round(r.totalInclVat * 100),
      currency: r.currency,
    })),
    shipment: order.shipment
      ? {
          method: order.shipment.shipmentMethodName,
          packages: order.shipment.packages.map((p) => ({ code: p.trackingCode, url: p.trackingUrl })),
        }
      : null,
    files: record.fileFetches.map((f) => ({ ...f, url: f.url.split('?')[0] ?? f.url })),
    deliveries: record.deliveries.map((d) => {
      const last = d.attempts.at(-1);
      return {
        id: d.deliveryId,
        eventId: d.eventId,
        kind: d.kind,
        claimed: d.fulfillmentStatus,
        state: d.state,
        tries: d.attempts.length,
        last: last ? (last.status !== null ? `HTTP ${last.status}` : (last.error ?? 'no answer')) : null,
        nextAttemptAt: d.nextAttemptAt,
      };
    }),
    canAdvance: STEPS_ON.has(current),
    canFail: FAILABLE.has(current),
    canRedeliver: record.deliveries.some((d) => d.kind === 'status'),
    // The statuses it had before the current one, most recent first: what "Send an old status" can claim.
    olderStatuses: [...new Set(record.history.slice(0, -1).map((h) => h.status))].filter((s) => s !== current).reverse(),
  };
}
export type ProviderOrderView = ReturnType<typeof providerOrderView>;

const time = (iso: string) => new Date(iso).toISOString().replace('T', ' ').slice(0, 19);
const KIND_LABELS = { status: 'status change', duplicate: 'duplicate', 'old-status': 'old status, out of order' } as const;

function OrderButton({
  order,
  intent,
  children,
  variant = 'secondary',
}: {
  order: string;
  intent: string;
  children: string;
  variant?: 'primary' | 'secondary';
}) {
  const navigation = useNavigation();
  const busy = navigation.formData?.get('orderId') === order && navigation.formData.get('intent') === intent;
  return (
    <SubmitButton name="intent" value={intent} variant={variant} className="btn-small" busy={busy}>
      {children}
    </SubmitButton>
  );
}

function OrderActions({ order }: { order: ProviderOrderView }) {
  const hidden = <input type="hidden" name="orderId" value={order.id} />;
  return (
    <div className="cluster">
      {order.canAdvance ? (
        <Form method="post" className="inline-form">
          {hidden}
          <OrderButton order={order.id} intent="advance" variant="primary">
            Advance
          </OrderButton>
        </Form>
      ) : null}
      {order.canFail ? (
        <Form method="post" className="cluster">
          {hidden}
          <label htmlFor={`reason-${order.id}`} className="visually-hidden">
            Why it fails
          </label>
          <input id={`reason-${order.id}`} name="reason" placeholder="Reason (e.g. print file unreadable)" maxLength={300} />
          <OrderButton order={order.id} intent="fail">
            Fail
          </OrderButton>
        </Form>
      ) : null}
      {order.canRedeliver ? (
        <Form method="post" className="inline-form">
          {hidden}
          <OrderButton order={order.id} intent="redeliver">
            Send again (duplicate)
          </OrderButton>
        </Form>
      ) : null}
      {order.olderStatuses.length ? (
        <Form method="post" className="cluster">
          {hidden}
          <label htmlFor={`status-${order.id}`} className="visually-hidden">
            Old status to send
          </label>
          <select id={`status-${order.id}`} name="status" defaultValue={order.olderStatuses[0]}>
            {order.olderStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <OrderButton order={order.id} intent="send-status">
            Send an old status
          </OrderButton>
        </Form>
      ) : null}
    </div>
  );
}

export function ProviderOrder({ order }: { order: ProviderOrderView }) {
  return (
    <li id={order.id} className="stack">
      <h2 className="cluster">
        <span>{order.reference}</span> <StatusBadge status={order.status} />
      </h2>
      <p className="muted">
        Provider order <code>{order.id}</code> · created {time(order.createdAt)}
        {order.nextStepAt ? ` · next step at ${time(order.nextStepAt)}` : ''}
      </p>
      {order.failureReason ? <p className="alert alert-error">Failed: {order.failureReason}</p> : null}
      <ul>
        {order.items.map((i) => (
          <li key={i.reference}>
            Item {i.reference}: {i.quantity} × <code>{i.productUid}</code>
          </li>
        ))}
      </ul>
      <p>
        Cost:{' '}
        {order.receipts.length
          ? order.receipts.map((r) => (
              <span key={r.id}>
                <Price amount={r.amount} currency={r.currency} /> ({r.type.replace('_', ' ')}){' '}
              </span>
            ))
          : 'nothing (cancelled without a fee)'}
        {order.shipment
          ? order.shipment.packages.map((p) => (
              <span key={p.code}>
                {' '}
                · {order.shipment!.method}{' '}
                <a href={p.url} rel="noreferrer">
                  {p.code}
                </a>
              </span>
            ))
          : null}
      </p>
      <details>
        <summary>
          Print files ({order.files.filter((f) => f.state === 'ok').length} of {order.files.length} fetched)
        </summary>
        <ul>
          {order.files.map((f, n) => (
            <li key={n}>
              Item {f.itemReferenceId}: <StatusBadge status={f.state === 'ok' ? 'succeeded' : f.state} label={f.state} />{' '}
              {f.status !== null ? `HTTP ${f.status}` : ''} {f.bytes !== null ? `${f.bytes} bytes` : ''} {f.error ?? ''}{' '}
              <code className="muted">{f.url}</code>
            </li>
          ))}
        </ul>
      </details>
      <details>
        <summary>Webhooks ({order.deliveries.length})</summary>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Claims</th>
              <th scope="col">Kind</th>
              <th scope="col">Delivery</th>
              <th scope="col">Tries</th>
              <th scope="col">Last answer</th>
            </tr>
          </thead>
          <tbody>
            {order.deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  <code>{d.eventId}</code>
                </td>
                <td>{d.claimed}</td>
                <td>{KIND_LABELS[d.kind]}</td>
                <td>
                  <StatusBadge status={d.state === 'delivered' ? 'sent' : d.state} label={d.state} />
                  {d.nextAttemptAt && d.state === 'pending' ? ` next try ${time(d.nextAttemptAt)}` : ''}
                </td>
                <td>{d.tries}</td>
                <td>{d.last ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <OrderActions order={order} />
    </li>
  );
}
