import { z } from 'zod';
import { shipmentFieldProblem, type ShipmentField } from '#core/shipment.ts';
import { ruledText } from './plain-rule';

const field = (name: ShipmentField) => ruledText((value) => shipmentFieldProblem(name, value));

/**
 * A parcel as the admin marks it shipped. The fields are checked by the rules the fulfillment workflow's markShipped
 * validator uses (core/shipment.ts), so the form shows each problem by its field and the workflow refuses the same
 * input with the same words.
 */
export const shipmentSchema = z.object({
  carrier: field('carrier'),
  trackingNumber: field('trackingNumber'),
  trackingUrl: field('trackingUrl')
    .nullish()
    .transform((url) => url || null),
});

export type Shipment = z.output<typeof shipmentSchema>;
