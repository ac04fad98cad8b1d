// The rules for a parcel the admin marks shipped, as plain functions: the fulfillment workflow's markShipped validator
// checks input with them, and the admin's ship form schema (core/schemas/shipment.ts) applies them field by field, so
// both refuse the same input with the same words. No zod here: whatever a workflow imports is evaluated again for
// every workflow the worker starts (docs/decisions/065-no-zod-in-workflows.md).
import { firstProblem, textProblem, type TextRule } from './text-rule';

const TRACKING_URL_MAX = 500;
const HTTPS_URL = /^https:\/\/[^\s/]+\.[^\s]+$/;

export type ShipmentField = 'carrier' | 'trackingNumber' | 'trackingUrl';
const FIELDS: readonly ShipmentField[] = ['carrier', 'trackingNumber', 'trackingUrl'];
const TEXT: Record<Exclude<ShipmentField, 'trackingUrl'>, TextRule> = {
  carrier: { name: 'carrier', max: 80, required: true },
  trackingNumber: { name: 'tracking number', max: 80, required: true },
};

/**
 * One field's problem (its value trimmed), or null: the carrier and tracking number are required, at most 80
 * characters; the tracking link is optional (none, or blank), at most 500 characters, an https:// address.
 */
export function shipmentFieldProblem(field: ShipmentField, value: unknown): string | null {
  if (field !== 'trackingUrl') return textProblem(TEXT[field], value);
  if (value == null) return null;
  if (typeof value !== 'string') return 'The tracking link must be an https:// address';
  const url = value.trim();
  if (url.length > TRACKING_URL_MAX) return `The tracking link can be at most ${TRACKING_URL_MAX} characters`;
  if (url !== '' && !HTTPS_URL.test(url)) return 'The tracking link must be an https:// address';
  return null;
}

/** The first problem with a shipment, in words, or null when it can be accepted. */
export const shipmentProblem = (input: unknown): string | null => firstProblem(FIELDS, input, shipmentFieldProblem);
