import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData, useLocation, useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { OrderNotFound } from '#app/components/order-not-found.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { normalizeOrderNumber } from '#core/order-number.ts';
import { db } from '#server/db.server.ts';
import { findOrderWithItems } from '#server/orders/find-order.server.ts';
import { orderViewer } from '#app/utils/order-viewer.server.ts';
import { useRevalidateEvery } from '#app/utils/use-revalidate-every.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const orderNumber = normalizeOrderNumber(url.searchParams.get('order') ?? '');
  const order = await findOrderWithItems(orderNumber);
  // Only the buyer (an access link, their account, the cart that made it) sees the order; to anyone else an order
  // that exists and one that does not look the same.
  if (!order || !(await orderViewer(await db(), request, order, url.searchParams.get('access')))) {
    throw new Response('Order not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  }
  return json(
    {
      orderNumber: order.orderNumber,
      status: order.status,
      currency: order.currency,
      total: order.total,
      fulfilmentType: order.fulfilmentType,
      items: order.items
        .getItems()
        .map((i) => ({ id: i.id, title: i.productTitle, variant: i.variantTitle, quantity: i.quantity, lineTotal: i.lineTotal })),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export const meta: MetaFunction = () => [{ title: 'Thank you — Atelier' }];

const POLL_MS = 2000;

export default function CheckoutSuccess() {
  const order = useLoaderData<typeof loader>();
  // The page's own address: a refresh keeps the access link that opened it.
  const here = useLocation();
  const pending = order.status === 'pending';
  // Paid, whatever happened since (a refund, a delivery): only a pending or cancelled order was not.
  const paid = !pending && order.status !== 'cancelled';
  useRevalidateEvery(pending ? POLL_MS : null);
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
          </li>
        ))}
      </ul>
      <p>
        Total: <Price amount={order.total} currency={order.currency} />
      </p>
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
