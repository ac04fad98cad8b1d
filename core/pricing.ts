import { addMinor, multiplyMinor, type Currency } from './money';

export type VariantFormat = 'digital' | 'physical' | 'bundle';
export type FulfilmentType = 'digital' | 'physical' | 'mixed';

export interface PricedLineInput {
  unitPrice: number;
  quantity: number;
  format: VariantFormat;
}

export interface ShippingConfig {
  /** Flat rate below the threshold, minor units. */
  flatRate: number;
  /** Subtotal (of goods that ship) from which shipping is free, minor units. */
  freeFrom: number;
}

export const DEFAULT_SHIPPING: ShippingConfig = { flatRate: 999, freeFrom: 15000 };

export interface ShippingOption {
  id: 'standard' | 'free';
  label: string;
  amount: number;
  minDays: number;
  maxDays: number;
}

export interface CartTotals {
  currency: Currency;
  itemCount: number;
  subtotal: number;
  shipping: number;
  total: number;
  fulfilmentType: FulfilmentType | null;
  needsShipping: boolean;
  shippingOption: ShippingOption | null;
  /** How much more to spend for free shipping; null when it does not apply. */
  untilFreeShipping: number | null;
}

export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 99;

export function lineTotal(line: PricedLineInput): number {
  return multiplyMinor(line.unitPrice, line.quantity);
}

export function fulfilmentTypeOf(formats: readonly VariantFormat[]): FulfilmentType | null {
  if (formats.length === 0) return null;
  const digital = formats.some((f) => f === 'digital' || f === 'bundle');
  const physical = formats.some((f) => f === 'physical' || f === 'bundle');
  if (digital && physical) return 'mixed';
  return physical ? 'physical' : 'digital';
}

/** The shipping tier for a subtotal: flat rate under the threshold, free from it. */
export function shippingFor(subtotal: number, config: ShippingConfig = DEFAULT_SHIPPING): ShippingOption {
  if (subtotal >= config.freeFrom) {
    return { id: 'free', label: 'Free shipping', amount: 0, minDays: 3, maxDays: 7 };
  }
  return { id: 'standard', label: 'Standard shipping', amount: config.flatRate, minDays: 3, maxDays: 7 };
}

export function priceCart(lines: readonly PricedLineInput[], currency: Currency, config: ShippingConfig = DEFAULT_SHIPPING): CartTotals {
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity < MIN_QUANTITY || line.quantity > MAX_QUANTITY) {
      throw new RangeError(`quantity must be ${MIN_QUANTITY}..${MAX_QUANTITY}`);
    }
  }
  const subtotal = addMinor(0, ...lines.map(lineTotal));
  const fulfilmentType = fulfilmentTypeOf(lines.map((l) => l.format));
  const needsShipping = fulfilmentType === 'physical' || fulfilmentType === 'mixed';
  const shippable = addMinor(0, ...lines.filter((l) => l.format !== 'digital').map(lineTotal));
  const shippingOption = needsShipping ? shippingFor(shippable, config) : null;
  const shipping = shippingOption?.amount ?? 0;
  return {
    currency,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    subtotal,
    shipping,
    total: addMinor(subtotal, shipping),
    fulfilmentType,
    needsShipping,
    shippingOption,
    untilFreeShipping: needsShipping && shipping > 0 ? config.freeFrom - shippable : null,
  };
}
