// What the admin's order page shows of the order itself: its items, amounts and customer.
import { Fragment } from 'react';
import { Link } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import { PrintDesign } from '#core/design/print-design.tsx';
import type { Personalisation, PrintSize } from '#core/design/themes.ts';
import type { ShippingAddress } from '#core/order-status.ts';

export interface OrderItemRow {
  id: number;
  productTitle: string;
  variantTitle: string;
  sku: string;
  printSize: PrintSize | null;
  personalisation: Personalisation | null;
  quantity: number;
  refundedQuantity: number;
  unitPrice: number;
  lineTotal: number;
}

export function OrderItems({ items, currency }: { items: OrderItemRow[]; currency: string }) {
  return (
    <section aria-labelledby="items-h" className="stack">
      <h2 id="items-h">Items</h2>
      <ul className="cart-table">
        {items.map((i) => (
          <li key={i.id} className="cart-item">
            <div className="cart-item__thumb">
              {i.personalisation && i.printSize ? (
                <PrintDesign personalisation={i.personalisation} size={i.printSize} className="poster-thumb" />
              ) : null}
            </div>
            <div>
              <p className="cart-item__title">
                {i.productTitle} — {i.variantTitle} <span className="muted">({i.sku})</span>
              </p>
              {i.personalisation ? (
                <p className="muted">
                  “{i.personalisation.title}”{i.personalisation.subtitle ? `, ${i.personalisation.subtitle}` : ''} ·{' '}
                  {i.personalisation.place} · {i.personalisation.date} · {i.personalisation.theme}
                </p>
              ) : null}
              <p>
                {i.quantity} × <Price amount={i.unitPrice} currency={currency} /> = <Price amount={i.lineTotal} currency={currency} />
                {i.refundedQuantity > 0 ? <span className="muted"> · {i.refundedQuantity} refunded</span> : null}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface OrderAmountsProps {
  order: {
    currency: string;
    subtotal: number;
    discount: number;
    shipping: number;
    tax: number;
    total: number;
    refunded: number;
    promoCode: string | null;
    shippingMethod: string | null;
  };
}

export function OrderAmounts({ order }: OrderAmountsProps) {
  const rows: Array<[string, number]> = [
    ['Subtotal', order.subtotal],
    [`Discount${order.promoCode ? ` (${order.promoCode})` : ''}`, -order.discount],
    [`Shipping${order.shippingMethod ? ` (${order.shippingMethod})` : ''}`, order.shipping],
    ['Tax', order.tax],
    ['Total', order.total],
    ['Refunded', order.refunded],
  ];
  return (
    <section aria-labelledby="amounts-h" className="summary">
      <h2 id="amounts-h">Amounts</h2>
      <dl>
        {rows.map(([label, amount]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>
              <Price amount={amount} currency={order.currency} />
            </dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

export interface OrderCustomerProps {
  order: {
    email: string | null;
    customer: { id: number; email: string; name: string | null } | null;
    shippingAddress: ShippingAddress | null;
  };
  links: { temporal: string; paymentIntent: string | null; customer: string | null };
}

export function OrderCustomer({ order, links }: OrderCustomerProps) {
  const a = order.shippingAddress;
  return (
    <section aria-labelledby="customer-h" className="stack">
      <h2 id="customer-h">Customer</h2>
      <p>
        {order.customer ? (
          <Link to={`/admin/customers/${order.customer.id}`}>{order.customer.email}</Link>
        ) : (
          (order.email ?? 'No email yet')
        )}
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
  );
}
