import { AccountDeletionSchema } from './account-deletion';
import { LoginTokenSchema, SessionSchema } from './auth';
import { BaseEntitySchema } from './base';
import { CampaignRunSchema, EmailSuppressionSchema } from './campaign';
import { CartItemSchema, CartSchema } from './cart';
import { DownloadSchema } from './download';
import { EmailSchema } from './email';
import { InvoiceCounterSchema, InvoiceSchema } from './invoice';
import { LedgerAccountSchema, LedgerEntrySchema, LedgerTransferSchema, PointsLotSchema } from './ledger';
import { LocalCheckoutSessionSchema } from './local-checkout-session';
import { MembershipInvoiceSchema, MembershipPlanSchema, MembershipSchema } from './membership';
import { OrderEventSchema, OrderItemSchema, OrderSchema } from './order';
import { ProductImageSchema, ProductSchema, VariantSchema } from './product';
import { PromoCodeSchema, PromoRedemptionSchema } from './promo-code';
import { ProviderOrderSchema } from './provider-order';
import { RefundSchema } from './refund';
import { StockMovementSchema } from './stock';
import { UserSchema } from './user';
import { WebhookEventSchema } from './webhook-event';

export * from './account-deletion';
export * from './auth';
export * from './base';
export * from './campaign';
export * from './cart';
export * from './download';
export * from './email';
export * from './invoice';
export * from './ledger';
export * from './local-checkout-session';
export * from './membership';
export * from './order';
export * from './product';
export * from './promo-code';
export * from './provider-order';
export * from './refund';
export * from './stock';
export * from './user';
export * from './webhook-event';

export const entities = [
  BaseEntitySchema,
  UserSchema,
  ProductSchema,
  VariantSchema,
  ProductImageSchema,
  CartSchema,
  CartItemSchema,
  OrderSchema,
  OrderItemSchema,
  OrderEventSchema,
  WebhookEventSchema,
  EmailSchema,
  LocalCheckoutSessionSchema,
  SessionSchema,
  LoginTokenSchema,
  RefundSchema,
  DownloadSchema,
  PromoCodeSchema,
  PromoRedemptionSchema,
  CampaignRunSchema,
  EmailSuppressionSchema,
  AccountDeletionSchema,
  StockMovementSchema,
  ProviderOrderSchema,
  InvoiceSchema,
  InvoiceCounterSchema,
  LedgerAccountSchema,
  LedgerTransferSchema,
  LedgerEntrySchema,
  PointsLotSchema,
  MembershipPlanSchema,
  MembershipSchema,
  MembershipInvoiceSchema,
];
