import { TAX_CATEGORIES, type TaxCategory } from '#core/tax.ts';
import { Collection, EntitySchema, type Opt } from '@mikro-orm/core';
import type { Currency } from '#core/money.ts';
import type { VariantFormat } from '#core/pricing.ts';
import type { PrintSize } from '#core/design/themes.ts';
import { PRODUCT_STATUSES, type ProductStatus } from '#core/schemas/admin-product.ts';
import { FULFILMENTS, type Fulfilment } from '#core/print-provider.ts';
import { BaseEntity, BaseEntitySchema } from './base';

export { PRODUCT_STATUSES, type ProductStatus };

export const PRODUCT_KINDS = ['print', 'good'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];
export const GOOD_ART = ['frame', 'tote', 'mug', 'card'] as const;
export type GoodArt = (typeof GOOD_ART)[number];

export class Product extends BaseEntity {
  slug: string;
  title: string;
  description: string;
  kind: ProductKind;
  /** For plain goods: which illustration shows it. */
  art: GoodArt | null = null;
  personalisable: boolean & Opt = false;
  status: ProductStatus & Opt = 'active';
  position: number & Opt = 0;
  variants = new Collection<Variant>(this);
  images = new Collection<ProductImage>(this);

  constructor(props: { slug: string; title: string; description: string; kind: ProductKind }) {
    super();
    this.slug = props.slug;
    this.title = props.title;
    this.description = props.description;
    this.kind = props.kind;
  }
}

export class Variant extends BaseEntity {
  product: Product;
  sku: string;
  title: string;
  format: VariantFormat;
  printSize: PrintSize | null = null;
  price: number;
  /** The "was" price shown struck through; above price when set. */
  compareAtPrice: number | null = null;
  /** Packed weight, for shipping. */
  weightGrams: number | null = null;
  currency: Currency & Opt = 'eur';
  /** False: archived — out of the shop, kept for the orders that name it. */
  active: boolean & Opt = true;
  position: number & Opt = 0;
  /** Physical goods kept in stock count it; made-to-order and digital variants do not (never sold out). */
  trackInventory: boolean & Opt = false;
  /** What is on the shelf, and how much of it open checkouts hold (core/stock.ts). Sums of stock_movements. */
  onHand: number & Opt = 0;
  reserved: number & Opt = 0;
  /** "Only N left" at or under this many. */
  lowStockThreshold: number & Opt = 3;
  /** Which VAT rate applies (core/tax.ts); the migration set it from the format and the product's kind. */
  taxCategory: TaxCategory & Opt = 'general';
  /** Files only: what the variant costs in print credits (none set: one credit). */
  creditsPrice: number | null = null;
  /** A credit pack: the credits paying for it grants (it has no file to make and nothing to ship). */
  grantsCredits: number | null = null;
  /** Physical prints: made in the studio (`manual`) or by the print provider, as its product `providerProductId`. */
  fulfilment: Fulfilment & Opt = 'manual';
  providerProductId: string | null = null;

  constructor(props: { product: Product; sku: string; title: string; format: VariantFormat; price: number }) {
    super();
    this.product = props.product;
    this.sku = props.sku;
    this.title = props.title;
    this.format = props.format;
    this.price = props.price;
  }
}

/** A photo uploaded by the admin: checked and re-encoded (server/catalog/product-photos.server.ts), kept in the shop's storage. */
export class ProductImage extends BaseEntity {
  product: Product;
  /** Storage key, `products/<productId>/<random>.webp`. */
  storageKey: string;
  width: number;
  height: number;
  bytes: number;
  alt: string;
  position: number & Opt = 0;

  constructor(props: { product: Product; storageKey: string; width: number; height: number; bytes: number; alt: string }) {
    super();
    this.product = props.product;
    this.storageKey = props.storageKey;
    this.width = props.width;
    this.height = props.height;
    this.bytes = props.bytes;
    this.alt = props.alt;
  }
}

export const ProductSchema = new EntitySchema<Product, BaseEntity>({
  class: Product,
  extends: BaseEntitySchema,
  tableName: 'products',
  properties: {
    slug: { type: 'string', length: 120, unique: true },
    title: { type: 'string', length: 200 },
    description: { type: 'text' },
    kind: { enum: true, items: () => [...PRODUCT_KINDS] },
    art: { enum: true, items: () => [...GOOD_ART], nullable: true },
    personalisable: { type: 'boolean', default: false },
    status: { enum: true, items: () => [...PRODUCT_STATUSES], default: 'active', index: true },
    position: { type: 'integer', default: 0 },
    variants: { kind: '1:m', entity: () => Variant, mappedBy: 'product', orderBy: { position: 'asc', id: 'asc' } },
    images: { kind: '1:m', entity: () => ProductImage, mappedBy: 'product', orderBy: { position: 'asc', id: 'asc' } },
  },
});

export const VariantSchema = new EntitySchema<Variant, BaseEntity>({
  class: Variant,
  extends: BaseEntitySchema,
  tableName: 'product_variants',
  properties: {
    product: { kind: 'm:1', entity: () => Product, deleteRule: 'cascade' },
    sku: { type: 'string', length: 64, unique: true },
    title: { type: 'string', length: 200 },
    format: { enum: true, items: () => ['digital', 'physical', 'bundle'] },
    printSize: { enum: true, items: () => ['A4', 'A3', '50x70'], nullable: true },
    price: { type: 'integer' },
    compareAtPrice: { type: 'integer', nullable: true },
    weightGrams: { type: 'integer', nullable: true },
    currency: { type: 'string', length: 3, default: 'eur' },
    active: { type: 'boolean', default: true },
    position: { type: 'integer', default: 0 },
    trackInventory: { type: 'boolean', default: false },
    onHand: { type: 'integer', default: 0 },
    reserved: { type: 'integer', default: 0 },
    lowStockThreshold: { type: 'integer', default: 3 },
    taxCategory: { enum: true, items: () => [...TAX_CATEGORIES], default: 'general' },
    creditsPrice: { type: 'integer', nullable: true },
    grantsCredits: { type: 'integer', nullable: true },
    fulfilment: { enum: true, items: () => [...FULFILMENTS], default: 'manual' },
    providerProductId: { type: 'string', length: 200, nullable: true },
  },
});

export const ProductImageSchema = new EntitySchema<ProductImage, BaseEntity>({
  class: ProductImage,
  extends: BaseEntitySchema,
  tableName: 'product_images',
  properties: {
    product: { kind: 'm:1', entity: () => Product, deleteRule: 'cascade', index: true },
    storageKey: { type: 'string', length: 200, unique: true },
    width: { type: 'integer' },
    height: { type: 'integer' },
    bytes: { type: 'integer' },
    alt: { type: 'string', length: 300 },
    position: { type: 'integer', default: 0 },
  },
});
