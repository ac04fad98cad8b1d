import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData, useLocation, useRevalidator } from '@remix-run/react';
import { Fragment, useEffect, useRef } from 'react';
import { OrderDocuments } from '#app/components/order-documents.tsx';
import { OrderNotFound } from '#app/components/order-not-found.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { normalizeOrderNumber } from '#core/order-number.ts';
import { expectsInvoice, lineVatLabel, orderTotalRows, orderVat } from '#core/order-tax-display.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { invoicePath } from '#server/invoices/invoice-links.server.ts';
import { findOrderWithItems } from '#server/orders/find-order.server.ts';
import { orderDocuments, orderView } from '#server/orders/order-view.server.ts';
import { orderViewer } from '#app/utils/order-viewer.server.ts';
import { useRevalidateEvery } from '#app/utils/use-revalidate-every.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const orderNumber = normalizeOrderNumber(url.searchParams.get('order') ?? '');
  const order = await findOrderWithItems(orderNumber);
  const em = await db();
  // Only the buyer (an access link, their account, the cart that made it) sees the order; to anyone else an order
  // that exists and one that does not look the same.
  if (!order || !(await orderViewer(em, request, order, url.searchParams.get('access')))) {
    throw new Response('Order not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  }
  const view = orderView(order);
  const amounts = { ...view, items: order.items.getItems() };
  const vatBehavior = orderVat(amounts)?.behavior ?? null;
  return json(
    {
      orderNumber: order.orderNumber,
      status: order.status,
      currency: order.currency,
      fulfilmentType: order.fulfilmentType,
      paidAt: view.paidAt,
      items: order.items.getItems().map((i) => ({
        id: i.id,
        title: i.productTitle,
        variant: i.variantTitle,
        quantity: i.quantity,
        lineTotal: i.lineTotal,
        vat: lineVatLabel(i.taxRate, vatBehavior),
      })),
      totals: orderTotalRows(amounts, { shipping: order.fulfilmentType !== 'digital', legacyTax: 'nonzero' }),
      invoiceExpected: expectsInvoice(order),
      documents: await orderDocuments(em, order.id, (n) => invoicePath(n, getEnv().SESSION_SECRET)),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export const meta: MetaFunction = () => [{ title: 'Thank you — Atelier' }];

const POLL_MS = 2000;
/** While the invoice of a paid order is being made and stored (seconds after the payment; not for ever). */
const INVOICE_POLL_MS = 4000;
const INVOICE_WAIT_MS = 5 * 60_000;

export default function CheckoutSuccess() {
  const order = useLoaderData<typeof loader>();
  // The page's own address: a refresh keeps the access link that opened it.
  const here = useLocation();
  const pending = order.status === 'pending';
  // Paid, whatever happened since (a refund, a delivery): only a pending or cancelled order was not.
  const paid = !pending && order.status !== 'cancelled';
  const invoicePending =
    paid &&
    order.invoiceExpected &&
    !order.documents.some((d) => d.kind === 'invoice' && d.href) &&
    Date.now() - Date.parse(order.paidAt ?? '') < INVOICE_WAIT_MS;
  useRevalidateEvery(pending ? POLL_MS : invoicePending ? INVOICE_POLL_MS : null);
  // Root and route loaders run side by side: the one that saw "paid" may have run just after the one
  // that counted the cart. Once the order is settled, look once more so the header's count is right.
  const revalidator = useRevalidator();
  const settledOnce = useRef(false);
  useEffect(() => {
    if (pending || settledOnce.current) return;
    settledOnce.current = true;
    revalidator.revalidate();
  }, [pending, revalidator]);

  return (
    <div className="stack">
      <h1>{paid ? 'Thank you for your order' : pending ? 'Confirming your payment…' : 'Order not completed'}</h1>
      <p>
        Order <strong data-testid="order-number">{order.orderNumber}</strong>{' '}
        <span aria-live="polite" data-testid="order-status">
          <StatusBadge status={order.status} />
        </span>
      </p>
      {pending ? (
        <p className="muted">
          We are waiting for the payment provider to confirm your payment. This page updates by itself.{' '}
          <a href={`${here.pathname}${here.search}`}>Refresh</a>
        </p>
      ) : null}
      {paid ? (
        <p>
          A confirmation email is on its way.{' '}
          {order.fulfilmentType !== 'physical' ? 'We will email you when your files are ready.' : 'We will email you when it ships.'}
        </p>
      ) : null}
      {order.status === 'cancelled' ? <p>Nothing was charged. Your cart is still saved.</p> : null}
      <ul className="stack">
        {order.items.map((i) => (
          <li key={i.id}>
            {i.quantity} × {i.title} — {i.variant} <Price amount={i.lineTotal} currency={order.currency} />
            {i.vat ? <span className="muted"> · {i.vat}</span> : null}
          </li>
        ))}
      </ul>
      <p data-testid="order-totals">
        {order.totals.map((row, n) => (
          <Fragment key={`${row.key}-${n}`}>
            {n > 0 ? <br /> : null}
            {row.key === 'total' ? <strong>{`${row.label}:`}</strong> : `${row.label}:`}{' '}
            <Price amount={row.amount} currency={order.currency} />
          </Fragment>
        ))}
      </p>
      {paid ? <OrderDocuments documents={order.documents} expected={order.invoiceExpected} /> : null}
      <p>
        <Link to="/">Continue shopping</Link>
      </p>
    </div>
  );
}

// An unknown order and someone else's look the same: nothing about the order, and the ways a buyer gets back to it.
export function ErrorBoundary() {
  return (
    <OrderNotFound
      message="We cannot show this order here. The link may have expired or be incomplete. Sign in with the email address you ordered with to see your orders, or look up a guest order."
      links={[
        { to: '/login?redirectTo=%2Faccount%2Forders', label: 'Sign in' },
        { to: '/orders/lookup', label: 'Find a guest order' },
      ]}
    />
  );
}
