import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useActionData, useLoaderData } from '@remix-run/react';
import { DownloadsList } from '#app/components/downloads-list.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { RESENDABLE, emailCount, resendOrderEmail } from '#server/admin/admin-actions.server.ts';
import { addOrderNote, loadOrderOr404, refundsOf } from '#app/utils/admin-records.server.ts';
import { requestRefund, startRefundWorkflow } from '#server/refunds/refunds.server.ts';
import { temporalWorkflowsUrl } from '#server/temporal/customer-email-search.server.ts';
import { db } from '#server/db.server.ts';
import { allFilesReady, listDownloadsForOrder, regenerateLinks, requestRerender } from '#server/downloads/downloads.server.ts';
import { isLiveOrderStatus } from '#core/order-display.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { useRevalidateEvery } from '#app/utils/use-revalidate-every.ts';
import { markDelivered, markShipped } from '#server/fulfillment/fulfillment.server.ts';
import { getEnv } from '#server/env.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { PrintDesign } from '#core/design/print-design.tsx';
import { logger } from '#server/log.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.orderNumber ?? 'Order'} — Admin — Atelier` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { em, order } = await loadOrderOr404(params.orderNumber);
  const env = getEnv();
  // Admin links: minted per page view like the customer's; revoked and failed files are listed too.
  const downloads = await listDownloadsForOrder(em, order.id, { secret: env.SESSION_SECRET, ttlSeconds: env.DOWNLOAD_LINK_TTL_HOURS * 3600 });
  const digitalItems = order.items.getItems().filter((i) => i.format !== 'physical');
  const filesReady = allFilesReady(downloads, digitalItems.length);
  const stripeBase = `https://dashboard.stripe.com${env.STRIPE_SECRET_KEY?.startsWith('sk_live') ? '' : '/test'}`;
  const query = `OrderNumber="${order.orderNumber}"`;
  return json({
    order: {
      orderNumber: order.orderNumber,
      status: order.status,
      fulfilmentType: order.fulfilmentType,
      currency: order.currency,
      email: order.email,
      createdAt: order.createdAt.toISOString(),
      paidAt: order.paidAt?.toISOString() ?? null,
      subtotal: order.subtotal,
      discount: order.discount,
      shipping: order.shipping,
      tax: order.tax,
      total: order.total,
      refunded: order.refunded,
      promoCode: order.promoCode,
      shippingAddress: order.shippingAddress,
      shippingMethod: order.shippingMethod,
      cancelReason: order.cancelReason,
      carrier: order.carrier,
      trackingNumber: order.trackingNumber,
      trackingUrl: order.trackingUrl,
      shippedAt: order.shippedAt?.toISOString() ?? null,
      deliveredAt: order.deliveredAt?.toISOString() ?? null,
      canShip: order.fulfilmentType !== 'digital' && order.paidAt !== null && !order.shippedAt && ['paid', 'partially_refunded'].includes(order.status),
      customer: order.customer ? { id: order.customer.id, email: order.customer.email, name: order.customer.name } : null,
      items: order.items.getItems().map((i) => ({
        id: i.id,
        productTitle: i.productTitle,
        variantTitle: i.variantTitle,
        sku: i.sku,
        format: i.format,
        printSize: i.printSize,
        quantity: i.quantity,
        refundedQuantity: i.refundedQuantity,
        unitPrice: i.unitPrice,
        lineTotal: i.lineTotal,
        personalisation: i.personalisation,
      })),
      events: order.events
        .getItems()
        .map((e) => ({ id: e.id, type: e.type, message: e.message, at: e.createdAt.toISOString(), by: typeof e.data?.adminEmail === 'string' ? e.data.adminEmail : null })),
    },
    refunds: await refundsOf(order.id),
    downloads,
    digitalItems: digitalItems.map((i) => ({ id: i.id, label: `${i.productTitle} — ${i.variantTitle}` })),
    canRerender: digitalItems.length > 0 && isLiveOrderStatus(order.status),
    resend: {
      key: String(await emailCount(order.orderNumber)),
      options: Object.entries(RESENDABLE)
        .filter(([, r]) => r.when(order.status, { filesReady }))
        .map(([value, r]) => ({ value, label: r.label })),
    },
    links: {
      paymentIntent: order.stripePaymentIntentId && env.stripeMode === 'stripe' ? `${stripeBase}/payments/${order.stripePaymentIntentId}` : null,
      customer: order.stripeCustomerId && env.stripeMode === 'stripe' ? `${stripeBase}/customers/${order.stripeCustomerId}` : null,
      temporal: temporalWorkflowsUrl(env, query),
      render: `${temporalWorkflowsUrl(env)}/${encodeURIComponent(`render-${order.orderNumber}`)}`,
    },
  });
}

