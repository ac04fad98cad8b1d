// /admin/orders/:orderNumber: one order with a form per thing an admin does to it. Each form's button
// sends its intent; the action hands it to that form's action (order-actions.server.ts), and each form
// (app/components/admin/order/) shows only its own answer.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { DoneMessage } from '#app/components/admin/form-parts.tsx';
import { RegenerateLinksForm, RerenderForm } from '#app/components/admin/order/files-forms.tsx';
import { InvoiceCorrectionForm } from '#app/components/admin/order/invoice-correction-form.tsx';
import { NoteForm } from '#app/components/admin/order/note-form.tsx';
import { OrderAmounts, OrderCustomer, OrderItems } from '#app/components/admin/order/order-summary.tsx';
import { ORDER_INTENTS } from '#app/components/admin/order/order-intents.ts';
import { PrintRefundNotice } from '#app/components/admin/order/print-forms.tsx';
import { PrintSection } from '#app/components/admin/order/print-section.tsx';
import { RefundForm, RestartRefundForm } from '#app/components/admin/order/refund-forms.tsx';
import { ResendEmailForm } from '#app/components/admin/order/resend-email-form.tsx';
import { MarkDeliveredForm, ShipForm } from '#app/components/admin/order/shipping-forms.tsx';
import { DownloadsList } from '#app/components/downloads-list.tsx';
import { OrderDocuments } from '#app/components/order-documents.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { unknownIntent } from '#app/utils/form-answer.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { useRevalidateEvery } from '#app/utils/use-revalidate-every.ts';
import { isLiveOrderStatus } from '#core/order-display.ts';
import { expectsInvoice, orderVat } from '#core/order-tax-display.ts';
import {
  addNoteAction,
  cancelPrintsAction,
  correctInvoiceAction,
  markDeliveredAction,
  refundAction,
  regenerateLinksAction,
  rerenderAction,
  resendEmailAction,
  restartRefundAction,
  resubmitPrintsAction,
  shipAction,
} from './order-actions.server.ts';
import { loadOrderPage } from './order-page.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.orderNumber ?? 'Order'} — Admin — Atelier` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json(await loadOrderPage(params.orderNumber));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const args = { admin, form, orderNumber: params.orderNumber ?? '' };
  const intent = form.get('intent');
  switch (intent) {
    case ORDER_INTENTS.note:
      return addNoteAction(args);
    case ORDER_INTENTS.refund:
      return refundAction(args);
    case ORDER_INTENTS.restartRefund:
      return restartRefundAction(args);
    case ORDER_INTENTS.ship:
      return shipAction(args);
    case ORDER_INTENTS.delivered:
      return markDeliveredAction(args);
    case ORDER_INTENTS.resend:
      return resendEmailAction(args);
    case ORDER_INTENTS.rerender:
      return rerenderAction(args);
    case ORDER_INTENTS.regenerateLinks:
      return regenerateLinksAction(args);
    case ORDER_INTENTS.correctInvoice:
      return correctInvoiceAction(args);
    case ORDER_INTENTS.resubmitPrints:
      return resubmitPrintsAction(args);
    case ORDER_INTENTS.cancelPrints:
      return cancelPrintsAction(args);
    default:
      throw unknownIntent(intent);
  }
}

const dateTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export default function AdminOrder() {
  const { order, links, resend, refunds, documents, correctable, downloads, digitalItems, canRerender, print } =
    useLoaderData<typeof loader>();
  useRevalidateEvery(downloads.inProgress ? 2_000 : null);
  const notes = order.events.filter((e) => e.type === 'note');
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

      <OrderItems items={order.items} currency={order.currency} taxBehavior={orderVat(order)?.behavior ?? null} />

      {digitalItems.length ? (
        <section aria-labelledby="files-h" className="stack">
          <h2 id="files-h">Files</h2>
          {downloads.files.length ? (
            <DownloadsList summary={downloads} admin />
          ) : (
            <p className="muted">No files yet: the render starts when the order is paid.</p>
          )}
          <p>
            <a href={links.render} target="_blank" rel="noreferrer noopener">
              Render workflow in Temporal
            </a>
          </p>
          {canRerender ? (
            <div className="cluster">
              <RerenderForm items={digitalItems} />
              {downloads.files.length ? <RegenerateLinksForm /> : null}
            </div>
          ) : null}
          <DoneMessage intents={[ORDER_INTENTS.rerender, ORDER_INTENTS.regenerateLinks]} />
        </section>
      ) : null}

      <OrderAmounts order={order} />
      <OrderDocuments documents={documents} expected={expectsInvoice(order)} />
      <InvoiceCorrectionForm invoice={correctable} />
      <OrderCustomer order={order} links={links} />

      <section aria-labelledby="timeline-h" className="stack">
        <h2 id="timeline-h">Timeline</h2>
        <ol className="timeline">
          {order.events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{dateTime(e.at)}</time> {e.type === 'note' ? <strong>Note{e.by ? ` by ${e.by}` : ''}:</strong> : null}{' '}
              {e.message}
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
                {r.stale ? <RestartRefundForm refundId={r.id} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No refunds.</p>
        )}
        {isLiveOrderStatus(order.status) ? <PrintRefundNotice status={print?.attempts[0]?.status ?? null} /> : null}
        {isLiveOrderStatus(order.status) ? <RefundForm items={order.items} shipping={order.shipping} currency={order.currency} /> : null}
        <DoneMessage intents={[ORDER_INTENTS.refund, ORDER_INTENTS.restartRefund]} />
      </section>

      {print ? <PrintSection print={print} events={order.events} /> : null}

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
        {print && !order.byHand && isLiveOrderStatus(order.status) && !order.shippedAt ? (
          <p className="muted">The print provider ships this order: its tracking shows here when it does.</p>
        ) : null}
        {order.byHand && order.shippedAt && !order.deliveredAt ? <MarkDeliveredForm /> : null}
        {order.canShip ? <ShipForm /> : null}
        <DoneMessage intents={[ORDER_INTENTS.ship, ORDER_INTENTS.delivered]} />
      </section>

      {resend.options.length ? (
        <section aria-labelledby="resend-h" className="stack">
          <h2 id="resend-h">Resend an email</h2>
          <ResendEmailForm options={resend.options} emailKey={resend.key} />
        </section>
      ) : null}

      <section aria-labelledby="notes-h" className="stack">
        <h2 id="notes-h">Notes ({notes.length})</h2>
        <NoteForm noteKey={`${notes.length}-${order.events.length}`} />
      </section>
    </div>
  );
}
