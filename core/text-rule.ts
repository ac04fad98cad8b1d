// A text field's rule as a plain function (no zod: workflows use these; docs/decisions/065-no-zod-in-workflows.md):
// trimmed, required or not, at most so many characters, with the words a person reads next to the field.

export interface TextRule {
  /** The field in words, as the messages name it ("tracking number"). */
  name: string;
  max: number;
  required: boolean;
}

/** The field's problem (its value trimmed), or null. An optional field may be null, missing or blank. */
export function textProblem(rule: TextRule, value: unknown): string | null {
  const text = typeof value === 'string' ? value.trim() : null;
  if (value != null && text === null) return rule.required ? `Enter the ${rule.name}` : `The ${rule.name} must be text`;
  if (!text) return rule.required ? `Enter the ${rule.name}` : null;
  return text.length > rule.max ? `The ${rule.name} can be at most ${rule.max} characters` : null;
}

/** The first problem of an input's fields, in the order given, or null when there is none. */
export function firstProblem<F extends string>(
  fields: readonly F[],
  input: unknown,
  problem: (field: F, value: unknown) => string | null,
): string | null {
  const values = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  for (const field of fields) {
    const found = problem(field, values[field]);
    if (found) return found;
  }
  return null;
}