interface ActionAnswer {
  intent: string;
  ok: boolean;
  field: string | null;
  message: string;
  /** The note's text, kept when refused. */
  value: string;
  /** The refund form's fields, kept when refused. */
  refundValues?: Record<string, string>;
  /** The shipment form's fields, kept when refused. */
  values?: { carrier: string; trackingNumber: string; trackingUrl: string };
}

const answer = (a: ActionAnswer, status = 200) => json(a, { status });

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  if (intent === 'note') {
    const text = String(form.get('note') ?? '').trim();
    if (!text) return answer({ intent, ok: false, field: 'note', message: 'Write the note first', value: text }, 400);
    if (text.length > 2000) return answer({ intent, ok: false, field: 'note', message: 'A note can be at most 2,000 characters', value: text }, 400);
    await addOrderNote(params.orderNumber, admin, text, String(form.get('key') ?? ''));
    return answer({ intent, ok: true, field: null, message: 'Note added', value: '' });
  }
  if (intent === 'refund') {
    const kind = form.get('kind') === 'amount' ? 'amount' : 'items';
    const values: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === 'string') values[k] = v;
    const quantities: Record<number, number> = {};
    for (const [k, v] of Object.entries(values)) {
      const m = /^qty-(\d+)$/.exec(k);
      if (m && v.trim() !== '') quantities[Number(m[1])] = Number(v);
    }
    const r = await requestRefund(
      await db(),
      params.orderNumber ?? '',
      admin,
      kind === 'amount'
        ? { kind, amount: values.amount ?? '', reason: values.reason ?? '' }
        : { kind, quantities, shipping: values.shipping === 'on', reason: values.reason ?? '' },
    );
    return answer({ intent, ok: r.ok, field: r.ok ? null : r.field, message: r.message, value: '', refundValues: r.ok ? undefined : values }, r.ok ? 200 : 400);
  }
  if (intent === 'restart-refund') {
    const id = Number(form.get('refundId'));
    try {
      await startRefundWorkflow(id, params.orderNumber ?? '');
      return answer({ intent, ok: true, field: null, message: 'Refund started again.', value: '' });
    } catch {
      return answer({ intent, ok: false, field: null, message: 'Temporal did not answer; try again in a moment.', value: '' }, 503);
    }
  }
  if (intent === 'ship') {
    const values = { carrier: String(form.get('carrier') ?? ''), trackingNumber: String(form.get('trackingNumber') ?? ''), trackingUrl: String(form.get('trackingUrl') ?? '') };
    const r = await markShipped(params.orderNumber ?? '', { ...values, trackingUrl: values.trackingUrl.trim() || null, by: admin.email });
    return answer({ intent, ok: r.ok, field: r.ok ? null : 'ship', message: r.message, value: '', values }, r.ok ? 200 : 400);
  }
  if (intent === 'delivered') {
    const r = await markDelivered(params.orderNumber ?? '', admin.email);
    return answer({ intent, ok: r.ok, field: null, message: r.message, value: '' }, r.ok ? 200 : 400);
  }
  if (intent === 'resend') {
    const { em, order } = await loadOrderOr404(params.orderNumber);
    const digital = order.items.getItems().filter((i) => i.format !== 'physical').length;
    const downloads = await listDownloadsForOrder(em, order.id, { secret: getEnv().SESSION_SECRET });
    const r = await resendOrderEmail(order, String(form.get('email') ?? ''), String(form.get('key') ?? ''), { filesReady: allFilesReady(downloads, digital) });
    return answer({ intent, ok: r.ok, field: r.ok ? null : 'email', message: r.message, value: '' }, r.ok ? 200 : 400);
  }
  if (intent === 'rerender') {
    const raw = String(form.get('itemId') ?? 'all');
    const itemIds = raw === 'all' ? undefined : [Number(raw)];
    if (itemIds && !Number.isInteger(itemIds[0])) return answer({ intent, ok: false, field: 'rerender', message: 'Choose an item or all items', value: '' }, 400);
    try {
      const r = await requestRerender(getTemporalClient(), await db(), { orderNumber: params.orderNumber ?? '', itemIds, requestedBy: admin.email });
      if (!r.ok) return answer({ intent, ok: false, field: 'rerender', message: r.reason, value: raw }, 409);
      return answer({ intent, ok: true, field: null, message: `Re-render started (${r.workflowId}); the progress shows below.`, value: '' });
    } catch (err) {
      logger.error({ err }, 're-render failed to start');
      return answer({ intent, ok: false, field: 'rerender', message: 'Temporal did not answer; nothing was started. Try again in a moment.', value: raw }, 503);
    }
  }
  if (intent === 'regenerate-links') {
    const n = await regenerateLinks(await db(), params.orderNumber ?? '');
    return answer({ intent, ok: true, field: null, message: n ? `New links made for ${n} file${n === 1 ? '' : 's'}; every older link now refuses.` : 'This order has no files.', value: '' });
  }
  return answer({ intent, ok: false, field: null, message: 'Unknown action', value: '' }, 400);
}

const dateTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export default function AdminOrder() {
  const { order, links, resend, refunds, downloads, digitalItems, canRerender } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  useRevalidateEvery(downloads.inProgress ? 2_000 : null);
  const rv = result?.intent === 'refund' && !result.ok ? (result.refundValues ?? {}) : {};
  const refundError = (field: string) => (result?.intent === 'refund' && !result.ok && result.field === field ? result.message : null);
  const refundable = isLiveOrderStatus(order.status);
  const notes = order.events.filter((e) => e.type === 'note');
  const a = order.shippingAddress;
  return (
    <div className="stack">
      <p>
        <Link to="/admin/orders">← Orders</Link>
      </p>
      <h1 className="cluster">
        Order {order.orderNumber} <StatusBadge status={order.status} />
      </h1>
      <p className="muted">
        Placed {dateTime(order.createdAt)} UTC{order.paidAt ? ` · paid ${dateTime(order.paidAt)} UTC` : ''} · {order.fulfilmentType}
        {order.cancelReason ? ` · cancelled: ${order.cancelReason}` : ''}
      </p>

      <section aria-labelledby="items-h" className="stack">
        <h2 id="items-h">Items</h2>
        <ul className="cart-table">
          {order.items.map((i) => (
            <li key={i.id} className="cart-item">
              <div className="cart-item__thumb">
                {i.personalisation && i.printSize ? <PrintDesign personalisation={i.personalisation} size={i.printSize} className="poster-thumb" /> : null}
              </div>
              <div>
                <p className="cart-item__title">
                  {i.productTitle} — {i.variantTitle} <span className="muted">({i.sku})</span>
                </p>
                {i.personalisation ? (
                  <p className="muted">
                    “{i.personalisation.title}”{i.personalisation.subtitle ? `, ${i.personalisation.subtitle}` : ''} · {i.personalisation.place} ·{' '}
                    {i.personalisation.date} · {i.personalisation.theme}
                  </p>
                ) : null}
                <p>
                  {i.quantity} × <Price amount={i.unitPrice} currency={order.currency} /> = <Price amount={i.lineTotal} currency={order.currency} />
                  {i.refundedQuantity > 0 ? <span className="muted"> · {i.refundedQuantity} refunded</span> : null}
                </p>
              </div>
            </li>
          ))}
        </ul>
      </section>

      {digitalItems.length ? (
        <section aria-labelledby="files-h" className="stack">
          <h2 id="files-h">Files</h2>
          {downloads.files.length ? <DownloadsList summary={downloads} admin /> : <p className="muted">No files yet: the render starts when the order is paid.</p>}
          <p>
            <a href={links.render} target="_blank" rel="noreferrer noopener">
              Render workflow in Temporal
            </a>
          </p>
          {canRerender ? (
            <div className="cluster">
              <Form method="post" className="cluster">
                <input type="hidden" name="intent" value="rerender" />
                <div className="form-field">
                  <label htmlFor="rerender-item">Make the files again</label>
                  <select id="rerender-item" name="itemId" defaultValue={result?.intent === 'rerender' && !result.ok ? result.value : 'all'} aria-describedby={result?.intent === 'rerender' ? 'rerender-result' : undefined}>
                    <option value="all">All items</option>
                    {digitalItems.map((i) => (
                      <option key={i.id} value={i.id}>
                        {i.label}
                      </option>
                    ))}
                  </select>
                </div>
                <SubmitButton variant="secondary" busyText="Starting…">
                  Re-render
                </SubmitButton>
              </Form>
              {downloads.files.length ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="regenerate-links" />
                  <SubmitButton variant="secondary" busyText="Regenerating…">
                    Regenerate links
                  </SubmitButton>
                </Form>
              ) : null}
            </div>
          ) : null}
          {result?.intent === 'rerender' || result?.intent === 'regenerate-links' ? (
            <p id="rerender-result" role={result.ok ? 'status' : 'alert'} className={`alert ${result.ok ? 'alert-success' : 'alert-error'}`}>
              {result.message}
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="amounts-h" className="summary">
        <h2 id="amounts-h">Amounts</h2>
        <dl>
          <dt>Subtotal</dt>
          <dd>
            <Price amount={order.subtotal} currency={order.currency} />
          </dd>
          <dt>Discount{order.promoCode ? ` (${order.promoCode})` : ''}</dt>
          <dd>
            <Price amount={-order.discount} currency={order.currency} />
          </dd>
          <dt>Shipping{order.shippingMethod ? ` (${order.shippingMethod})` : ''}</dt>
          <dd>
            <Price amount={order.shipping} currency={order.currency} />
          </dd>
          <dt>Tax</dt>
          <dd>
            <Price amount={order.tax} currency={order.currency} />
          </dd>
          <dt>Total</dt>
          <dd>
            <Price amount={order.total} currency={order.currency} />
          </dd>
          <dt>Refunded</dt>
          <dd>
            <Price amount={order.refunded} currency={order.currency} />
          </dd>
        </dl>
      </section>

      <section aria-labelledby="customer-h" className="stack">
        <h2 id="customer-h">Customer</h2>
        <p>
          {order.customer ? <Link to={`/admin/customers/${order.customer.id}`}>{order.customer.email}</Link> : (order.email ?? 'No email yet')}
          {order.customer?.name ? ` — ${order.customer.name}` : ''}
        </p>
        {a ? (
          <address>
            {[a.name, a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.state, a.country].filter(Boolean).map((line) => (
              <span key={line} className="address-line">
                {line}
                <br />
              </span>
            ))}
          </address>
        ) : null}
        <p className="cluster">
          <a href={links.temporal} target="_blank" rel="noreferrer">
            Workflows of this order in Temporal
          </a>
          {links.paymentIntent ? (
            <a href={links.paymentIntent} target="_blank" rel="noreferrer">
              Payment in Stripe
            </a>
          ) : null}
          {links.customer ? (
            <a href={links.customer} target="_blank" rel="noreferrer">
              Customer in Stripe
            </a>
          ) : null}
        </p>
      </section>

      <section aria-labelledby="timeline-h" className="stack">
        <h2 id="timeline-h">Timeline</h2>
        <ol className="timeline">
          {order.events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{dateTime(e.at)}</time> {e.type === 'note' ? <strong>Note{e.by ? ` by ${e.by}` : ''}:</strong> : null} {e.message}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="refunds-h" className="stack">
        <h2 id="refunds-h">Refunds</h2>
        {refunds.length ? (
          <ul>
            {refunds.map((r) => (
              <li key={r.id}>
                <Price amount={r.amount} currency={order.currency} /> · {r.status}
                {r.source === 'stripe_dashboard' ? ' (Stripe Dashboard)' : ''} · {r.reason}
                {r.failureReason ? <strong> — {r.failureReason}</strong> : null}
                {r.stale ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="restart-refund" />
                    <input type="hidden" name="refundId" value={r.id} />{' '}
                    <SubmitButton variant="secondary">Start again</SubmitButton>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No refunds.</p>
        )}
        {refundable ? (
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="refund" />
            <fieldset className="stack">
              <legend>Refund by</legend>
              <label>
                <input type="radio" name="kind" value="items" defaultChecked={rv.kind !== 'amount'} /> Line items
              </label>
              <label>
                <input type="radio" name="kind" value="amount" defaultChecked={rv.kind === 'amount'} /> A custom amount
              </label>
            </fieldset>
            {order.items.map((i) => (
              <div className="form-field" key={i.id}>
                <label htmlFor={`qty-${i.id}`}>
                  {i.productTitle} — {i.variantTitle}: how many to refund (of {i.quantity - i.refundedQuantity})
                </label>
                <input id={`qty-${i.id}`} name={`qty-${i.id}`} type="number" min={0} max={i.quantity} inputMode="numeric" defaultValue={rv[`qty-${i.id}`] ?? ''} aria-invalid={refundError(`qty-${i.id}`) ? true : undefined} />
                {refundError(`qty-${i.id}`) ? <p className="field-error">{refundError(`qty-${i.id}`)}</p> : null}
              </div>
            ))}
            {order.shipping > 0 ? (
              <label>
                <input type="checkbox" name="shipping" defaultChecked={rv.shipping === 'on'} /> Refund shipping (<Price amount={order.shipping} currency={order.currency} />)
                {refundError('shipping') ? <span className="field-error"> {refundError('shipping')}</span> : null}
              </label>
            ) : null}
            <div className="form-field">
              <label htmlFor="amount">Custom amount</label>
              <input id="amount" name="amount" inputMode="decimal" placeholder="12.50" defaultValue={rv.amount ?? ''} aria-invalid={refundError('amount') ? true : undefined} />
              {refundError('amount') ? <p className="field-error">{refundError('amount')}</p> : null}
            </div>
            <div className="form-field">
              <label htmlFor="reason">Reason (the customer sees it)</label>
              <input id="reason" name="reason" maxLength={500} defaultValue={rv.reason ?? ''} aria-invalid={refundError('reason') ? true : undefined} />
              {refundError('reason') ? <p className="field-error">{refundError('reason')}</p> : null}
            </div>
            {refundError('form') ? (
              <p className="field-error" role="alert">
                {refundError('form')}
              </p>
            ) : null}
            <SubmitButton variant="secondary" busyText="Refunding…">
              Refund
            </SubmitButton>
          </Form>
        ) : null}
        {(result?.intent === 'refund' || result?.intent === 'restart-refund') && result.ok ? (
          <p role="status" className="alert alert-success">
            {result.message}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="shipping-h" className="stack">
        <h2 id="shipping-h">Shipping</h2>
        {order.fulfilmentType === 'digital' ? <p className="muted">Digital files only: nothing to ship.</p> : null}
        {order.shippedAt ? (
          <p>
            Shipped {dateTime(order.shippedAt)} UTC with {order.carrier}, tracking{' '}
            {order.trackingUrl ? (
              <a href={order.trackingUrl} target="_blank" rel="noreferrer">
                {order.trackingNumber}
              </a>
            ) : (
              order.trackingNumber
            )}
            {order.deliveredAt ? ` · delivered ${dateTime(order.deliveredAt)} UTC` : ''}
          </p>
        ) : null}
        {order.shippedAt && !order.deliveredAt ? (
          <Form method="post">
            <input type="hidden" name="intent" value="delivered" />
            <SubmitButton variant="secondary" busyText="Saving…">
              Mark delivered
            </SubmitButton>
          </Form>
        ) : null}
        {order.canShip ? (
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="ship" />
            <div className="form-row">
              <div className="form-field">
                <label htmlFor="carrier">Carrier</label>
                <input id="carrier" name="carrier" maxLength={80} required defaultValue={result?.intent === 'ship' && !result.ok ? result.values?.carrier : ''} />
              </div>
              <div className="form-field">
                <label htmlFor="trackingNumber">Tracking number</label>
                <input id="trackingNumber" name="trackingNumber" maxLength={80} required defaultValue={result?.intent === 'ship' && !result.ok ? result.values?.trackingNumber : ''} />
              </div>
            </div>
            <div className="form-field">
              <label htmlFor="trackingUrl">Tracking link (optional)</label>
              <input id="trackingUrl" name="trackingUrl" type="url" maxLength={500} placeholder="https://" defaultValue={result?.intent === 'ship' && !result.ok ? result.values?.trackingUrl : ''} />
            </div>
            {result?.intent === 'ship' && !result.ok ? (
              <p className="field-error" role="alert">
                {result.message}
              </p>
            ) : null}
            <SubmitButton busyText="Marking shipped…">Mark shipped</SubmitButton>
          </Form>
        ) : null}
        {(result?.intent === 'ship' || result?.intent === 'delivered') && result.ok ? (
          <p role="status" className="alert alert-success">
            {result.message}
          </p>
        ) : null}
        {result?.intent === 'delivered' && !result.ok ? (
          <p role="alert" className="alert alert-error">
            {result.message}
          </p>
        ) : null}
      </section>

      {resend.options.length ? (
        <section aria-labelledby="resend-h" className="stack">
          <h2 id="resend-h">Resend an email</h2>
          <Form method="post" className="cluster">
            <input type="hidden" name="intent" value="resend" />
            <input type="hidden" name="key" value={resend.key} />
            <div className="form-field">
              <label htmlFor="resend-email">Email</label>
              <select id="resend-email" name="email" aria-describedby={result?.intent === 'resend' ? 'resend-result' : undefined}>
                {resend.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            <SubmitButton variant="secondary" busyText="Queuing…">
              Resend
            </SubmitButton>
          </Form>
          {result?.intent === 'resend' ? (
            <p id="resend-result" role={result.ok ? 'status' : 'alert'} className={`alert ${result.ok ? 'alert-success' : 'alert-error'}`}>
              {result.message}
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="notes-h" className="stack">
        <h2 id="notes-h">Notes ({notes.length})</h2>
        <Form method="post" className="stack" key={result?.intent === 'note' && result.ok ? `sent-${notes.length}` : 'note'}>
          <input type="hidden" name="intent" value="note" />
          <input type="hidden" name="key" value={`${notes.length}-${order.events.length}`} />
          <div className="form-field">
            <label htmlFor="note">Add a note</label>
            <textarea
              id="note"
              name="note"
              rows={3}
              maxLength={2000}
              defaultValue={result?.intent === 'note' && !result.ok ? result.value : ''}
              aria-invalid={result?.field === 'note' || undefined}
              aria-describedby={result?.field === 'note' ? 'note-error' : undefined}
            />
            {result?.field === 'note' ? (
              <p id="note-error" className="field-error">
                {result.message}
              </p>
            ) : null}
          </div>
          <SubmitButton busyText="Saving…" variant="secondary">
            Add note
          </SubmitButton>
          {result?.intent === 'note' && result.ok ? (
            <p role="status" className="alert alert-success">
              {result.message}
            </p>
          ) : null}
        </Form>
      </section>
    </div>
  );
}
