// Deleting a customer's account: when it may happen, and what personal data becomes. Shared by the pages
// (which explain a refusal), the deletion activities (which check again and apply it) and their tests.
import type { OrderStatus, ShippingAddress } from './order-status.ts';

export interface OrderForDeletion {
  orderNumber: string;
  status: OrderStatus;
  fulfilmentType: 'digital' | 'physical' | 'mixed';
  shippedAt: Date | string | null;
}

/**
 * Orders that hold a deletion back, each with why: one still being paid for, or a parcel not yet shipped
 * (the address is needed to send it). Digital files, refunds and delivered parcels never hold it back.
 */
export function deletionBlockers(orders: readonly OrderForDeletion[]): Array<{ orderNumber: string; reason: string }> {
  const blockers: Array<{ orderNumber: string; reason: string }> = [];
  for (const o of orders) {
    if (o.status === 'pending') blockers.push({ orderNumber: o.orderNumber, reason: 'its payment is still open' });
    else if ((o.status === 'paid' || o.status === 'partially_refunded') && o.fulfilmentType !== 'digital' && !o.shippedAt)
      blockers.push({ orderNumber: o.orderNumber, reason: 'its parcel has not been shipped yet' });
  }
  return blockers;
}

/** Staff accounts are not deleted as customers delete theirs: a superadmin makes them customer accounts first. */
export const STAFF_ACCOUNT_NOT_DELETED = 'A staff account is deleted only once a superadmin has made it a customer account again.';

/** Why the account cannot be deleted now, in a sentence; null when it can. */
export function deletionRefusal(role: string, orders: readonly OrderForDeletion[]): string | null {
  if (role !== 'customer') return STAFF_ACCOUNT_NOT_DELETED;
  const blockers = deletionBlockers(orders);
  if (blockers.length === 0) return null;
  return `Your account can be deleted once ${blockers.map((b) => `${b.orderNumber} is settled (${b.reason})`).join(' and ')}.`;
}

/** The address a deleted account keeps: unique (the column is), and one no mail can ever be sent to (RFC 2606). */
export function deletedAccountEmail(userId: number): string {
  return `deleted-${userId}@deleted.invalid`;
}

export function isDeletedAccountEmail(email: string): boolean {
  return /^deleted-\d+@deleted\.invalid$/.test(email);
}

/** What an order keeps of its shipping address: the country, which tax records need; nothing that names or finds a person. */
export function anonymisedAddress(address: ShippingAddress | null): ShippingAddress | null {
  if (!address) return null;
  return { name: null, line1: null, line2: null, city: null, postalCode: null, state: null, country: address.country };
}

/** Workflow id of an account's deletion: one per account, so asking twice joins the running one. */
export const deleteAccountWorkflowId = (userId: number) => `delete-account-${userId}`;
