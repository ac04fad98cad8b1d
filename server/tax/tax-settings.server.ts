// The shop's VAT settings and the seller's details, read from the environment (TAX, TAX_BEHAVIOR, SELLER_*).
import type { TaxBehavior } from '#core/tax.ts';
import type { InvoiceParty } from '#db/entities/invoice.ts';
import type { Env } from '#server/env.server.ts';

export interface TaxSettings {
  enabled: boolean;
  behavior: TaxBehavior;
  /** Whose rates the cart estimates with before the customer's address is known. */
  sellerCountry: string;
}

type TaxEnv = Pick<Env, 'TAX' | 'TAX_BEHAVIOR' | 'SELLER_COUNTRY'>;

export const taxSettings = (env: TaxEnv): TaxSettings => ({
  enabled: env.TAX === 'on',
  behavior: env.TAX_BEHAVIOR,
  sellerCountry: env.SELLER_COUNTRY,
});

export const sellerParty = (env: Pick<Env, 'SELLER_NAME' | 'SELLER_ADDRESS' | 'SELLER_COUNTRY' | 'SELLER_VAT_NUMBER'>): InvoiceParty => ({
  name: env.SELLER_NAME,
  address: env.SELLER_ADDRESS.split('|')
    .map((l) => l.trim())
    .filter(Boolean),
  country: env.SELLER_COUNTRY,
  vatNumber: env.SELLER_VAT_NUMBER.trim() || null,
});
