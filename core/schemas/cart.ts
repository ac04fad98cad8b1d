import { z } from 'zod';
import { MAX_QUANTITY, MIN_QUANTITY } from '../pricing';
import { personalisationSchema } from './personalisation';

export const quantitySchema = z.coerce
  .number({ error: 'Quantity must be a number' })
  .int('Quantity must be a whole number')
  .min(MIN_QUANTITY, `Quantity must be between ${MIN_QUANTITY} and ${MAX_QUANTITY}`)
  .max(MAX_QUANTITY, `Quantity must be between ${MIN_QUANTITY} and ${MAX_QUANTITY}`);

/** "Add to cart" on a product page without personalisation (goods). */
export const addToCartSchema = z.object({
  variantId: z.coerce.number({ error: 'Choose an option' }).int('Choose an option').positive('Choose an option'),
  quantity: quantitySchema,
});

/** "Add to cart" on a personalisable product: the option, the quantity and the personalisation. */
export const addPersonalisedToCartSchema = addToCartSchema.extend(personalisationSchema.shape);

const cartItemId = z.coerce
  .number({ error: 'That item is no longer in your cart' })
  .int('That item is no longer in your cart')
  .positive('That item is no longer in your cart');

/** The cart page's forms, told apart by their `intent` field. */
export const cartIntents = { updateQuantity: 'update', removeItem: 'remove' } as const;

export const updateCartItemSchema = z.object({
  itemId: cartItemId,
  quantity: quantitySchema,
});

export const removeCartItemSchema = z.object({
  itemId: cartItemId,
});
