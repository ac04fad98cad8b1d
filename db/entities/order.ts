import { Collection, EntitySchema, type Opt } from '@mikro-orm/core';
import type { Personalisation, PrintSize } from '#core/design/themes.ts';
import type { Currency } from '#core/money.ts';
import type { FulfilmentType, VariantFormat } from '#core/pricing.ts';
import { ORDER_STATUSES, type OrderStatus, type ShippingAddress } from '#core/order-status.ts';
import { ORDER_STOCK_STATES, type OrderStockState } from '#core/stock.ts';
import type { TaxBehavior, TaxCategory } from '#core/tax.ts';
import { FULFILMENTS, type Fulfilment } from '#core/print-provider.ts';
import { BaseEntity, BaseEntitySchema } from './base';
import { User } from './user';

export { ORDER_STATUSES, type OrderStatus, type ShippingAddress };

export class Order extends BaseEntity {
  orderNumber: string;
  status: OrderStatus & Opt = 'pending';
  fulfilmentType: FulfilmentType;
  currency: Currency;
  customer: User | null = null;
  email: string | null = null;
  /** The cart this order was checked out from (its id; carts are never deleted while orders point at them). */
  cartId: number | null = null;
  subtotal: number & Opt = 0;
  discount: number & Opt = 0;
  /** Loyalty points the order spends (reserved at checkout), and the part of `discount` they pay, minor units. */
  pointsUsed: number & Opt = 0;
  pointsDiscount: number & Opt = 0;
  shipping: number & Opt = 0;
  /** VAT in the total (Stripe Tax's or the local calculator's figure), and how it was worked out. */
  tax: number & Opt = 0;
  total: number & Opt = 0;
  taxBehavior: TaxBehavior | null = null;
  /** The country whose rates applied (the shipping address, or the billing country for files only). */
  taxCountry: string | null = null;
  shippingTax: number & Opt = 0;
  shippingTaxRate: number | null = null;
  refunded: number & Opt = 0;
  promoCode: string | null = null;
  stripeCheckoutSessionId: string | null = null;
  stripePaymentIntentId: string | null = null;
  stripeCustomerId: string | null = null;
  checkoutUrl: string | null = null;
  checkoutExpiresAt: Date | null = null;
  shippingAddress: ShippingAddress | null = null;
  shippingMethod: string | null = null;
  paidAt: Date | null = null;
  cancelledAt: Date | null = null;
  cancelReason: string | null = null;
  /** Fulfillment: set by the fulfillment workflow when the admin marks the parcel shipped / delivered. */
  carrier: string | null = null;
  trackingNumber: string | null = null;
  trackingUrl: string | null = null;
  shippedAt: Date | null = null;
  deliveredAt: Date | null = null;
  /** Its hold on tracked stock: null when it holds none (nothing tracked, or made before stock was kept). */
  stockState: OrderStockState | null = null;
  items = new Collection<OrderItem>(this);
  events = new Collection<OrderEvent>(this);

  constructor(props: { orderNumber: string; fulfilmentType: FulfilmentType; currency: Currency }) {
    super();
    this.orderNumber = props.orderNumber;
    this.fulfilmentType = props.fulfilmentType;
    this.currency = props.currency;
  }
}

export class OrderItem extends BaseEntity {
  order: Order;
  variantId: number | null = null;
  sku: string;
  productTitle: string;
  variantTitle: string;
  format: VariantFormat;
  printSize: PrintSize | null = null;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  personalisation: Personalisation | null = null;
  refundedQuantity: number & Opt = 0;
  /** The variant's tax category when ordered; the rate (basis points), discount share, VAT and net once paid. */
  taxCategory: TaxCategory | null = null;
  /** Print credits that paid for the line (its price is then 0), and those a credit pack line grants. */
  creditsUsed: number & Opt = 0;
  grantsCredits: number | null = null;
  /** What ships: by hand or by the print provider (the variant's when ordered; null for files and older orders: by hand). */
  fulfilment: Fulfilment | null = null;
  providerProductId: string | null = null;
  taxRate: number | null = null;
  discountAmount: number & Opt = 0;
  taxAmount: number & Opt = 0;
  netAmount: number | null = null;

  constructor(props: {
    order: Order;
    sku: string;
    productTitle: string;
    variantTitle: string;
    format: VariantFormat;
    unitPrice: number;
    quantity: number;
  }) {
    super();
    this.order = props.order;
    this.sku = props.sku;
    this.productTitle = props.productTitle;
    this.variantTitle = props.variantTitle;
    this.format = props.format;
    this.unitPrice = props.unitPrice;
    this.quantity = props.quantity;
    this.lineTotal = props.unitPrice * props.quantity;
  }
}

/** Append-only timeline of what happened to an order. */
export class OrderEvent extends BaseEntity {
  order: Order;
  type: string;
  message: string;
  data: Record<string, unknown> | null = null;
  /** Makes writing the same event twice (an activity retried) a no-op. */
  dedupeKey: string | null = null;

