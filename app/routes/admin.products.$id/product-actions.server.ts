// The admin product page's actions, one per form: details, one option (variant), and the archive/restore buttons.
import { parseWithZod } from '@conform-to/zod/v4';
import { PRODUCT_INTENTS } from '#app/components/admin/product/product-intents.ts';
import { done, invalidInput, refused } from '#app/utils/form-answer.server.ts';
import { productChangeSchema, productSchema, variantSchema } from '#core/schemas/admin-product.ts';
import { saveProduct, saveVariant, setProductArchived, setVariantArchived } from '#server/catalog/product-admin.server.ts';
import { db } from '#server/db.server.ts';

export async function saveProductAction(productId: number, form: FormData) {
  const submission = parseWithZod(form, { schema: productSchema });
  if (submission.status !== 'success') return invalidInput(PRODUCT_INTENTS.product, submission);
  const saved = await saveProduct(await db(), submission.value, productId);
  if (!saved.ok) return refused(PRODUCT_INTENTS.product, submission, saved);
  return done(PRODUCT_INTENTS.product, submission, 'Product saved.');
}

export async function saveVariantAction(productId: number, form: FormData) {
  const submission = parseWithZod(form, { schema: variantSchema });
  if (submission.status !== 'success') return invalidInput(PRODUCT_INTENTS.variant, submission);
  const saved = await saveVariant(await db(), productId, submission.value);
  if (!saved.ok) return refused(PRODUCT_INTENTS.variant, submission, saved);
  const added = !submission.value.variantId;
  return done(
    PRODUCT_INTENTS.variant,
    submission,
    added ? `Option ${submission.value.sku} added.` : `Option ${submission.value.sku} saved.`,
    {
      resetForm: added,
    },
  );
}

export async function changeAction(productId: number, form: FormData) {
  const submission = parseWithZod(form, { schema: productChangeSchema });
  if (submission.status !== 'success') return invalidInput(PRODUCT_INTENTS.change, submission);
  const { change, variantId } = submission.value;
  const em = await db();
  const result =
    change === 'archive' || change === 'restore'
      ? await setProductArchived(em, productId, change === 'archive')
      : variantId
        ? await setVariantArchived(em, productId, variantId, change === 'archive-variant')
        : ({ ok: false, message: 'Choose an option' } as const);
  if (!result.ok) return refused(PRODUCT_INTENTS.change, submission, result);
  return done(PRODUCT_INTENTS.change, submission, result.message);
}
