// The admin's product forms (/admin/products): a product's details, one of its variants, a photo's words,
// and the buttons that archive or restore. Prices are typed as "12.50" and kept in minor units.
import { z } from 'zod';
import { PRINT_SIZES } from '../design/themes';
import { parseDecimal } from '../money';
import { FULFILMENTS } from '../print-provider';
import { SLUG_MAX, SLUG_PATTERN } from '../slug';
import { TAX_CATEGORIES } from '../tax';

/** draft: being prepared, not in the shop; active: for sale; archived: out of the shop for good, kept for old orders. */
export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const PRODUCT_KIND_LABELS = { print: 'Personalised print', good: 'Plain goods' } as const;
export const GOOD_ART_CHOICES = ['frame', 'tote', 'mug', 'card'] as const;
export const SKU_PATTERN = /^[A-Z0-9]+(?:[-_][A-Z0-9]+)*$/;
/** The highest price the shop takes for one item: €100,000.00. */
export const PRICE_MAX = 10_000_000;
export const WEIGHT_MAX_GRAMS = 100_000;
/** The most print credits one file may cost, and the most one credit pack may grant. */
export const CREDITS_PRICE_MAX = 1000;
export const CREDITS_PACK_MAX = 10_000;

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `At most ${max} characters`);

/** A required "12.50" price in minor units. */
const price = z
  .string({ error: 'Enter the price, like 24.00' })
  .trim()
  .transform((v, ctx) => {
    const minor = parseDecimal(v);
    if (minor == null) {
      ctx.addIssue({ code: 'custom', message: 'Enter the price, like 24.00' });
      return z.NEVER;
    }
    if (minor > PRICE_MAX) {
      ctx.addIssue({ code: 'custom', message: 'At most 100000.00' });
      return z.NEVER;
    }
    return minor;
  });

const optionalWhole = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) {
        ctx.addIssue({ code: 'custom', message: `${label}: a whole number from ${min} to ${max.toLocaleString('en')}` });
        return z.NEVER;
      }
      return Number(v);
    });

export const productSchema = z
  .object({
    title: text('title', 200),
    // Blank: made from the title.
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .max(SLUG_MAX, `At most ${SLUG_MAX} characters`)
      .optional()
      .refine((s) => !s || SLUG_PATTERN.test(s), 'Lowercase letters, digits and single dashes, like oak-frame'),
    description: text('description', 5000),
    kind: z.enum(['print', 'good'], { error: 'Choose what kind of product it is' }),
    art: z.enum(GOOD_ART_CHOICES, { error: 'Choose an illustration' }).optional(),
    personalisable: z.boolean().default(false),
    status: z.enum(['draft', 'active'], { error: 'Choose draft or active' }),
  })
  .superRefine((p, ctx) => {
    if (p.personalisable && p.kind !== 'print')
      ctx.addIssue({ code: 'custom', path: ['personalisable'], message: 'Only personalised prints take a personalisation' });
  });
export type ProductInput = z.output<typeof productSchema>;

