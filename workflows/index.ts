// The worker's workflowsPath: every workflow, re-exported.
export { checkout } from './checkout';
export { deliverEmail, resendOrderEmail } from './email';
export { fulfillment } from './fulfillment';
export { refund } from './refund';
export { render } from './render';
export { syncPromoCode } from './promo-code';
