import type { InputHTMLAttributes, ReactNode } from 'react';

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'className'> {
  label: ReactNode;
  name: string;
  error?: string | null;
  hint?: ReactNode;
  /** Classes for the wrapping `.form-field`, added after it. */
  className?: string;
  inputClassName?: string;
}

/** A labelled input whose error and hint are announced with it (aria-describedby) and that reports invalid state. */
export function Field({ label, name, error, hint, id, className, inputClassName, ...inputProps }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null, inputProps['aria-describedby'] ?? null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className ? `form-field ${className}` : 'form-field'}>
      <label htmlFor={inputId}>{label}</label>
      <input
        {...inputProps}
        id={inputId}
        name={name}
        className={inputClassName}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