export const variantSchema = z
  .object({
    // Absent: a new variant.
    variantId: z.number().int().positive().optional(),
    sku: z
      .string({ error: 'Enter the SKU' })
      .trim()
      .toUpperCase()
      .min(1, 'Enter the SKU')
      .max(64, 'At most 64 characters')
      .refine((s) => SKU_PATTERN.test(s), 'Letters, digits and single dashes, like MUG-BLUE'),
    title: text('option name', 200),
    format: z.enum(['digital', 'physical', 'bundle'], { error: 'Choose digital, physical or both' }),
    printSize: z.enum(PRINT_SIZES, { error: 'Choose a print size' }).optional(),
    price,
    compareAtPrice: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return null;
        const minor = parseDecimal(v);
        if (minor == null || minor > PRICE_MAX) {
          ctx.addIssue({ code: 'custom', message: 'Enter the former price, like 29.00, or leave it blank' });
          return z.NEVER;
        }
        return minor;
      }),
    weightGrams: optionalWhole('Weight in grams', 1, WEIGHT_MAX_GRAMS),
    lowStockThreshold: optionalWhole('Low-stock warning', 0, 10_000),
    // Blank: a file costs one credit.
    creditsPrice: optionalWhole('Price in credits', 1, CREDITS_PRICE_MAX),
    // Set: the option is a credit pack, granting that many credits when paid for.
    grantsCredits: optionalWhole('Credits granted', 1, CREDITS_PACK_MAX),
    // Absent: a new option's is worked out from its format and the product's kind (defaultTaxCategory), an existing
    // option keeps its own.
    taxCategory: z.enum(TAX_CATEGORIES, { error: 'Choose a tax category' }).optional(),
    // Who makes and ships it: the studio by hand, or the print provider as its product `providerProductId`.
    fulfilment: z.enum(FULFILMENTS, { error: 'Choose who makes and ships it' }).default('manual'),
    providerProductId: z
      .string()
      .trim()
      .max(200, 'At most 200 characters')
      .optional()
      .transform((v) => v || null),
  })
  .superRefine((v, ctx) => {
    if (v.compareAtPrice != null && v.compareAtPrice <= v.price)
      ctx.addIssue({ code: 'custom', path: ['compareAtPrice'], message: 'The former price must be above the price' });
    if (v.format !== 'digital' && v.weightGrams == null)
      ctx.addIssue({ code: 'custom', path: ['weightGrams'], message: 'Enter the packed weight: it ships' });
    if (v.creditsPrice != null && v.format !== 'digital')
      ctx.addIssue({ code: 'custom', path: ['creditsPrice'], message: 'Only digital files are paid with credits: leave it blank' });
    if (v.grantsCredits != null) {
      if (v.format !== 'digital')
        ctx.addIssue({ code: 'custom', path: ['grantsCredits'], message: 'A credit pack has nothing to ship: choose Digital files' });
      if (v.creditsPrice != null)
        ctx.addIssue({ code: 'custom', path: ['creditsPrice'], message: 'A credit pack cannot be paid for with credits: leave it blank' });
      if (v.printSize)
        ctx.addIssue({ code: 'custom', path: ['printSize'], message: 'A credit pack has no file to print: leave the size blank' });
    }
    if (v.fulfilment === 'provider') {
      if (v.format === 'digital')
        ctx.addIssue({
          code: 'custom',
          path: ['fulfilment'],
          message: 'The print provider only makes prints that ship: choose Physical or Physical + files',
        });
      else if (!v.printSize)
        ctx.addIssue({ code: 'custom', path: ['fulfilment'], message: 'The print provider makes prints: choose the print size' });
      if (!v.providerProductId)
        ctx.addIssue({
          code: 'custom',
          path: ['providerProductId'],
          message: 'Enter the provider’s product id (Gelato’s productUid) for this print',
        });
    }
  });
export type VariantInput = z.output<typeof variantSchema>;

/** The buttons on a product's page that are not a form of fields. */
export const PRODUCT_CHANGES = ['archive', 'restore', 'archive-variant', 'restore-variant'] as const;
export const productChangeSchema = z.object({
  change: z.enum(PRODUCT_CHANGES, { error: 'Unknown action' }),
  variantId: z.number().int().positive().optional(),
});
export type ProductChange = z.output<typeof productChangeSchema>;

export const PHOTO_MAX_BYTES = 15 * 1024 * 1024;
/** 24 megapixels: a 6000 × 4000 camera photo passes, a 40-megapixel one does not. */
export const MAX_PIXELS = 24_000_000;
export const MIN_SIDE = 200;
export const MAX_PHOTOS = 12;
export const PHOTO_TOO_LARGE = 'The file is over 15 MB: export the photo smaller';

/** The photo upload: the file is judged by its bytes on the server (server/catalog/product-photos.server.ts). */
export const photoUploadSchema = z.object({
  photo: z.file({ error: 'Choose a photo' }).min(1, 'The file is empty').max(PHOTO_MAX_BYTES, PHOTO_TOO_LARGE),
  alt: text('description of the photo', 300),
});

export const photoDeleteSchema = z.object({ imageId: z.number({ error: 'Choose a photo' }).int().positive() });
