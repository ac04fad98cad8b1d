// The rules for the address a print order ships to, as the admin corrects it after the provider refused it, as plain
// functions: the print part of the fulfillment workflow checks a resubmission with them, and the admin's form schema
// (core/schemas/print-order.ts) applies them field by field, so both refuse the same input with the same words. No zod
// here: whatever a workflow imports is evaluated again for every workflow the worker starts
// (docs/decisions/065-no-zod-in-workflows.md).
import type { ProviderAddress } from './print-provider';
import { firstProblem, textProblem, type TextRule } from './text-rule';

export type ProviderAddressField = keyof ProviderAddress;

const TEXT: Record<Exclude<ProviderAddressField, 'country' | 'email'>, TextRule> = {
  firstName: { name: 'first name', max: 100, required: true },
  lastName: { name: 'last name', max: 100, required: true },
  addressLine1: { name: 'address', max: 200, required: true },
  addressLine2: { name: 'second address line', max: 200, required: false },
  city: { name: 'city', max: 100, required: true },
  postCode: { name: 'postcode', max: 20, required: true },
  state: { name: 'state or county', max: 100, required: false },
  phone: { name: 'phone number', max: 40, required: false },
};

/** The fields in the order the form shows them: a whole address's first problem is the first of these. */
const FIELDS: readonly ProviderAddressField[] = [
  'firstName',
  'lastName',
  'addressLine1',
  'addressLine2',
  'city',
  'postCode',
  'state',
  'country',
  'email',
  'phone',
];

const EMAIL_MAX = 254;
// The address pattern zod's z.email() uses by default: a dotted domain, no leading or doubled dots in the local part.
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** One field's problem (its value trimmed), or null. Optional fields may be null, missing or blank. */
export function addressFieldProblem(field: ProviderAddressField, value: unknown): string | null {
  const text = typeof value === 'string' ? value.trim() : null;
  if (field === 'country') {
    if (text === null) return 'Enter the country code';
    return /^[A-Z]{2}$/.test(text.toUpperCase()) ? null : 'The country is a two-letter code, e.g. IE';
  }
  if (field === 'email') {
    if (!text || !EMAIL.test(text)) return 'Enter the customer’s email address';
    return text.length > EMAIL_MAX ? `The email address can be at most ${EMAIL_MAX} characters` : null;
  }
  return textProblem(TEXT[field], value);
}

/** The first problem with an address, in words, or null when it can be sent. */
export const providerAddressProblem = (input: unknown): string | null => firstProblem(FIELDS, input, addressFieldProblem);
