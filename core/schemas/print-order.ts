import { z } from 'zod';
import type { ProviderAddress } from '#core/print-provider.ts';

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `The ${what} can be at most ${max} characters`);
const optional = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `The ${what} can be at most ${max} characters`)
    .nullish()
    .transform((v) => v || null);

/**
 * The address a print order ships to, as the admin corrects it after the provider rejected it. The admin's form and
 * the fulfillment workflow's resubmit validator both check it with this schema.
 */
export const providerAddressSchema = z.object({
  firstName: text('first name', 100),
  lastName: text('last name', 100),
  addressLine1: text('address', 200),
  addressLine2: optional('second address line', 200),
  city: text('city', 100),
  postCode: text('postcode', 20),
  state: optional('state or county', 100),
  country: z
    .string({ error: 'Enter the country code' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'The country is a two-letter code, e.g. IE'),
  email: z.email('Enter the customer’s email address').trim().max(254),
  phone: optional('phone number', 40),
});

export const printReasonSchema = z
  .string({ error: 'Say why, for the order’s timeline' })
  .trim()
  .min(3, 'Say why, for the order’s timeline (at least 3 characters)')
  .max(500, 'The reason can be at most 500 characters');

/** The admin's "correct the address and resubmit". */
export const resubmitPrintsSchema = providerAddressSchema.extend({ reason: printReasonSchema });
/** The admin's "cancel at the provider". */
export const cancelPrintsSchema = z.object({ reason: printReasonSchema });

/** The first problem with an address, in words, or null when it can be sent. */
export function providerAddressProblem(input: unknown): string | null {
  const result = providerAddressSchema.safeParse(input);
  return result.success ? null : (result.error.issues[0]?.message ?? 'The address is not valid');
}

export type ProviderAddressInput = z.output<typeof providerAddressSchema> & ProviderAddress;
