import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { DownloadsList } from '#app/components/downloads-list.tsx';
import { OrderDocuments } from '#app/components/order-documents.tsx';
import { OrderNotFound } from '#app/components/order-not-found.tsx';
import { OrderTotalRows } from '#app/components/order-totals.tsx';
import { PersonalisationSummary } from '#app/components/personalisation-summary.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { loadCustomerOrder } from '#server/accounts/account.server.ts';
import { db } from '#server/db.server.ts';
import { addressLines, formatOrderDate, formatOrderDateTime, isLiveOrderStatus, pollIntervalMs } from '#core/order-display.ts';
import { expectsInvoice, lineVatLabel, orderTotalRows, orderVat } from '#core/order-tax-display.ts';
import type { TaxBehavior } from '#core/tax.ts';
import { requireUser } from '#app/utils/session.server.ts';
import { useRevalidateEvery } from '#app/utils/use-revalidate-every.ts';
import { PrintDesign } from '#core/design/print-design.tsx';
import { ProductArt } from '#core/design/product-art.tsx';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const order = await loadCustomerOrder(await db(), user, params.orderNumber);
  return json({ order }, { headers: { 'Cache-Control': 'private, no-store' } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.order.orderNumber ? `Order ${data.order.orderNumber}` : 'Order'} — Atelier` },
];

type OrderView = ReturnType<typeof useLoaderData<typeof loader>>['order'];
type ItemView = OrderView['items'][number];

function statusNote(order: OrderView): string | null {
  switch (order.status) {
    case 'pending':
      return 'We are waiting for the payment to be confirmed.';
    case 'paid':
      if (order.fulfilmentType === 'digital')
        return order.downloads.ready > 0 && !order.downloads.inProgress
          ? 'Paid. Your print-ready files are below.'
          : 'Paid. Your print-ready files are being made.';
      if (order.fulfilmentType === 'physical') return 'Paid. We are making your order and will email you when it ships.';
      return 'Paid. Your files are being made, and we will email you when the parcel ships.';
    case 'cancelled':
      return 'This order was cancelled. Nothing was charged for it.';
    case 'refunded':
      return 'This order was refunded.';
    case 'partially_refunded':
      return 'Part of this order was refunded.';
    case 'fulfilled':
      return 'This order is complete.';
    default:
      return null;
  }
}

function Thumbnail({ item }: { item: ItemView }) {
  if (item.personalisation && item.printSize) {
    return <PrintDesign personalisation={item.personalisation} size={item.printSize} className="poster-thumb" />;
  }
  if (item.art) return <ProductArt kind={item.art} className="poster-thumb" />;
  return null;
}

function Item({ item, currency, taxBehavior }: { item: ItemView; currency: string; taxBehavior: TaxBehavior | null }) {
  const p = item.personalisation;
  const vat = lineVatLabel(item.taxRate, taxBehavior);
  return (
    <li className="cart-item order-item">
      <div className="cart-item__thumb">
        <Thumbnail item={item} />
      </div>
      <div>
        <h3 className="cart-item__title">{item.productTitle}</h3>
        <p className="muted">{item.variantTitle}</p>
        {p ? <PersonalisationSummary personalisation={p} withTheme /> : null}
        {item.refundedQuantity > 0 ? <p className="muted">{item.refundedQuantity} refunded</p> : null}
      </div>
      <p className="order-item__qty">
        {item.quantity} × <Price amount={item.unitPrice} currency={currency} />
        {vat ? <span className="muted"> · {vat}</span> : null}
      </p>
      <p className="cart-item__total">
        <Price amount={item.lineTotal} currency={currency} />
      </p>
    </li>
  );
}

export default function AccountOrder() {
  const { order } = useLoaderData<typeof loader>();
  const digital = order.items.filter((i) => i.format !== 'physical');
  const physical = order.items.some((i) => i.format !== 'digital');
  // Files being made: look again every 2 seconds, so the progress bar moves; nothing left to wait for: no polling.
  const interval = pollIntervalMs(order.status, {
    physical,
    files: { total: order.downloads.files.length, inProgress: order.downloads.inProgress },
  });
  useRevalidateEvery(interval);
  // Only a page running JavaScript polls; without it the Refresh link is the way to look again.
  const [polling, setPolling] = useState(false);
  useEffect(() => setPolling(true), []);
  const address = addressLines(order.shippingAddress);
  // Files and parcels are for orders that went ahead (a full refund revokes them).
  const live = isLiveOrderStatus(order.status);
  const note = statusNote(order);
  const here = `/account/orders/${order.orderNumber}`;
  // Rates per line only on an order that carried VAT.
  const vatBehavior = orderVat(order)?.behavior ?? null;

  return (
    <div className="stack">
      <p>
        <Link to="/account/orders">← Your orders</Link>
      </p>
      <h1>Order {order.orderNumber}</h1>
      <div className="stack order-status" aria-live="polite">
        <p className="cluster">
          <span data-testid="order-status">
            <StatusBadge status={order.status} />
          </span>
          <span className="muted">
            Placed <time dateTime={order.createdAt}>{formatOrderDate(order.createdAt)}</time>
            {order.paidAt ? (
              <>
                {' '}
                · paid <time dateTime={order.paidAt}>{formatOrderDate(order.paidAt)}</time>
              </>
            ) : null}
          </span>
        </p>
        {note ? <p>{note}</p> : null}
      </div>
      {interval != null ? (
        <p className="muted">
          {polling ? 'This page updates by itself.' : 'Refresh the page to see the latest status.'} <a href={here}>Refresh</a>
        </p>
      ) : null}

      <section aria-labelledby="items-h" className="stack">
        <h2 id="items-h">Items</h2>
        <ul className="cart-table">
          {order.items.map((i) => (
            <Item key={i.id} item={i} currency={order.currency} taxBehavior={vatBehavior} />
          ))}
        </ul>
      </section>

      {digital.length > 0 && live ? (
        <section aria-labelledby="downloads-h" className="stack">
          <h2 id="downloads-h">Downloads</h2>
          {order.downloads.files.length ? (
            <DownloadsList summary={order.downloads} />
          ) : (
            <p>
              Your print-ready files ({digital.map((i) => i.productTitle).join(', ')}) will appear here when they are ready. We will also
              email you then.
            </p>
          )}
        </section>
      ) : null}

      {physical && live ? (
        <section aria-labelledby="delivery-h" className="stack">
          <h2 id="delivery-h">Delivery</h2>
          {order.tracking ? (
            <p>
              Shipped{order.tracking.carrier ? ` with ${order.tracking.carrier}` : ''}. Tracking number{' '}
              <strong>{order.tracking.number}</strong>
              {order.tracking.url ? (
                <>
                  {' '}
                  —{' '}
                  <a href={order.tracking.url} rel="noreferrer noopener" target="_blank">
                    track your parcel
                  </a>
                </>
              ) : null}
              .
            </p>
          ) : (
            <p>We will add the tracking details here, and email them to you, once your parcel ships.</p>
          )}
        </section>
      ) : null}

      <section className="summary" aria-labelledby="amounts-h">
        <h2 id="amounts-h">Order summary</h2>
        <dl>
          <OrderTotalRows rows={orderTotalRows(order, { shipping: physical })} currency={order.currency} freeShipping />
          {order.refunded > 0 ? (
            <>
              <dt>Refunded</dt>
              <dd>
                <Price amount={-order.refunded} currency={order.currency} />
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <OrderDocuments documents={order.documents} expected={expectsInvoice(order)} />

      {address.length ? (
        <section aria-labelledby="address-h" className="stack">
          <h2 id="address-h">Shipping address</h2>
          <address>
            {address.map((line, i) => (
              <span key={i}>
                {line}
                <br />
              </span>
            ))}
          </address>
        </section>
      ) : null}

      <section aria-labelledby="timeline-h" className="stack">
        <h2 id="timeline-h">History</h2>
        {order.timeline.length ? (
          <ol className="timeline">
            {order.timeline.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{formatOrderDateTime(e.at)}</time> {e.message}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">Nothing has happened to this order yet.</p>
        )}
      </section>
    </div>
  );
}

// Unknown and someone else's orders look the same: not found.
export function ErrorBoundary() {
  return (
    <OrderNotFound
      message="We could not find that order in your account. Check the order number, or sign in with the email address you ordered with."
      links={[
        { to: '/account/orders', label: 'Your orders' },
        { to: '/orders/lookup', label: 'Find a guest order' },
      ]}
    />
  );
}
