// The data-rights forms: a customer deleting their own account (/account/privacy), and an admin deleting one
// for a request received by email (/admin/customers/:id).
import { z } from 'zod';
import { BLOCK_REASON_MAX } from './admin-customer.ts';

/** A checkbox that must be ticked (conform sends "on"; an unticked box sends nothing). */
const ticked = (message: string) => z.literal('on', { error: message });

export const deleteAccountSchema = z.object({
  confirm: ticked('Tick the box to confirm that your account should be deleted'),
});

export const adminDeleteAccountSchema = z.object({
  /** How the request reached the shop: kept with the deletion record. */
  request: z
    .string({ error: 'Say how the request reached you (e.g. “email of 3 December from the account’s address”)' })
    .trim()
    .min(1, 'Say how the request reached you (e.g. “email of 3 December from the account’s address”)')
    .max(BLOCK_REASON_MAX, 'At most 500 characters'),
  confirm: ticked('Tick the box to confirm the deletion'),
});
