// An order as the customer's and the admin's pages read it: amounts in minor units, dates as ISO strings.
import type { Order, OrderItem } from '#db/entities/order.ts';

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
    refunded: order.refunded,
    promoCode: order.promoCode,
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
  };
}
