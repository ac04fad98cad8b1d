import type { InputHTMLAttributes, ReactNode } from 'react';

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'className'> {
  label: ReactNode;
  name: string;
  /** The field's messages (conform's `field.errors`) or one message; the first is shown. */
  error?: string | readonly string[] | null;
  hint?: ReactNode;
  /** Classes for the wrapping `.form-field`, added after it. */
  className?: string;
  inputClassName?: string;
}

/** The message to show for a field: the first of its errors. */
export const firstError = (error: string | readonly string[] | null | undefined): string | undefined =>
  (typeof error === 'string' ? error : error?.[0]) || undefined;

/** A field's message, at the id its control's `aria-describedby` names (conform's `field.errorId`). */
export function FieldError({ id, error }: { id: string; error: string | readonly string[] | null | undefined }) {
  const message = firstError(error);
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}

/**
 * A labelled input whose error and hint are announced with it (aria-describedby) and that reports invalid
 * state. Takes conform's input props as they are (`{...getInputProps(fields.email, { type: 'email' })}`):
 * the error's id is conform's `errorId` (`<input id>-error`), so the ids it adds are not repeated.
 */
export function Field({ label, name, error, hint, id, className, inputClassName, ...inputProps }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  const message = firstError(error);
  const given = inputProps['aria-describedby']?.split(' ').filter((ref) => ref !== errorId) ?? [];
  const describedBy = [message ? errorId : null, hint ? hintId : null, ...given].filter(Boolean).join(' ');
  return (
    <div className={className ? `form-field ${className}` : 'form-field'}>
      <label htmlFor={inputId}>{label}</label>
      <input
        {...inputProps}
        id={inputId}
        name={name}
        className={inputClassName}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} error={message} />
    </div>
  );
}
