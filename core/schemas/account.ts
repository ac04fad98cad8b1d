import { z } from 'zod';

export const emailField = z
  .string({ error: 'Enter your email address' })
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'That email address is too long')
  .pipe(z.email('Enter a valid email address, like name@example.com'));

export const loginSchema = z.object({
  email: emailField,
  redirectTo: z.string().max(512).optional(),
});

export const orderLookupSchema = z.object({
  orderNumber: z
    .string({ error: 'Enter your order number' })
    .trim()
    .toUpperCase()
    .min(1, 'Enter your order number')
    .max(32, 'That order number is too long')
    .regex(/^[A-Z]{2,6}-\d{4}-[0-9A-Z]{8}$/, 'Order numbers look like ATL-2026-7K3M9Q2B'),
  email: emailField,
});

export const profileSchema = z.object({
  name: z.string().trim().max(120, 'Your name must be at most 120 characters'),
});

// Checkboxes: a ticked box sends "on", an unticked one sends nothing.
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true');

export const emailPreferencesSchema = z.object({
  marketingEmails: checkbox,
  campaignEmails: checkbox,
});
