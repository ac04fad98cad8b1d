// A new shop's starting point: the opening catalog (db/seeders/catalog.ts) and the superadmin. Products are
// made by the admin's own code (the forms' schemas, saveProduct, saveVariant) and plain goods that ship get their
// opening stock as a `received` movement. Idempotent and respectful of the admin: a product is created
// only when neither its slug nor any of its SKUs exists yet, so what an admin changed, renamed or archived
// stays as they left it; the opening stock is received once per SKU (a movement with a dedupe key). The opening
// membership plans are created into an empty plan list only (seed-plans.server.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { formatDecimal } from '#core/money.ts';
import { productSchema, variantSchema } from '#core/schemas/admin-product.ts';
import { Product, Variant } from '#db/entities/product.ts';
import { User } from '#db/entities/user.ts';
import { CATALOG, type SeedProduct } from '#db/seeders/catalog.ts';
import { saveProduct, saveVariant } from './catalog/product-admin.server.ts';
import { applyMovement, lockVariantStock } from './catalog/stock.server.ts';
import { seedPlans } from './memberships/seed-plans.server.ts';

/** Plain goods that ship come from a shelf: each starts tracked with SEED_STOCK received, once. */
export const SEED_STOCK = 500;

function check(saved: { ok: true; id: number } | { ok: false; message: string }, what: string): number {
  if (!saved.ok) throw new Error(`seed: ${what}: ${saved.message}`);
  return saved.id;
}

async function createProduct(em: EntityManager, p: SeedProduct): Promise<void> {
  // As the admin would: the product as a draft, its options, then on sale.
  const details = productSchema.parse({
    title: p.title,
    slug: p.slug,
    description: p.description,
    kind: p.kind,
    art: p.art,
    personalisable: p.personalisable,
    status: 'draft',
  });
  const productId = check(await saveProduct(em, details), p.slug);
  for (const v of p.variants) {
    const input = variantSchema.parse({
      sku: v.sku,
      title: v.title,
      format: v.format,
      printSize: v.printSize,
      price: formatDecimal(v.price),
      weightGrams: v.weightGrams === undefined ? undefined : String(v.weightGrams),
      grantsCredits: v.grantsCredits === undefined ? undefined : String(v.grantsCredits),
      fulfilment: v.providerProductId ? 'provider' : 'manual',
      providerProductId: v.providerProductId,
    });
    const variantId = check(await saveVariant(em, productId, input), v.sku);
    if (p.kind === 'good' && v.format !== 'digital') await receiveOpeningStock(em, variantId, v.sku);
  }
  check(await saveProduct(em, { ...details, status: 'active' }, productId), p.slug);
}

async function receiveOpeningStock(em: EntityManager, variantId: number, sku: string): Promise<void> {
  await em.transactional(async (tx) => {
    const level = await lockVariantStock(tx, variantId);
    if (!level) return;
    if (!level.tracked) await tx.execute('update product_variants set track_inventory = true where id = ?', [variantId], 'run');
    await applyMovement(tx, {
      variantId,
      kind: 'received',
      onHand: SEED_STOCK,
      reserved: 0,
      actor: 'seed',
      reason: 'opening stock',
      dedupeKey: `seed:${sku}`,
    });
  });
}

async function ensureAdmin(em: EntityManager, adminEmail: string): Promise<string> {
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
  return email;
}

export async function seed(em: EntityManager, adminEmail = process.env.ADMIN_EMAIL ?? 'admin@example.com'): Promise<string> {
  let created = 0;
  for (const p of CATALOG) {
    const known =
      (await em.count(Product, { slug: p.slug })) > 0 || (await em.count(Variant, { sku: { $in: p.variants.map((v) => v.sku) } })) > 0;
    if (known) continue;
    await createProduct(em, p);
    created++;
  }
  const plans = await seedPlans(em);
  const email = await ensureAdmin(em, adminEmail);
  return `${CATALOG.length} products (${created} new), ${plans} new membership plans, admin ${email}`;
}
