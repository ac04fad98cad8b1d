import { z } from 'zod';

/** `<userId>.<signature>`: a user id and the first 32 base64url characters of its HMAC (core/unsubscribe.ts). */
export const UNSUBSCRIBE_TOKEN_PATTERN = /^([1-9]\d{0,9})\.([A-Za-z0-9_-]{32})$/;

export const INVALID_UNSUBSCRIBE_LINK =
  'This unsubscribe link is not valid. Copy the whole link from the email, or change your emails in your account.';

/**
 * The one-click unsubscribe: the signed token from the link (the page's button sends it as a field; mail
 * apps post to the link itself, so the route puts the URL's token in). Only its shape is checked here:
 * the signature needs the shop's secret and is checked on the server.
 */
export const unsubscribeSchema = z.object({
  token: z.string({ error: INVALID_UNSUBSCRIBE_LINK }).regex(UNSUBSCRIBE_TOKEN_PATTERN, INVALID_UNSUBSCRIBE_LINK),
});
