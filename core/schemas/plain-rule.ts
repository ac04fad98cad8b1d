import type { z } from 'zod';

/**
 * A refinement that reports what a plain rule says is wrong with a field. Rules shared with the workflows are plain
 * functions (core/shipment.ts, core/provider-address.ts); a form schema applies them with this, so each problem lands
 * on its own field.
 */
export const plainRule =
  <T>(problem: (value: T) => string | null) =>
  (value: T, ctx: z.RefinementCtx<T>): void => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
