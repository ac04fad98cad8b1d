// The admin's catalog: create and edit products and their variants, archive and restore. The seed goes
// through saveProduct and saveVariant too, so the shop's own products obey the same rules as the admin's.
// Nothing here deletes a product or a variant: orders keep their own copy of titles and prices, and an
// archived product only leaves the shop.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProductInput, VariantInput } from '#core/schemas/admin-product.ts';
import { slugify } from '#core/slug.ts';
import { defaultTaxCategory } from '#core/tax.ts';
import { Product, Variant } from '#db/entities/product.ts';
import { invalidateCatalog } from './catalog.server.ts';

export type Saved<Field extends string> = { ok: true; id: number } | { ok: false; field: Field | null; message: string };

const NO_VARIANT = 'Add at least one option (variant) before putting the product on sale.';

async function slugTaken(em: EntityManager, slug: string, productId: number | undefined): Promise<Product | null> {
  return em.findOne(Product, { slug, ...(productId ? { id: { $ne: productId } } : {}) });
}

/** Creates the product (productId absent) or changes it. A blank slug is made from the title. */
export async function saveProduct(
  em: EntityManager,
  input: ProductInput,
  productId?: number,
): Promise<Saved<'slug' | 'status' | 'art' | 'title' | 'personalisable'>> {
  const slug = input.slug || slugify(input.title);
  if (!slug) return { ok: false, field: 'slug', message: 'Type a slug: the title has no letters or digits to make one from' };
  const taken = await slugTaken(em, slug, productId);
  if (taken) return { ok: false, field: 'slug', message: `${slug} is already the address of “${taken.title}”: choose another` };
  let product: Product | null = null;
  if (productId) {
    product = await em.findOne(Product, { id: productId }, { populate: ['variants'] });
    if (!product) return { ok: false, field: null, message: 'That product does not exist' };
    if (product.status === 'archived')
      return { ok: false, field: 'status', message: 'This product is archived: restore it before changing it' };
  }
  if (input.status === 'active' && !product?.variants.getItems().some((v) => v.active))
    return { ok: false, field: 'status', message: NO_VARIANT };
  const pack = input.personalisable ? product?.variants.getItems().find((v) => v.grantsCredits != null) : undefined;
  if (pack)
    return {
      ok: false,
      field: 'personalisable',
      message: `${pack.sku} is a credit pack, which takes no personalisation: clear its credits granted first`,
    };
  if (!product) {
    product = new Product({ slug, title: input.title, description: input.description, kind: input.kind });
    const [last] = await em.getConnection().execute<Array<{ max: number | null }>>('select max(position) as max from products');
    product.position = (last?.max ?? -1) + 1;
    product.art = input.kind === 'good' ? (input.art ?? 'frame') : null;
    em.persist(product);
  }
  if (input.kind === 'good') product.art = input.art ?? product.art ?? 'frame';
  else product.art = null;
  product.slug = slug;
  product.title = input.title;
  product.description = input.description;
  product.kind = input.kind;
  product.personalisable = input.personalisable;
  product.status = input.status;
  try {
    await em.flush();
  } catch (err) {
    // Two admins saving the same slug at once: the unique index decides.
    if (err instanceof UniqueConstraintViolationException) {
      em.clear();
      return { ok: false, field: 'slug', message: `${slug} was just taken: choose another` };
    }
    throw err;
  }
  invalidateCatalog();
  return { ok: true, id: product.id };
}

type VariantField = 'sku' | 'printSize' | 'format' | 'weightGrams' | 'grantsCredits';

