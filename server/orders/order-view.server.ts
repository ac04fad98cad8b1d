// An order as the customer's and the admin's pages read it: amounts in minor units, dates as ISO strings, the VAT
// recorded when it was paid (core/order-tax-display.ts turns it into rows), and its invoice and credit notes.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DocumentKind } from '#core/order-tax-display.ts';
import type { Invoice } from '#db/entities/invoice.ts';
import type { Order, OrderItem } from '#db/entities/order.ts';
import { isoUtc } from '#db/sql.ts';

export function orderView(order: Order) {
  return {
    orderNumber: order.orderNumber,
    status: order.status,
    fulfilmentType: order.fulfilmentType,
    currency: order.currency,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    subtotal: order.subtotal,
    discount: order.discount,
    shipping: order.shipping,
    tax: order.tax,
    total: order.total,
    taxBehavior: order.taxBehavior,
    taxCountry: order.taxCountry,
    shippingTax: order.shippingTax,
    shippingTaxRate: order.shippingTaxRate,
    refunded: order.refunded,
    promoCode: order.promoCode,
    pointsUsed: order.pointsUsed,
    shippingAddress: order.shippingAddress,
    shippingMethod: order.shippingMethod,
  };
}

export function orderItemView(item: OrderItem) {
  return {
    id: item.id,
    productTitle: item.productTitle,
    variantTitle: item.variantTitle,
    sku: item.sku,
    format: item.format,
    printSize: item.printSize,
    quantity: item.quantity,
    refundedQuantity: item.refundedQuantity,
    unitPrice: item.unitPrice,
    lineTotal: item.lineTotal,
    personalisation: item.personalisation,
    taxCategory: item.taxCategory,
    taxRate: item.taxRate,
    taxAmount: item.taxAmount,
  };
}

export interface OrderDocumentView {
  kind: DocumentKind;
  number: string;
  issuedAt: string;
  gross: number;
  currency: string;
  /** Where its PDF opens; null until the PDF is stored. */
  href: string | null;
}

/** The order's invoice and credit notes, oldest first, each linked by `href` once its PDF is stored. */
export async function orderDocuments(em: EntityManager, orderId: number, href: (number: string) => string): Promise<OrderDocumentView[]> {
  // A plain query: every view of an order's page asks, and only reads.
  const rows = await em.execute<Array<Pick<Invoice, 'kind' | 'number' | 'gross' | 'currency' | 'pdfKey'> & { issuedAt: string }>>(
    `select kind, number, ${isoUtc('issued_at')} as "issuedAt", gross, currency, pdf_key as "pdfKey"
       from invoices where order_id = ? order by issued_at asc, id asc`,
    [orderId],
    'all',
  );
  return rows.map((d) => ({
    kind: d.kind,
    number: d.number,
    issuedAt: d.issuedAt,
    gross: d.gross,
    currency: d.currency,
    href: d.pdfKey ? href(d.number) : null,
  }));
}

/** The admin's link to a document's PDF. */
export const adminDocumentPath = (number: string) => `/admin/invoices/${encodeURIComponent(number)}.pdf`;
