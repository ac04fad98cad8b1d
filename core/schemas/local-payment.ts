// The local payment page (/dev/pay/:sessionId), the stand-in for Stripe Checkout: one form with the
// payer's details, the shipping address when the order has physical items (else, with VAT on, the billing
// country), and the promotion code, sent with one of five intents; and the "let the session expire" button, a
// form of its own.
import { z } from 'zod';
import { emailField } from './account';
import { applyPromoSchema } from './promo-code';

export const localPaymentIntents = {
  pay: 'pay',
  decline: 'decline',
  applyCode: 'apply-code',
  removeCode: 'remove-code',
  /** Shows the VAT for the country chosen (without JavaScript; with it, the page recomputes as the country changes). */
  updateCountry: 'update-country',
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

/** The billing country Stripe asks for when there is no shipping address and VAT depends on the country. */
const billingCountrySchema = z.object({ country: shippingAddressSchema.shape.country });

/** The code field: the same rules as wherever a customer types a promotion code. */
const promoCode = applyPromoSchema.shape.promoCode;

/** A typed-in code rides along with the other intents; blank is no code. */
const typedPromoCode = z.string().trim().optional();

const payerWithAddressSchema = payerSchema.extend(shippingAddressSchema.shape);
const payerWithBillingCountrySchema = payerSchema.extend(billingCountrySchema.shape);

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
      billingCountrySchema.extend({ intent: z.literal(localPaymentIntents.updateCountry) }),
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
const paymentWithBillingCountrySchema = paymentIntentsFor(payerWithBillingCountrySchema);
const paymentWithoutShippingSchema = paymentIntentsFor(payerSchema);

/**
 * The payment form. Which fields are required depends on the intent: paying and declining need the payer
 * (and the address when shipping is collected, or the billing country when it decides the VAT), applying a
 * code needs the code and uses the email if it is there (per-customer limits), removing it needs nothing,
 * updating the VAT needs the country.
 */
export function localPaymentSchema({
  collectShipping,
  collectBillingCountry,
}: {
  collectShipping: boolean;
  collectBillingCountry: boolean;
}): typeof paymentWithShippingSchema | typeof paymentWithBillingCountrySchema | typeof paymentWithoutShippingSchema {
  if (collectShipping) return paymentWithShippingSchema;
  return collectBillingCountry ? paymentWithBillingCountrySchema : paymentWithoutShippingSchema;
}

/** Every field the payment form can have (which ones an intent needs is the schema's business). */
export type LocalPaymentFields = z.input<typeof payerSchema> &
  Partial<z.input<typeof shippingAddressSchema>> & { intent: string; promoCode?: string };

export type LocalPaymentSubmission = z.output<ReturnType<typeof localPaymentSchema>>;

/** "Let the session expire": no fields, only its intent. */
export const expireSessionSchema = z.object({ intent: z.literal(localPaymentIntents.expire) });
