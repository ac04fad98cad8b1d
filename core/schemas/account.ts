import { z } from 'zod';

export const emailField = z
  .string({ error: 'Enter your email address' })
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'That email address is too long')
  .pipe(z.email('Enter a valid email address, like name@example.com'));

/** "Email me a sign-in link" on /login. */
export const loginSchema = z.object({
  email: emailField,
  redirectTo: z.string().max(512).optional(),
});

/** A sign-in token as it arrives from the emailed link: 43 base64url characters (32 random bytes). */
export const LOGIN_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const INVALID_SIGN_IN_LINK = 'This sign-in link is not valid. It may have been copied incompletely.';

/** The "Sign in" button on /auth/verify: the token from the link, in a hidden field. */
export const verifyLoginSchema = z.object({
  token: z.string({ error: INVALID_SIGN_IN_LINK }).regex(LOGIN_TOKEN_PATTERN, INVALID_SIGN_IN_LINK),
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

/** The account's profile: a blank name clears it. */
export const profileSchema = z.object({
  name: z.string().trim().max(120, 'Your name must be at most 120 characters').default(''),
});

// Checkboxes: a ticked box sends "on" (a boolean to conform), an unticked one sends nothing.
export const emailPreferencesSchema = z.object({
  marketingEmails: z.boolean({ error: 'Tick the box or leave it empty' }).default(false),
  campaignEmails: z.boolean({ error: 'Tick the box or leave it empty' }).default(false),
});
