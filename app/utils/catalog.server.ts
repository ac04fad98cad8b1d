import type { EntityManager } from '@mikro-orm/postgresql';
import { Product } from '#db/entities/product.ts';

export interface VariantView {
  id: number;
  sku: string;
  title: string;
  format: 'digital' | 'physical' | 'bundle';
  printSize: 'A4' | 'A3' | '50x70' | null;
  price: number;
  currency: string;
}

export interface ProductView {
  slug: string;
  title: string;
  description: string;
  kind: 'print' | 'good';
  art: 'frame' | 'tote' | 'mug' | 'card' | null;
  personalisable: boolean;
  variants: VariantView[];
  fromPrice: number;
  currency: string;
}

function view(p: Product): ProductView {
  const variants = p.variants
    .getItems()
    .filter((v) => v.active)
    .map((v) => ({ id: v.id, sku: v.sku, title: v.title, format: v.format, printSize: v.printSize, price: v.price, currency: v.currency }));
  return {
    slug: p.slug,
    title: p.title,
    description: p.description,
    kind: p.kind,
    art: p.art,
    personalisable: p.personalisable,
    variants,
    fromPrice: Math.min(...variants.map((v) => v.price)),
    currency: variants[0]?.currency ?? 'eur',
  };
}

export async function listProducts(em: EntityManager): Promise<ProductView[]> {
  const products = await em.find(Product, { active: true }, { populate: ['variants'], orderBy: { position: 'asc' } });
  return products.map(view).filter((p) => p.variants.length > 0);
}

export async function getProduct(em: EntityManager, slug: string): Promise<ProductView | null> {
  const product = await em.findOne(Product, { slug, active: true }, { populate: ['variants'] });
  return product ? view(product) : null;
}