  constructor(order: Order, type: string, message: string) {
    super();
    this.order = order;
    this.type = type;
    this.message = message;
  }
}

export const OrderSchema = new EntitySchema<Order, BaseEntity>({
  class: Order,
  extends: BaseEntitySchema,
  tableName: 'orders',
  indexes: [{ properties: ['status', 'createdAt'] }, { properties: ['email'] }, { properties: ['cartId'] }],
  properties: {
    orderNumber: { type: 'string', length: 32, unique: true },
    status: { enum: true, items: () => [...ORDER_STATUSES], default: 'pending' },
    fulfilmentType: { enum: true, items: () => ['digital', 'physical', 'mixed'] },
    currency: { type: 'string', length: 3 },
    customer: { kind: 'm:1', entity: () => User, nullable: true, deleteRule: 'set null', index: true },
    email: { type: 'string', length: 254, nullable: true },
    cartId: { type: 'integer', nullable: true },
    subtotal: { type: 'integer', default: 0 },
    discount: { type: 'integer', default: 0 },
    pointsUsed: { type: 'integer', default: 0 },
    pointsDiscount: { type: 'integer', default: 0 },
    shipping: { type: 'integer', default: 0 },
    tax: { type: 'integer', default: 0 },
    total: { type: 'integer', default: 0 },
    taxBehavior: { type: 'string', length: 10, nullable: true },
    taxCountry: { type: 'string', length: 2, nullable: true },
    shippingTax: { type: 'integer', default: 0 },
    shippingTaxRate: { type: 'integer', nullable: true },
    refunded: { type: 'integer', default: 0 },
    promoCode: { type: 'string', length: 64, nullable: true },
    stripeCheckoutSessionId: { type: 'string', length: 255, nullable: true, unique: true },
    stripePaymentIntentId: { type: 'string', length: 255, nullable: true, index: true },
    stripeCustomerId: { type: 'string', length: 255, nullable: true },
    checkoutUrl: { type: 'text', nullable: true },
    checkoutExpiresAt: { type: 'datetime', nullable: true },
    shippingAddress: { type: 'json', nullable: true },
    shippingMethod: { type: 'string', length: 120, nullable: true },
    paidAt: { type: 'datetime', nullable: true },
    cancelledAt: { type: 'datetime', nullable: true },
    cancelReason: { type: 'text', nullable: true },
    carrier: { type: 'string', length: 80, nullable: true },
    trackingNumber: { type: 'string', length: 80, nullable: true },
    trackingUrl: { type: 'string', length: 500, nullable: true },
    shippedAt: { type: 'datetime', nullable: true },
    deliveredAt: { type: 'datetime', nullable: true },
    stockState: { enum: true, items: () => [...ORDER_STOCK_STATES], nullable: true },
    items: { kind: '1:m', entity: () => OrderItem, mappedBy: 'order', orderBy: { id: 'asc' } },
    events: { kind: '1:m', entity: () => OrderEvent, mappedBy: 'order', orderBy: { id: 'asc' } },
  },
});

export const OrderItemSchema = new EntitySchema<OrderItem, BaseEntity>({
  class: OrderItem,
  extends: BaseEntitySchema,
  tableName: 'order_items',
  properties: {
    order: { kind: 'm:1', entity: () => Order, deleteRule: 'cascade' },
    variantId: { type: 'integer', nullable: true },
    sku: { type: 'string', length: 64 },
    productTitle: { type: 'string', length: 200 },
    variantTitle: { type: 'string', length: 200 },
    format: { enum: true, items: () => ['digital', 'physical', 'bundle'] },
    printSize: { enum: true, items: () => ['A4', 'A3', '50x70'], nullable: true },
    unitPrice: { type: 'integer' },
    quantity: { type: 'integer' },
    lineTotal: { type: 'integer' },
    personalisation: { type: 'json', nullable: true },
    refundedQuantity: { type: 'integer', default: 0 },
    taxCategory: { type: 'string', length: 20, nullable: true },
    creditsUsed: { type: 'integer', default: 0 },
    grantsCredits: { type: 'integer', nullable: true },
    fulfilment: { enum: true, items: () => [...FULFILMENTS], nullable: true },
    providerProductId: { type: 'string', length: 200, nullable: true },
    taxRate: { type: 'integer', nullable: true },
    discountAmount: { type: 'integer', default: 0 },
    taxAmount: { type: 'integer', default: 0 },
    netAmount: { type: 'integer', nullable: true },
  },
});

export const OrderEventSchema = new EntitySchema<OrderEvent, BaseEntity>({
  class: OrderEvent,
  extends: BaseEntitySchema,
  tableName: 'order_events',
  properties: {
    order: { kind: 'm:1', entity: () => Order, deleteRule: 'cascade', index: true },
    type: { type: 'string', length: 64 },
    message: { type: 'text' },
    data: { type: 'json', nullable: true },
    dedupeKey: { type: 'string', length: 200, nullable: true, unique: true },
  },
});
