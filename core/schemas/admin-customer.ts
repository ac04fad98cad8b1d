// The forms of the admin's customer page (/admin/customers/:id), one schema each (unblocking is a
// button: core/schemas/button-form.ts).
import { z } from 'zod';

export const BLOCK_REASON_MAX = 500;

export const blockCustomerSchema = z.object({
  reason: z
    .string({ error: 'Say why, so the customer can be told' })
    .trim()
    .min(1, 'Say why, so the customer can be told')
    .max(BLOCK_REASON_MAX, 'At most 500 characters'),
});

/** Superadmins move accounts between customer and admin; superadmins are made in the database only. */
export const changeRoleSchema = z.object({
  role: z.enum(['customer', 'admin'], { error: 'Choose customer or admin' }),
});
