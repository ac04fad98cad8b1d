import { z } from 'zod';
import { shipmentTextProblem, shipmentTextRequired, trackingUrlProblem, type ShipmentTextField } from '#core/shipment.ts';
import { plainRule } from './plain-rule';

/** A carrier or tracking number: required, trimmed, at most 80 characters. */
const shipmentText = (field: ShipmentTextField) =>
  z
    .string({ error: shipmentTextRequired(field) })
    .trim()
    .superRefine(plainRule((value: string) => shipmentTextProblem(field, value)));

/**
 * A parcel as the admin marks it shipped. The fields are checked by the rules the fulfillment workflow's markShipped
 * validator uses (core/shipment.ts), so the form shows each problem by its field and the workflow refuses the same
 * input with the same words.
 */
export const shipmentSchema = z.object({
  carrier: shipmentText('carrier'),
  trackingNumber: shipmentText('trackingNumber'),
  trackingUrl: z
    .string()
    .trim()
    .superRefine(plainRule(trackingUrlProblem))
    .nullish()
    .transform((url) => url || null),
});

export type Shipment = z.output<typeof shipmentSchema>;
