import type { EntityManager } from '@mikro-orm/postgresql';
import type { PrintSize } from '#core/design/themes.ts';
import type { VariantFormat } from '#core/pricing.ts';
import { Product, Variant, type GoodArt, type ProductKind } from '../entities/product';
import { User } from '../entities/user';

interface SeedVariant {
  sku: string;
  title: string;
  format: VariantFormat;
  printSize?: PrintSize;
  price: number;
}

interface SeedProduct {
  slug: string;
  title: string;
  description: string;
  kind: ProductKind;
  art?: GoodArt;
  personalisable: boolean;
  variants: SeedVariant[];
}

export const CATALOG: SeedProduct[] = [
  {
    slug: 'night-sky-print-digital',
    title: 'Night Sky Print — Digital Download',
    description:
      'Your moment under its own sky: a personalised print with your title, place and date, delivered as a print-ready PNG (300 dpi) and a vector PDF you can print anywhere.',
    kind: 'print',
    personalisable: true,
    variants: [
      { sku: 'NSP-DIG-A4', title: 'A4 digital files', format: 'digital', printSize: 'A4', price: 1500 },
      { sku: 'NSP-DIG-A3', title: 'A3 digital files', format: 'digital', printSize: 'A3', price: 1900 },
      { sku: 'NSP-DIG-50X70', title: '50×70 cm digital files', format: 'digital', printSize: '50x70', price: 2400 },
    ],
  },
  {
    slug: 'night-sky-poster',
    title: 'Night Sky Poster',
    description: 'The same personalised design printed on 200 g/m² matte archival paper and shipped rolled in a sturdy tube.',
    kind: 'print',
    personalisable: true,
    variants: [
      { sku: 'NSP-PHY-A4', title: 'A4 poster', format: 'physical', printSize: 'A4', price: 3500 },
      { sku: 'NSP-PHY-A3', title: 'A3 poster', format: 'physical', printSize: 'A3', price: 4500 },
      { sku: 'NSP-PHY-50X70', title: '50×70 cm poster', format: 'physical', printSize: '50x70', price: 7900 },
    ],
  },
  {
    slug: 'night-sky-bundle',
    title: 'Night Sky Bundle — Poster + Files',
    description: 'The printed poster shipped to you, plus the print-ready digital files to keep or print again.',
    kind: 'print',
    personalisable: true,
    variants: [
      { sku: 'NSP-BUN-A3', title: 'A3 poster + files', format: 'bundle', printSize: 'A3', price: 5500 },
      { sku: 'NSP-BUN-50X70', title: '50×70 cm poster + files', format: 'bundle', printSize: '50x70', price: 8900 },
    ],
  },
  {
    slug: 'oak-frame',
    title: 'Solid Oak Frame',
    description: 'A hand-finished solid oak frame with shatter-proof acrylic glazing, made to fit our posters.',
    kind: 'good',
    art: 'frame',
    personalisable: false,
    variants: [
      { sku: 'FRM-OAK-A4', title: 'A4 frame', format: 'physical', price: 3900 },
      { sku: 'FRM-OAK-A3', title: 'A3 frame', format: 'physical', price: 4900 },
      { sku: 'FRM-OAK-50X70', title: '50×70 cm frame', format: 'physical', price: 8900 },
    ],
  },
  {
    slug: 'canvas-tote',
    title: 'Organic Canvas Tote',
    description: 'A heavy organic-cotton tote, screen printed by hand in our studio.',
    kind: 'good',
    art: 'tote',
    personalisable: false,
    variants: [{ sku: 'TOTE-NAT', title: 'Natural', format: 'physical', price: 2400 }],
  },
  {
    slug: 'stoneware-mug',
    title: 'Stoneware Mug',
    description: 'A speckled stoneware mug, glazed and fired in small batches. Dishwasher safe.',
    kind: 'good',
    art: 'mug',
    personalisable: false,
    variants: [
      { sku: 'MUG-SPK', title: 'Speckled white', format: 'physical', price: 2200 },
      { sku: 'MUG-MID', title: 'Midnight blue', format: 'physical', price: 2200 },
    ],
  },
];

/** Idempotent: products are matched by slug, variants by SKU, the admin by email. */
export async function seed(em: EntityManager, adminEmail = process.env.ADMIN_EMAIL ?? 'admin@example.com'): Promise<string> {
  let created = 0;
  for (const [position, p] of CATALOG.entries()) {
    let product: Product | null = await em.findOne(Product, { slug: p.slug });
    if (!product) {
      product = new Product({ slug: p.slug, title: p.title, description: p.description, kind: p.kind });
      em.persist(product);
      created++;
    }
    product.title = p.title;
    product.description = p.description;
    product.kind = p.kind;
    product.art = p.art ?? null;
    product.personalisable = p.personalisable;
    product.position = position;
    for (const [vPos, v] of p.variants.entries()) {
      let variant = await em.findOne(Variant, { sku: v.sku });
      if (!variant) {
        variant = new Variant({ product, sku: v.sku, title: v.title, format: v.format, price: v.price });
        em.persist(variant);
      }
      variant.product = product;
      variant.title = v.title;
      variant.format = v.format;
      variant.printSize = v.printSize ?? null;
      variant.price = v.price;
      variant.position = vPos;
    }
  }
  await em.flush();
  await seedStock(em);
  const email = adminEmail.trim().toLowerCase();
  let admin = await em.findOne(User, { email });
  if (!admin) {
    admin = new User(email, 'superadmin');
    admin.name = 'Shop admin';
    em.persist(admin);
  } else if (admin.role === 'customer') {
    admin.role = 'superadmin';
  }
  await em.flush();
  return `${CATALOG.length} products (${created} new), admin ${email}`;
}

/** Plain goods come from a shelf: each starts tracked with SEED_STOCK received, once (a movement keyed by SKU). */
export const SEED_STOCK = 500;

async function seedStock(em: EntityManager): Promise<void> {
  const goods = await em.find(Variant, { product: { kind: 'good' } });
  for (const variant of goods) {
    const received = await em.execute<{ affectedRows: number }>(
      `insert into stock_movements (created_at, updated_at, variant_id, kind, on_hand_delta, reserved_delta, actor, reason, dedupe_key)
       values (now(), now(), ?, 'received', ?, 0, 'seed', 'opening stock', ?) on conflict (dedupe_key) do nothing`,
      [variant.id, SEED_STOCK, `seed:${variant.sku}`],
      'run',
    );
    if (received.affectedRows > 0) {
      variant.trackInventory = true;
      variant.onHand += SEED_STOCK;
    }
  }
  await em.flush();
}
