import { z } from 'zod';

export const SHIPMENT_FIELD_MAX = 80;
export const TRACKING_URL_MAX = 500;
const HTTPS_URL = /^https:\/\/[^\s/]+\.[^\s]+$/;

/** A carrier or tracking number: required, trimmed, at most 80 characters. */
const shipmentText = (what: string) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(SHIPMENT_FIELD_MAX, `The ${what} can be at most ${SHIPMENT_FIELD_MAX} characters`);

/**
 * A parcel as the admin marks it shipped. The admin's ship form and the fulfillment workflow's
 * markShipped validator both check it with this schema, so the form shows each problem by its field
 * and the workflow refuses the same input with the same words.
 */
export const shipmentSchema = z.object({
  carrier: shipmentText('carrier'),
  trackingNumber: shipmentText('tracking number'),
  trackingUrl: z
    .string()
    .trim()
    .max(TRACKING_URL_MAX, `The tracking link can be at most ${TRACKING_URL_MAX} characters`)
    .refine((url) => url === '' || HTTPS_URL.test(url), 'The tracking link must be an https:// address')
    .nullish()
    .transform((url) => url || null),
});

export type Shipment = z.output<typeof shipmentSchema>;

/** The first problem with a shipment, in words, or null when it can be accepted. */
export function shipmentProblem(input: unknown): string | null {
  const result = shipmentSchema.safeParse(input);
  return result.success ? null : (result.error.issues[0]?.message ?? 'The shipment is not valid');
}
