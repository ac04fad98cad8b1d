import type { SubmissionResult } from '@conform-to/react';

/**
 * What an action with several forms answers (the admin's order and customer pages): which form it was
 * for, conform's result for that form and, when it worked, a line saying what happened.
 */
export interface FormAnswer {
  /** Which form it was for (on a page of several forms, the intent its button sends): only that form shows the answer. */
  intent: string;
  ok: boolean;
  /** Errors by field and for the form, and what was typed: kept with JavaScript off too. */
  result: SubmissionResult<string[]>;
  /** What happened, when it worked. */
  message: string | null;
}
