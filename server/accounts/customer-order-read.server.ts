// The customer's order page's read of one order: the order, its lines (a line without a design of its own, a plain good,
// with its product's illustration as `art`) and its history, in one plain query. The page only reads, so no entities are built or
// tracked; the fields are those orderView and orderItemView give (server/orders/order-view.server.ts), in their order.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TimelineEvent } from '#core/order-display.ts';
import type { Product } from '#db/entities/product.ts';
import { isoUtc } from '#db/sql.ts';
import type { orderItemView, orderView } from '#server/orders/order-view.server.ts';
import type { CustomerRef } from './account.server.ts';

type OrderView = ReturnType<typeof orderView>;
type OrderItemView = ReturnType<typeof orderItemView>;

export interface CustomerOrderRead {
  id: number;
  order: OrderView;
  /** What trackingOf reads. */
  trackingFields: { carrier: string | null; trackingNumber: string | null; trackingUrl: string | null };
  items: Array<OrderItemView & { art: Product['art'] }>;
  events: TimelineEvent[];
}

type Row = OrderView & {
  id: number;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  items: Array<OrderItemView & { art: Product['art'] }>;
  events: TimelineEvent[];
};

const ORDER_QUERY = `
  select o.id, o.order_number as "orderNumber", o.status, o.fulfilment_type as "fulfilmentType", o.currency,
         ${isoUtc('o.created_at')} as "createdAt", ${isoUtc('o.paid_at')} as "paidAt",
         o.subtotal, o.discount, o.shipping, o.tax, o.total, o.tax_behavior as "taxBehavior", o.tax_country as "taxCountry",
         o.shipping_tax as "shippingTax", o.shipping_tax_rate as "shippingTaxRate", o.refunded, o.promo_code as "promoCode",
         o.points_used as "pointsUsed", o.shipping_address as "shippingAddress", o.shipping_method as "shippingMethod",
         o.carrier, o.tracking_number as "trackingNumber", o.tracking_url as "trackingUrl",
         coalesce((
           select json_agg(json_build_object(
                    'id', i.id, 'productTitle', i.product_title, 'variantTitle', i.variant_title, 'sku', i.sku,
                    'format', i.format, 'printSize', i.print_size, 'quantity', i.quantity,
                    'refundedQuantity', i.refunded_quantity, 'unitPrice', i.unit_price, 'lineTotal', i.line_total,
                    'personalisation', i.personalisation, 'taxCategory', i.tax_category, 'taxRate', i.tax_rate,
                    'taxAmount', i.tax_amount,
                    'art', case when coalesce(jsonb_typeof(i.personalisation), 'null') = 'null' then
                             (select p.art from product_variants v join products p on p.id = v.product_id where v.id = i.variant_id)
                           end
                  ) order by i.id)
             from order_items i where i.order_id = o.id), '[]') as items,
         coalesce((
           select json_agg(json_build_object('id', e.id, 'type', e.type, 'message', e.message, 'at', ${isoUtc('e.created_at')}) order by e.id)
             from order_events e where e.order_id = o.id), '[]') as events
    from orders o
   where o.order_number = ? and (o.customer_id = ? or o.email = ?)
   limit 1`;

/** The order `orderNumber` when it is this customer's (their account's, or paid with their address), else null. */
export async function readCustomerOrder(em: EntityManager, user: CustomerRef, orderNumber: string): Promise<CustomerOrderRead | null> {
  const [row] = await em.getConnection().execute<Row[]>(ORDER_QUERY, [orderNumber, user.id, user.email]);
  if (!row) return null;
  return {
    id: row.id,
    order: {
      orderNumber: row.orderNumber,
      status: row.status,
      fulfilmentType: row.fulfilmentType,
      currency: row.currency,
      createdAt: row.createdAt,
      paidAt: row.paidAt,
      subtotal: row.subtotal,
      discount: row.discount,
      shipping: row.shipping,
      tax: row.tax,
      total: row.total,
      taxBehavior: row.taxBehavior,
      taxCountry: row.taxCountry,
      shippingTax: row.shippingTax,
      shippingTaxRate: row.shippingTaxRate,
      refunded: row.refunded,
      promoCode: row.promoCode,
      pointsUsed: row.pointsUsed,
      shippingAddress: row.shippingAddress,
      shippingMethod: row.shippingMethod,
    },
    trackingFields: { carrier: row.carrier, trackingNumber: row.trackingNumber, trackingUrl: row.trackingUrl },
    items: row.items.map((i) => ({
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
      taxCategory: i.taxCategory,
      taxRate: i.taxRate,
      taxAmount: i.taxAmount,
      art: i.art,
    })),
    events: row.events,
  };
}
