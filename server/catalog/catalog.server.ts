import type { EntityManager } from '@mikro-orm/postgresql';
import { stockBadge, type StockBadge } from '#core/stock.ts';
import { Product, type ProductImage } from '#db/entities/product.ts';
import { PHOTO_SIZES, photoUrl } from './product-photos.server.ts';

export interface VariantView {
  id: number;
  sku: string;
  title: string;
  format: 'digital' | 'physical' | 'bundle';
  printSize: 'A4' | 'A3' | '50x70' | null;
  price: number;
  /** The former price, struck through beside the price; null when there is none. */
  compareAtPrice: number | null;
  currency: string;
  /** As of the catalog read (up to CATALOG_TTL_MS old): adding to the cart and checking out check the live level. */
  stock: StockBadge;
}

export interface PhotoView {
  alt: string;
  large: { src: string; width: number; height: number };
  thumb: { src: string; width: number; height: number };
}

export interface ProductView {
  slug: string;
  title: string;
  description: string;
  kind: 'print' | 'good';
  art: 'frame' | 'tote' | 'mug' | 'card' | null;
  personalisable: boolean;
  /** Photos uploaded in the admin, first one first. */
  photos: PhotoView[];
  variants: VariantView[];
  fromPrice: number;
  currency: string;
}

function photoView(image: ProductImage): PhotoView {
  const scale = Math.min(1, PHOTO_SIZES.thumb / Math.max(image.width, image.height));
  return {
    alt: image.alt,
    large: { src: photoUrl(image.storageKey, 'large'), width: image.width, height: image.height },
    thumb: {
      src: photoUrl(image.storageKey, 'thumb'),
      width: Math.max(1, Math.round(image.width * scale)),
      height: Math.max(1, Math.round(image.height * scale)),
    },
  };
}

function view(p: Product): ProductView {
  const variants = p.variants
    .getItems()
    .filter((v) => v.active)
    .map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      format: v.format,
      printSize: v.printSize,
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      currency: v.currency,
      stock: stockBadge(v),
    }));
  return {
    slug: p.slug,
    title: p.title,
    description: p.description,
    kind: p.kind,
    art: p.art,
    personalisable: p.personalisable,
    photos: p.images.getItems().map(photoView),
    variants,
    fromPrice: Math.min(...variants.map((v) => v.price)),
    currency: variants[0]?.currency ?? 'eur',
  };
}

// The catalog changes rarely and every page reads it, so reads are kept for a few seconds per process:
// a change shows everywhere within CATALOG_TTL_MS, and at once in a process that calls
// invalidateCatalog() after changing products. Cached views are shared between requests: never mutate them.
export const CATALOG_TTL_MS = 10_000;

/** A promise per key for ttlMs; concurrent callers share one query, a failed one is forgotten. */
class TtlCache<T> {
  private readonly entries = new Map<string, { expires: number; value: Promise<T> }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const entry = { expires: Date.now() + this.ttlMs, value: load() };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }
}

const productLists = new TtlCache<ProductView[]>(CATALOG_TTL_MS, 1);
// Unknown slugs are remembered too (a 404 costs no query); the map stays bounded, oldest out first.
const productsBySlug = new TtlCache<ProductView | null>(CATALOG_TTL_MS, 500);

export function invalidateCatalog(): void {
  productLists.clear();
  productsBySlug.clear();
}

export function listProducts(em: EntityManager): Promise<ProductView[]> {
  return productLists.get('active', async () => {
    const products = await em.find(
      Product,
      { status: 'active' },
      { populate: ['variants', 'images'], orderBy: { position: 'asc', id: 'asc' } },
    );
    return products.map(view).filter((p) => p.variants.length > 0);
  });
}

export function getProduct(em: EntityManager, slug: string): Promise<ProductView | null> {
  return productsBySlug.get(slug, async () => {
    const product = await em.findOne(Product, { slug, status: 'active' }, { populate: ['variants', 'images'] });
    return product ? view(product) : null;
  });
}
