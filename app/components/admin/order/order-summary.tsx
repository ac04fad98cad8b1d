// What the admin's order page shows of the order itself: its items (with the VAT recorded on each), amounts and
// customer.
import { Link } from '@remix-run/react';
import { OrderTotalRows } from '#app/components/order-totals.tsx';
import { Price } from '#app/components/price.tsx';
import { PrintDesign } from '#core/design/print-design.tsx';
import type { Personalisation, PrintSize } from '#core/design/themes.ts';
import type { ShippingAddress } from '#core/order-status.ts';
import { lineVatLabel, orderTotalRows, type OrderAmounts as OrderAmountsInput } from '#core/order-tax-display.ts';
import { TAX_CATEGORY_LABELS, type TaxBehavior, type TaxCategory } from '#core/tax.ts';

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
  taxCategory: TaxCategory | null;
  taxRate: number | null;
  taxAmount: number;
}

/** "Printed matter · VAT 7 %: €2.94": the line's category, and its rate and VAT once paid. */
function LineVat({ item, behavior, currency }: { item: OrderItemRow; behavior: TaxBehavior | null; currency: string }) {
  const rate = lineVatLabel(item.taxRate, behavior);
  const words = [item.taxCategory ? TAX_CATEGORY_LABELS[item.taxCategory] : null, rate].filter(Boolean).join(' · ');
  if (!words) return null;
  return (
    <p className="muted">
      {rate ? `${words}: ` : words}
      {rate ? <Price amount={item.taxAmount} currency={currency} /> : null}
    </p>
  );
}

export function OrderItems({ items, currency, taxBehavior }: { items: OrderItemRow[]; currency: string; taxBehavior: TaxBehavior | null }) {
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
              <LineVat item={i} behavior={taxBehavior} currency={currency} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface OrderAmountsProps {
  order: OrderAmountsInput & { currency: string; refunded: number };
}

export function OrderAmounts({ order }: OrderAmountsProps) {
  return (
    <section aria-labelledby="amounts-h" className="summary">
      <h2 id="amounts-h">Amounts</h2>
      <dl>
        <OrderTotalRows rows={orderTotalRows(order, { shipping: true })} currency={order.currency} />
        <dt>Refunded</dt>
        <dd>
          <Price amount={order.refunded} currency={order.currency} />
        </dd>
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
