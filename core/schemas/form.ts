import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Reads a form's string fields (files are not part of any form here). */
export function formValues(form: FormData | URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string') values[k] = v;
  return values;
}

/** Parses a form with a zod schema; on failure returns the first message per field and what was typed. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData | URLSearchParams): FormResult<z.output<S>> {
  const values = formValues(form);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : 'form';
    if (!(key in errors)) errors[key] = issue.message;
  }
  return { ok: false, errors, values };
}
