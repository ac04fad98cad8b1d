import { z } from 'zod';

/**
 * A trimmed text field checked by a plain rule, one the workflows share (core/shipment.ts, core/provider-address.ts):
 * whatever the rule says is wrong, a missing value included, is the field's error, so each problem lands on its own
 * field in the rule's words.
 */
export const ruledText = (problem: (value: unknown) => string | null) =>
  z
    .string({ error: (issue) => problem(issue.input) ?? undefined })
    .trim()
    .superRefine((value, ctx) => {
      const message = problem(value);
      if (message) ctx.addIssue({ code: 'custom', message });
    });
