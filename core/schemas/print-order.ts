import { z } from 'zod';
import { addressFieldProblem, type ProviderAddressField } from '#core/provider-address.ts';
import type { ProviderAddress } from '#core/print-provider.ts';
import { ruledText } from './plain-rule';

/** A field checked by the rule the workflow uses (core/provider-address.ts), trimmed. */
const checked = (field: ProviderAddressField) => ruledText((value) => addressFieldProblem(field, value));
/** The same for a field that may be left blank: blank is none. */
const optional = (field: ProviderAddressField) =>
  checked(field)
    .nullish()
    .transform((v) => v || null);

/**
 * The address a print order ships to, as the admin corrects it after the provider rejected it. The admin's form
 * applies the rules the fulfillment workflow's resubmit validator uses (core/provider-address.ts), so each problem shows
 * by its field and the workflow refuses the same input with the same words.
 */
export const providerAddressSchema = z.object({
  firstName: checked('firstName'),
  lastName: checked('lastName'),
  addressLine1: checked('addressLine1'),
  addressLine2: optional('addressLine2'),
  city: checked('city'),
  postCode: checked('postCode'),
  state: optional('state'),
  country: checked('country').toUpperCase(),
  email: checked('email'),
  phone: optional('phone'),
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

export type ProviderAddressInput = z.output<typeof providerAddressSchema> & ProviderAddress;
