// The parts every admin form is made of: conform's useForm set up with the form's schema (the one the
// action parses with), a labelled field from conform's field metadata, errors, and what happened.
import { getInputProps, useForm, type DefaultValue, type FieldMetadata, type Submission } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { useActionData } from '@remix-run/react';
import type { z } from 'zod';
import { Field, type FieldProps } from '#app/components/field.tsx';
import type { FormAnswer } from '#app/utils/form-answer.ts';

/**
 * conform's form for a schema: the browser checks with the same schema the action parses with (on
 * submit, then each field again as it is typed), and the action's answer for this form brings the
 * server's errors and what was typed back into it. Not on leaving a field: an error appearing then moves
 * the page under the pointer that is clicking the next control.
 */
export function useSchemaForm<Schema extends z.ZodObject | z.ZodPipe<z.ZodObject>>(options: {
  id: string;
  schema: Schema;
  answer: FormAnswer | undefined;
  defaultValue?: DefaultValue<z.input<Schema>>;
}) {
  const { id, schema, answer, defaultValue } = options;
  return useForm<z.input<Schema>, z.output<Schema>>({
    id,
    lastResult: answer?.result,
    defaultValue,
    constraint: constraintOf(schema),
    // conform's parseWithZod loses the schema's types behind this function's type parameter.
    onValidate: ({ formData }) => parseWithZod(formData, { schema }) as Submission<z.input<Schema>, string[], z.output<Schema>>,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
}

/** getZodConstraint, also for a schema whose root ends in .transform() (conform reads what goes in). */
function constraintOf(schema: z.ZodType) {
  const def = schema._zod.def;
  if (def.type === 'pipe' && 'in' in def && 'out' in def && (def.out as z.ZodType)._zod.def.type === 'transform')
    return getZodConstraint(def.in as z.ZodType);
  return getZodConstraint(schema);
}

/** The action's answer when it was for this form; `matches` tells apart several forms with one intent. */
export function useFormAnswer(intent: string, matches?: (answer: FormAnswer) => boolean): FormAnswer | undefined {
  const answer = useActionData<FormAnswer>() as FormAnswer | undefined;
  return answer?.intent === intent && (!matches || matches(answer)) ? answer : undefined;
}

type TextInputType = Exclude<Parameters<typeof getInputProps>[1]['type'], 'checkbox' | 'radio'>;

export interface ConformFieldProps extends Omit<FieldProps, 'name' | 'id' | 'error' | 'defaultValue' | 'type'> {
  meta: FieldMetadata<unknown>;
  type?: TextInputType;
}

/** A Field (label, input, hint, its error announced with it) named, constrained and filled by conform; explicit props win. */
export function ConformField({ meta, type = 'text', ...rest }: ConformFieldProps) {
  // Field derives aria-invalid and aria-describedby from the error; conform's key remounts the input when the form is reset.
  const { key, ...input } = getInputProps(meta, { type, ariaAttributes: false });
  return <Field key={key} {...input} {...rest} error={meta.errors?.[0] ?? null} />;
}

/** A field's first error, under a control laid out by hand (select, textarea); conform points aria-describedby at it. */
export function FieldError({ meta }: { meta: FieldMetadata<unknown> }) {
  return meta.errors?.length ? (
    <p id={meta.errorId} className="field-error">
      {meta.errors[0]}
    </p>
  ) : null;
}

/** The form's own errors (about no one field), and those of fields the person cannot see (hidden inputs). */
export function FormErrors({ form, hidden = [] }: { form: { errorId: string; errors?: string[] }; hidden?: Array<{ errors?: string[] }> }) {
  const errors = [...(form.errors ?? []), ...hidden.flatMap((field) => field.errors ?? [])];
  if (!errors.length) return null;
  return (
    <div id={form.errorId} role="alert">
      {errors.map((error) => (
        <p key={error} className="field-error">
          {error}
        </p>
      ))}
    </div>
  );
}

/** What the last submission did, when it was one of these intents and it worked. */
export function DoneMessage({ intents }: { intents: readonly string[] }) {
  const answer = useActionData<FormAnswer>() as FormAnswer | undefined;
  if (!answer?.ok || !answer.message || !intents.includes(answer.intent)) return null;
  return (
    <p role="status" className="alert alert-success">
      {answer.message}
    </p>
  );
}