/** Adds a variant (input.variantId absent) or changes one. Orders made before keep their prices. */
export async function saveVariant(em: EntityManager, productId: number, input: VariantInput): Promise<Saved<VariantField>> {
  const product = await em.findOne(Product, { id: productId });
  if (!product) return { ok: false, field: null, message: 'That product does not exist' };
  if (product.status === 'archived') return { ok: false, field: null, message: 'This product is archived: restore it before changing it' };
  if (product.personalisable && input.grantsCredits != null)
    return {
      ok: false,
      field: 'grantsCredits',
      message: 'A credit pack takes no personalisation: sell it as a product that is not personalised',
    };
  if (product.personalisable && !input.printSize)
    return { ok: false, field: 'printSize', message: 'A personalised print needs its print size' };
  const sameSku = await em.findOne(Variant, { sku: input.sku }, { populate: ['product'] });
  if (sameSku && sameSku.id !== input.variantId)
    return { ok: false, field: 'sku', message: `${input.sku} is already used by “${sameSku.product.title} — ${sameSku.title}”` };
  let variant: Variant | null;
  if (input.variantId) {
    variant = await em.findOne(Variant, { id: input.variantId, product: productId });
    if (!variant) return { ok: false, field: null, message: 'That option does not exist' };
    if (input.format === 'digital' && variant.trackInventory)
      return {
        ok: false,
        field: 'format',
        message: 'This item is kept in stock; a digital file cannot be. Archive it and add a digital option',
      };
  } else {
    variant = new Variant({ product, sku: input.sku, title: input.title, format: input.format, price: input.price });
    variant.position = await em.count(Variant, { product: productId });
    em.persist(variant);
  }
  variant.sku = input.sku;
  variant.title = input.title;
  variant.format = input.format;
  variant.printSize = input.printSize ?? null;
  variant.price = input.price;
  variant.compareAtPrice = input.compareAtPrice;
  variant.weightGrams = input.format === 'digital' ? null : input.weightGrams;
  if (input.lowStockThreshold != null) variant.lowStockThreshold = input.lowStockThreshold;
  variant.creditsPrice = input.format === 'digital' ? input.creditsPrice : null;
  variant.grantsCredits = input.format === 'digital' ? input.grantsCredits : null;
  // The schema keeps the provider to prints that ship; digital files are never the provider's.
  variant.fulfilment = input.format === 'digital' ? 'manual' : input.fulfilment;
  variant.providerProductId = input.format === 'digital' ? null : input.providerProductId;
  if (input.taxCategory) variant.taxCategory = input.taxCategory;
  else if (!input.variantId) variant.taxCategory = defaultTaxCategory(input.format, product.kind);
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      em.clear();
      return { ok: false, field: 'sku', message: `${input.sku} was just taken: choose another` };
    }
    throw err;
  }
  invalidateCatalog();
  return { ok: true, id: variant.id };
}

export type ChangeResult = { ok: true; message: string } | { ok: false; message: string };

/** Archive: out of the shop (carts holding it are told at checkout), kept for orders. Restore: back as a draft. */
export async function setProductArchived(em: EntityManager, productId: number, archived: boolean): Promise<ChangeResult> {
  const product = await em.findOne(Product, { id: productId });
  if (!product) return { ok: false, message: 'That product does not exist' };
  if (archived === (product.status === 'archived')) return { ok: true, message: archived ? 'Already archived.' : 'Already restored.' };
  product.status = archived ? 'archived' : 'draft';
  await em.flush();
  invalidateCatalog();
  return {
    ok: true,
    message: archived ? `“${product.title}” is archived: it has left the shop.` : `“${product.title}” is restored as a draft.`,
  };
}

/** An archived variant leaves the product's options; the last active one of a product on sale cannot go. */
export async function setVariantArchived(
  em: EntityManager,
  productId: number,
  variantId: number,
  archived: boolean,
): Promise<ChangeResult> {
  const product = await em.findOne(Product, { id: productId }, { populate: ['variants'] });
  const variant = product?.variants.getItems().find((v) => v.id === variantId);
  if (!product || !variant) return { ok: false, message: 'That option does not exist' };
  if (archived && product.status === 'active' && !product.variants.getItems().some((v) => v.active && v.id !== variantId))
    return { ok: false, message: 'This is the last option on sale: archive the product instead, or add another option first.' };
  variant.active = !archived;
  await em.flush();
  invalidateCatalog();
  return { ok: true, message: archived ? `${variant.sku} is archived.` : `${variant.sku} is back on sale.` };
}
