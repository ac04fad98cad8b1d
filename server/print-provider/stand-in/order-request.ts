// `POST /v4/orders`: the request checked the way Gelato checks it (a 400 naming each missing or wrong field, a
// refused shipping address), priced, and turned into a new order.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { GelatoOrder, GelatoReceipt } from './orders.ts';

/** A request Gelato refuses: answered 400 `{ code: 'ValidationError', message }`. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
}

const required = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'is required' : `must be ${what}`) })
    .trim()
    .min(1, 'is required');
const optional = z
  .string({ error: 'must be text' })
  .trim()
  .nullish()
  .transform((v) => v || null);

const addressSchema = z.object(
  {
    firstName: required('text'),
    lastName: required('text'),
    addressLine1: required('text'),
    addressLine2: optional,
    city: required('text'),
    postCode: required('text'),
    state: optional,
    country: required('a two-letter country code').regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code'),
    email: required('an email address').pipe(z.email('must be an email address')),
    phone: optional,
  },
  { error: 'is required' },
);

const itemSchema = z.object({
  itemReferenceId: required('text'),
  productUid: required('text'),
  files: z
    .array(z.object({ type: z.string().trim().min(1).default('default'), url: required('a URL').pipe(z.url('must be a URL')) }), {
      error: 'is required',
    })
    .min(1, 'needs at least one file'),
  quantity: z.number({ error: 'must be a whole number' }).int('must be a whole number').positive('must be at least 1'),
});

export const orderRequestSchema = z.object(
  {
    orderType: z.enum(['order', 'draft'], { error: "must be 'order' or 'draft'" }).default('order'),
    orderReferenceId: required('text'),
    customerReferenceId: required('text'),
    currency: required('a currency code').regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code'),
    items: z.array(itemSchema, { error: 'is required' }).min(1, 'needs at least one item'),
    shippingAddress: addressSchema,
  },
  { error: 'must be a JSON object' },
);
export type OrderRequest = z.infer<typeof orderRequestSchema>;

/** `items.0.files.1.url` → `items[0].files[1].url`. */
function fieldPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');
}

/** Why Gelato would not deliver there: the stand-in's two rules for trying the refusal path. */
function addressRejection(address: OrderRequest['shippingAddress']): string | null {
  if (/reject/i.test(address.addressLine1)) return `address line 1 "${address.addressLine1}" is not a deliverable address`;
  if (address.postCode === '00000') return `post code 00000 does not exist in ${address.country.toUpperCase()}`;
  return null;
}

/** Checks the body; throws ValidationError with every problem, one clause each. */
export function parseOrderRequest(body: unknown): OrderRequest {
  const parsed = orderRequestSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length ? `${fieldPath(i.path)} ${i.message}` : i.message));
    throw new ValidationError(`Invalid order: ${problems.join('; ')}`);
  }
  const rejection = addressRejection(parsed.data.shippingAddress);
  if (rejection) throw new ValidationError(`Shipping address rejected: ${rejection}`);
  return parsed.data;
}

/** Prices per print by the size named in the productUid (Gelato's `flat_a4-…`, `flat_500x700-mm-…`), euro cents. */
const PAPER_SIZES: Record<string, number> = { a5: 450, a4: 650, a3: 950, a2: 1300, a1: 1800 };
export const SHIPPING_PRICE = 495;
const A4_AREA = 210 * 297;

export function unitPrice(productUid: string): number {
  const uid = productUid.toLowerCase();
  const paper = /(?:^|[_-])(a[1-5])(?:[_-]|$)/.exec(uid)?.[1];
  if (paper) return PAPER_SIZES[paper] ?? 650;
  const mm = /(?:^|[_-])(\d{2,4})x(\d{2,4})(?:[_-]|$)/.exec(uid);
  if (mm) {
    const area = Number(mm[1]) * Number(mm[2]);
    if (area <= A4_AREA * 1.1) return 650;
    if (area <= A4_AREA * 2.2) return 950;
    if (area <= 500 * 700) return 1500;
    return 2200;
  }
  return 650;
}

const major = (minor: number) => Math.round(minor) / 100;

export function purchaseReceipt(orderId: string, currency: string, items: OrderRequest['items']): GelatoReceipt {
  const products = items.reduce((sum, i) => sum + unitPrice(i.productUid) * i.quantity, 0);
  const total = products + SHIPPING_PRICE;
  return {
    id: randomUUID(),
    orderId,
    transactionType: 'purchase_order',
    currency,
    productsPrice: major(products),
    shippingPrice: major(SHIPPING_PRICE),
    totalVat: 0,
    total: major(total),
    totalInclVat: major(total),
  };
}

export function cancellationReceipt(orderId: string, currency: string, fee: number): GelatoReceipt {
  return {
    id: randomUUID(),
    orderId,
    transactionType: 'cancellation_fee',
    currency,
    productsPrice: 0,
    shippingPrice: 0,
    totalVat: 0,
    total: major(fee),
    totalInclVat: major(fee),
  };
}

export function newOrder(request: OrderRequest, now: Date): GelatoOrder {
  const id = randomUUID();
  const at = now.toISOString();
  const currency = request.currency.toUpperCase();
  return {
    id,
    orderType: request.orderType,
    orderReferenceId: request.orderReferenceId,
    customerReferenceId: request.customerReferenceId,
    fulfillmentStatus: 'created',
    financialStatus: 'pending',
    currency,
    channel: 'api',
    storeId: null,
    createdAt: at,
    updatedAt: at,
    orderedAt: at,
    items: request.items.map((i) => ({
      id: randomUUID(),
      itemReferenceId: i.itemReferenceId,
      productUid: i.productUid,
      files: i.files,
      quantity: i.quantity,
      fulfillmentStatus: 'created',
      eventLog: [],
    })),
    shippingAddress: { id: randomUUID(), ...request.shippingAddress, country: request.shippingAddress.country.toUpperCase() },
    shipment: null,
    receipts: [purchaseReceipt(id, currency, request.items)],
    failureReason: null,
  };
}
