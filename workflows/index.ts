// The worker's workflowsPath: every workflow, re-exported.
export { cartUpkeep } from './cart-upkeep';
export { checkout } from './checkout';
export { deleteAccount } from './delete-account';
export { drip } from './drip';
export { deliverEmail, resendOrderEmail } from './email';
export { fulfillment } from './fulfillment';
export { orderPoints, pointsLot } from './loyalty-points';
export { refund } from './refund';
export { render } from './render';
export { membership } from './membership';
export { syncPromoCode } from './promo-code';
export { syncMembershipPlan } from './membership-plan';
export { customerCampaigns } from './customer-campaigns';
