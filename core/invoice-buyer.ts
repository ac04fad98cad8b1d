// The buyer as an invoice names them: the shipping (or billing) address's name, else their email, and the address
// as envelope lines with the country spelled out.
import { addressLines } from './order-display';
import type { ShippingAddress } from './order-status';

const regions = new Intl.DisplayNames(['en'], { type: 'region' });

/** "DE" → "Germany"; an unknown code as it is. */
export function countryLabel(code: string): string {
  try {
    return regions.of(code.toUpperCase()) ?? code.toUpperCase();
  } catch {
    return code.toUpperCase();
  }
}

export interface InvoiceBuyer {
  name: string;
  address: string[];
  country: string | null;
  vatNumber: string | null;
  email: string | null;
}

export function invoiceBuyer(order: {
  shippingAddress: ShippingAddress | null;
  email: string | null;
  taxCountry: string | null;
}): InvoiceBuyer {
  const a = order.shippingAddress;
  const address = a ? addressLines({ ...a, name: null, country: a.country ? countryLabel(a.country) : null }) : [];
  return {
    name: a?.name?.trim() || order.email || 'Customer',
    address,
    country: order.taxCountry ?? a?.country ?? null,
    vatNumber: null,
    email: order.email,
  };
}
