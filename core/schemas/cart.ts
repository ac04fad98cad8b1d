import { z } from 'zod';
import { MAX_QUANTITY, MIN_QUANTITY } from '../pricing';

export const quantitySchema = z.coerce
  .number({ error: 'Quantity must be a number' })
  .int('Quantity must be a whole number')
  .min(MIN_QUANTITY, `Quantity must be between ${MIN_QUANTITY} and ${MAX_QUANTITY}`)
  .max(MAX_QUANTITY, `Quantity must be between ${MIN_QUANTITY} and ${MAX_QUANTITY}`);

export const addToCartSchema = z.object({
  variantId: z.coerce.number({ error: 'Choose an option' }).int().positive('Choose an option'),
  quantity: quantitySchema,
});

export const updateCartItemSchema = z.object({
  itemId: z.coerce.number().int().positive(),
  quantity: quantitySchema,
});

export const removeCartItemSchema = z.object({
  itemId: z.coerce.number().int().positive(),
});
