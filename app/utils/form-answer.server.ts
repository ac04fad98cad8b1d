// The answers of one intent's action (see form-answer.ts): refused input, a refusal from the server
// side, or done. Invalid input is a 400 with conform's reply, so the page shows each error by its field
// and keeps what was typed, with or without JavaScript.
import { json } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import type { FormAnswer } from './form-answer.ts';

/** What every conform submission offers, valid or not. */
interface Replyable {
  reply(options?: { resetForm?: boolean } | { formErrors?: string[]; fieldErrors?: Record<string, string[]> }): SubmissionResult<string[]>;
}

const answer = (body: FormAnswer, status: number) => json(body, { status });

/** The schema refused the input: 400 with its errors by field. */
export function invalidInput(intent: string, submission: Replyable) {
  return answer({ intent, ok: false, result: submission.reply(), message: null }, 400);
}

/**
 * Valid input the server side refused (a workflow, a business rule): by the field it is about, or for
 * the whole form when it is about no one field; several messages when there are several problems (the
 * bad lines of an uploaded file).
 */
export function refused(
  intent: string,
  submission: Replyable,
  reason: { field?: string | null; message: string | readonly string[] },
  status = 400,
) {
  const messages = typeof reason.message === 'string' ? [reason.message] : [...reason.message];
  const result = reason.field
    ? submission.reply({ fieldErrors: { [reason.field]: messages } })
    : submission.reply({ formErrors: messages });
  return answer({ intent, ok: false, result, message: null }, status);
}

/** It worked: a line saying so; `resetForm` empties the form for the next entry. */
export function done(intent: string, submission: Replyable, message: string, options: { resetForm?: boolean } = {}) {
  return answer({ intent, ok: true, result: submission.reply({ resetForm: options.resetForm ?? false }), message }, 200);
}

/** A POST with no intent this page knows: a 400, nothing changed. */
export function unknownIntent(intent: FormDataEntryValue | null): Response {
  return new Response(`Unknown action ${JSON.stringify(typeof intent === 'string' ? intent.slice(0, 40) : null)}`, { status: 400 });
}
