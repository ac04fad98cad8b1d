// For the schemas' unit tests: a form's fields parsed the way the routes parse them (conform's
// parseWithZod, which turns empty fields into "missing" and "on" into true before zod sees them).
import { parseWithZod } from '@conform-to/zod/v4';
import type { z } from 'zod';

export function submitForm<S extends z.ZodType>(schema: S, fields: Record<string, string>) {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.append(name, value);
  return parseWithZod(formData, { schema });
}

/** The first message per field of a refused submission ('' is the form's own). */
export function messages(submission: { status?: string; error?: Record<string, string[] | null> | null }): Record<string, string> {
  if (submission.status === 'success') return {};
  return Object.fromEntries(Object.entries(submission.error ?? {}).flatMap(([name, errors]) => (errors?.[0] ? [[name, errors[0]]] : [])));
}
