// What the admin's catalog pages show: the product list (search, status filter, stock) and one product
// with every variant — archived ones too — its photos and whether orders name it.
import type { EntityManager } from '@mikro-orm/postgresql';
import { availableOf } from '#core/stock.ts';
import type { Fulfilment } from '#core/print-provider.ts';
import type { TaxCategory } from '#core/tax.ts';
import { Product, type ProductStatus } from '#db/entities/product.ts';
import { photoUrl } from './product-photos.server.ts';

export const ADMIN_PRODUCTS_PAGE = 25;

export interface AdminProductRow {
  id: number;
  title: string;
  slug: string;
  status: ProductStatus;
  variants: number;
  /** How many of the options on sale are credit packs. */
  creditPacks: number;
  minPrice: number | null;
  maxPrice: number | null;
  /** Sum of what tracked variants have available; null when none is tracked (made to order, digital). */
  available: number | null;
  photo: string | null;
}

export async function listAdminProducts(
  em: EntityManager,
  query: { q: string; status: ProductStatus | null; page: number },
): Promise<{ rows: AdminProductRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      '(p.title ilike ? or p.slug ilike ? or exists (select 1 from product_variants s where s.product_id = p.id and s.sku ilike ?))',
    );
    params.push(like, like, like);
  }
  if (query.status) {
    where.push('p.status = ?');
    params.push(query.status);
  }
  const filter = where.length ? `where ${where.join(' and ')}` : '';
  const conn = em.getConnection();
  const [rows, count] = await Promise.all([
    conn.execute<
      Array<{
        id: number;
        title: string;
        slug: string;
        status: ProductStatus;
        variants: number;
        credit_packs: number;
        min_price: number | null;
        max_price: number | null;
        tracked: number;
        on_hand: number | null;
        reserved: number | null;
        photo: string | null;
      }>
    >(
      `select p.id, p.title, p.slug, p.status,
              count(v.id) filter (where v.active)::int as variants,
              count(v.id) filter (where v.active and v.grants_credits is not null)::int as credit_packs,
              min(v.price) filter (where v.active) as min_price, max(v.price) filter (where v.active) as max_price,
              count(v.id) filter (where v.active and v.track_inventory)::int as tracked,
              sum(v.on_hand) filter (where v.active and v.track_inventory)::int as on_hand,
              sum(v.reserved) filter (where v.active and v.track_inventory)::int as reserved,
              (select i.storage_key from product_images i where i.product_id = p.id order by i.position, i.id limit 1) as photo
         from products p left join product_variants v on v.product_id = p.id
         ${filter}
        group by p.id
        order by p.status = 'archived', p.position, p.id
        limit ? offset ?`,
      [...params, ADMIN_PRODUCTS_PAGE, (query.page - 1) * ADMIN_PRODUCTS_PAGE],
    ),
    conn.execute<Array<{ n: string }>>(`select count(*) as n from products p ${filter}`, params),
  ]);
  return {
    total: Number(count[0]?.n ?? 0),
    rows: rows.map((r) => ({
      id: r.id,
      title: r.title,
      slug: r.slug,
      status: r.status,
      variants: r.variants,
      creditPacks: r.credit_packs,
      minPrice: r.min_price,
      maxPrice: r.max_price,
      available: r.tracked > 0 ? Math.max(0, (r.on_hand ?? 0) - (r.reserved ?? 0)) : null,
      photo: r.photo ? photoUrl(r.photo, 'thumb') : null,
    })),
  };
}

export interface AdminVariant {
  id: number;
  sku: string;
  title: string;
  format: 'digital' | 'physical' | 'bundle';
  printSize: 'A4' | 'A3' | '50x70' | null;
  price: number;
  compareAtPrice: number | null;
  weightGrams: number | null;
  active: boolean;
  tracked: boolean;
  available: number | null;
  lowStockThreshold: number;
  taxCategory: TaxCategory;
  /** Digital files: what one costs in print credits (null: one). */
  creditsPrice: number | null;
  /** A credit pack: the credits it grants. */
  grantsCredits: number | null;
  /** Who makes and ships it: the studio, or the print provider as its product `providerProductId`. */
  fulfilment: Fulfilment;
  providerProductId: string | null;
}

export interface AdminProduct {
  id: number;
  title: string;
  slug: string;
  description: string;
  kind: 'print' | 'good';
  art: 'frame' | 'tote' | 'mug' | 'card' | null;
  personalisable: boolean;
  status: ProductStatus;
  variants: AdminVariant[];
  photos: Array<{ id: number; src: string; alt: string; width: number; height: number }>;
  orderCount: number;
}

export async function adminProduct(em: EntityManager, id: number): Promise<AdminProduct | null> {
  const p = await em.findOne(Product, { id }, { populate: ['variants', 'images'] });
  if (!p) return null;
  const [orders] = await em
    .getConnection()
    .execute<Array<{ n: string }>>(
      'select count(distinct oi.order_id) as n from order_items oi join product_variants v on v.id = oi.variant_id where v.product_id = ?',
      [id],
    );
  return {
    id: p.id,
    title: p.title,
    slug: p.slug,
    description: p.description,
    kind: p.kind,
    art: p.art,
    personalisable: p.personalisable,
    status: p.status,
    variants: p.variants.getItems().map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      format: v.format,
      printSize: v.printSize,
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      weightGrams: v.weightGrams,
      active: v.active,
      tracked: v.trackInventory,
      available: availableOf(v),
      lowStockThreshold: v.lowStockThreshold,
      taxCategory: v.taxCategory,
      creditsPrice: v.creditsPrice,
      grantsCredits: v.grantsCredits,
      fulfilment: v.fulfilment,
      providerProductId: v.providerProductId,
    })),
    photos: p.images
      .getItems()
      .map((i) => ({ id: i.id, src: photoUrl(i.storageKey, 'thumb'), alt: i.alt, width: i.width, height: i.height })),
    orderCount: Number(orders?.n ?? 0),
  };
}
