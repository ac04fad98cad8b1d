// The rules for the address a print order ships to, as the admin corrects it after the provider refused it, as plain
// functions: the print part of the fulfillment workflow checks a resubmission with them, and the admin's form schema
// (core/schemas/print-order.ts) applies them field by field, so both refuse the same input with the same words. No zod
// here: whatever a workflow imports is evaluated again for every workflow the worker starts
// (docs/decisions/065-no-zod-in-workflows.md).
import type { ProviderAddress } from './print-provider';

export type ProviderAddressField = keyof ProviderAddress;

interface TextRule {
  /** The field in words, as the messages name it. */
  name: string;
  max: number;
  required: boolean;
}

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
export const PROVIDER_ADDRESS_FIELDS: readonly ProviderAddressField[] = [
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

export const EMAIL_MAX = 254;
// The address pattern zod's z.email() uses by default: a dotted domain, no leading or doubled dots in the local part.
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** What a required field says when it is missing. */
export function addressFieldRequired(field: ProviderAddressField): string {
  if (field === 'country') return 'Enter the country code';
  if (field === 'email') return 'Enter the customer’s email address';
  return `Enter the ${TEXT[field].name}`;
}

/** One field's problem (its value trimmed), or null. Optional fields may be null, missing or blank. */
export function addressFieldProblem(field: ProviderAddressField, value: unknown): string | null {
  const text = typeof value === 'string' ? value.trim() : null;
  if (field === 'country') {
    if (text === null) return addressFieldRequired(field);
    return /^[A-Z]{2}$/.test(text.toUpperCase()) ? null : 'The country is a two-letter code, e.g. IE';
  }
  if (field === 'email') {
    if (!text || !EMAIL.test(text)) return addressFieldRequired(field);
    return text.length > EMAIL_MAX ? `The email address can be at most ${EMAIL_MAX} characters` : null;
  }
  const rule = TEXT[field];
  if (value != null && text === null) return rule.required ? addressFieldRequired(field) : `The ${rule.name} must be text`;
  if (!text) return rule.required ? addressFieldRequired(field) : null;
  return text.length > rule.max ? `The ${rule.name} can be at most ${rule.max} characters` : null;
}

/** The first problem with an address, in words, or null when it can be sent. */
export function providerAddressProblem(input: unknown): string | null {
  const fields = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  for (const field of PROVIDER_ADDRESS_FIELDS) {
    const problem = addressFieldProblem(field, fields[field]);
    if (problem) return problem;
  }
  return null;
}
