// The admin's points adjustment on the customer page (/admin/customers/:id): how many points, added or taken away,
// why, and the form's one-time key (a double submit records one adjustment).
import { z } from 'zod';

export const POINTS_REASON_MIN = 3;
export const POINTS_REASON_MAX = 500;
/** Far above any adjustment limit; keeps the amount within the ledger's integer columns. */
export const POINTS_ADJUST_MAX = 10_000_000;

const WHOLE = 'Enter a whole number of points, e.g. 500 or -200';
const REASON = 'Say why (at least 3 characters); it is kept with the adjustment';

export const adjustPointsSchema = z.object({
  points: z
    .number({ error: WHOLE })
    .int(WHOLE)
    .min(-POINTS_ADJUST_MAX, 'At most 10,000,000 points at a time')
    .max(POINTS_ADJUST_MAX, 'At most 10,000,000 points at a time')
    .refine((n) => n !== 0, 'Zero points changes nothing: enter a positive or a negative number'),
  reason: z
    .string({ error: REASON })
    .trim()
    .min(POINTS_REASON_MIN, REASON)
    .max(POINTS_REASON_MAX, `The reason can be at most ${POINTS_REASON_MAX} characters`),
  requestKey: z
    .string({ error: 'The form is out of date; reload the page' })
    .regex(/^[A-Za-z0-9_-]{16,64}$/, 'The form is out of date; reload the page'),
});

export type AdjustPointsForm = z.output<typeof adjustPointsSchema>;
