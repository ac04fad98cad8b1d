// The rules for a parcel the admin marks shipped, as plain functions: the fulfillment workflow's markShipped validator
// checks input with them, and the admin's ship form schema (core/schemas/shipment.ts) applies them field by field, so
// both refuse the same input with the same words. No zod here: whatever a workflow imports is evaluated again for
// every workflow the worker starts (docs/decisions/065-no-zod-in-workflows.md).

export const SHIPMENT_FIELD_MAX = 80;
export const TRACKING_URL_MAX = 500;
const HTTPS_URL = /^https:\/\/[^\s/]+\.[^\s]+$/;

export type ShipmentTextField = 'carrier' | 'trackingNumber';
const NAMES: Record<ShipmentTextField, string> = { carrier: 'carrier', trackingNumber: 'tracking number' };

/** Says what a missing carrier or tracking number lacks. */
export const shipmentTextRequired = (field: ShipmentTextField) => `Enter the ${NAMES[field]}`;

/** A carrier or tracking number, trimmed: required, at most 80 characters. */
export function shipmentTextProblem(field: ShipmentTextField, value: unknown): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return shipmentTextRequired(field);
  if (text.length > SHIPMENT_FIELD_MAX) return `The ${NAMES[field]} can be at most ${SHIPMENT_FIELD_MAX} characters`;
  return null;
}

/** The tracking link, trimmed: optional (none, or blank), at most 500 characters, an https:// address. */
export function trackingUrlProblem(value: unknown): string | null {
  if (value == null) return null;
  if (typeof value !== 'string') return 'The tracking link must be an https:// address';
  const url = value.trim();
  if (url.length > TRACKING_URL_MAX) return `The tracking link can be at most ${TRACKING_URL_MAX} characters`;
  if (url !== '' && !HTTPS_URL.test(url)) return 'The tracking link must be an https:// address';
  return null;
}

/** The first problem with a shipment, in words, or null when it can be accepted. */
export function shipmentProblem(input: unknown): string | null {
  const fields = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  return (
    shipmentTextProblem('carrier', fields.carrier) ??
    shipmentTextProblem('trackingNumber', fields.trackingNumber) ??
    trackingUrlProblem(fields.trackingUrl)
  );
}
