// The local payment page (/dev/pay/:sessionId), the stand-in for Stripe Checkout: one form with the
// payer's details, the shipping address when the order has physical items, and the promotion code, sent
// with one of four intents; and the "let the session expire" button, a form of its own.
import { z } from 'zod';
import { emailField } from './account';
import { applyPromoSchema } from './promo-code';

export const localPaymentIntents = {
  pay: 'pay',
  decline: 'decline',
  applyCode: 'apply-code',
  removeCode: 'remove-code',
  expire: 'expire',
} as const;

export const payerSchema = z.object({
  email: emailField,
  name: z.string({ error: 'Enter the name on the card' }).trim().min(1, 'Enter the name on the card').max(120, 'Name is too long'),
});

export const shippingAddressSchema = z.object({
  line1: z.string({ error: 'Enter the street address' }).trim().min(1, 'Enter the street address').max(200, 'At most 200 characters'),
  line2: z.string().trim().max(200, 'At most 200 characters').default(''),
  city: z.string({ error: 'Enter the city' }).trim().min(1, 'Enter the city').max(100, 'At most 100 characters'),
  postal_code: z.string({ error: 'Enter the postal code' }).trim().min(1, 'Enter the postal code').max(20, 'At most 20 characters'),
  country: z
    .string({ error: 'Choose a country' })
    .trim()
    .regex(/^[A-Z]{2}$/, 'Choose a country'),
});

/** The code field: the same rules as wherever a customer types a promotion code. */
const promoCode = applyPromoSchema.shape.promoCode;

/** A typed-in code rides along with the other intents; blank is no code. */
const typedPromoCode = z.string().trim().optional();

const payerWithAddressSchema = payerSchema.extend(shippingAddressSchema.shape);

/** The intents of the payment form, for a payer with or without a shipping address. */
function paymentIntentsFor<Payer extends z.ZodRawShape>(payer: z.ZodObject<Payer>) {
  const intents = z.discriminatedUnion(
    'intent',
    [
      payer.extend({ intent: z.literal(localPaymentIntents.pay), promoCode: typedPromoCode }),
      payer.extend({ intent: z.literal(localPaymentIntents.decline), promoCode: typedPromoCode }),
      z.object({
        intent: z.literal(localPaymentIntents.applyCode),
        promoCode,
        // Only used when it is a valid address: a code can be applied before the email is typed.
        email: z.string().trim().optional(),
      }),
      z.object({ intent: z.literal(localPaymentIntents.removeCode) }),
    ],
    { error: 'Choose Pay, or apply a promotion code' },
  );
  // A code typed but not applied is applied first, whatever the button: pressing Enter in the code field
  // submits with the form's default button (Pay), and the person should see the new total before paying.
  return z.preprocess((input) => {
    if (typeof input !== 'object' || input === null) return input;
    const fields = input as Record<string, unknown>;
    const typedCode = typeof fields.promoCode === 'string' && fields.promoCode.trim() !== '';
    return fields.intent === localPaymentIntents.pay && typedCode ? { ...fields, intent: localPaymentIntents.applyCode } : input;
  }, intents);
}

const paymentWithShippingSchema = paymentIntentsFor(payerWithAddressSchema);
const paymentWithoutShippingSchema = paymentIntentsFor(payerSchema);

/**
 * The payment form. Which fields are required depends on the intent: paying and declining need the payer
 * (and the address when shipping is collected), applying a code needs the code and uses the email if it is
 * there (per-customer limits), removing it needs nothing.
 */
export function localPaymentSchema({
  collectShipping,
}: {
  collectShipping: boolean;
}): typeof paymentWithShippingSchema | typeof paymentWithoutShippingSchema {
  return collectShipping ? paymentWithShippingSchema : paymentWithoutShippingSchema;
}

/** Every field the payment form can have (which ones an intent needs is the schema's business). */
export type LocalPaymentFields = z.input<typeof payerSchema> &
  Partial<z.input<typeof shippingAddressSchema>> & { intent: string; promoCode?: string };

export type LocalPaymentSubmission = z.output<ReturnType<typeof localPaymentSchema>>;

/** "Let the session expire": no fields, only its intent. */
export const expireSessionSchema = z.object({ intent: z.literal(localPaymentIntents.expire) });
