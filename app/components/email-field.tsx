import { getInputProps, type FieldMetadata } from '@conform-to/react';
import { Field } from './field.tsx';

/** An email address field of a conform form, as every form that asks for one shows it (sign-in, lookup, payment). */
export function EmailField({ field, label = 'Email' }: { field: FieldMetadata<string | undefined>; label?: string }) {
  return (
    <Field label={label} {...getInputProps(field, { type: 'email' })} autoComplete="email" required maxLength={254} error={field.errors} />
  );
}
