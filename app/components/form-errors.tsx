import { firstError } from './field.tsx';

/** A form's own errors (conform's `form.errors`: not about one field), shown as an alert at `form.errorId`. */
export function FormErrors({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  const message = firstError(errors);
  if (!message) return null;
  return (
    <p id={id} className="alert alert-error" role="alert">
      {message}
    </p>
  );
}
