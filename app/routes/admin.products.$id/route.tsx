// /admin/products/:id — one product: its details, its options (variants) with their stock, its photos
// (managed on /admin/products/:id/photos) and archive / restore. Every form works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { DoneMessage, useFormAnswer } from '#app/components/admin/form-parts.tsx';
import { ProductForm } from '#app/components/admin/product/product-form.tsx';
import { PRODUCT_INTENTS } from '#app/components/admin/product/product-intents.ts';
import { VariantForm } from '#app/components/admin/product/variant-form.tsx';
import { Price } from '#app/components/price.tsx';
import { unknownIntent } from '#app/utils/form-answer.server.ts';
import { productIdOr404 } from '#app/utils/admin-records.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import type { FormAnswer } from '#app/utils/form-answer.ts';
import { creditsText } from '#core/credits-display.ts';
import { TAX_CATEGORY_LABELS } from '#core/tax.ts';
import { adminProduct, type AdminVariant } from '#server/catalog/admin-products.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { changeAction, saveProductAction, saveVariantAction } from './product-actions.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.product.title ?? 'Product'} — Admin — Atelier` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const product = await adminProduct(await db(), productIdOr404(params.id));
  if (!product) throw new Response('Not found', { status: 404 });
  return json({ product, currency: getEnv().SHOP_CURRENCY }, { headers: { 'Cache-Control': 'private, no-store' } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAdmin(request);
  const productId = productIdOr404(params.id);
  const form = await request.formData();
  const intent = form.get('intent');
  switch (intent) {
    case PRODUCT_INTENTS.product:
      return saveProductAction(productId, form);
    case PRODUCT_INTENTS.variant:
      return saveVariantAction(productId, form);
    case PRODUCT_INTENTS.change:
      return changeAction(productId, form);
    default:
      throw unknownIntent(intent);
  }
}

function ChangeButton({ change, variantId, children }: { change: string; variantId?: number; children: string }) {
  const answer = useFormAnswer(
    PRODUCT_INTENTS.change,
    (a) => a.result.initialValue?.variantId === (variantId ? String(variantId) : undefined),
  );
  const error = answer && !answer.ok ? (answer.result.error?.[''] ?? [])[0] : null;
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={PRODUCT_INTENTS.change} />
      {variantId ? <input type="hidden" name="variantId" value={variantId} /> : null}
      <button type="submit" name="change" value={change} className="btn btn-secondary">
        {children}
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </Form>
  );
}

/** What a digital option is in print credits: a pack's grant, or what its files cost. */
function creditsNote(v: AdminVariant): string {
  if (v.grantsCredits != null) return ` · credit pack: grants ${creditsText(v.grantsCredits)}`;
  return v.format === 'digital' ? ` · ${creditsText(v.creditsPrice ?? 1)}` : '';
}

/** Who makes and ships an option that ships: the studio, or the print provider as which of its products. */
function fulfilmentNote(v: AdminVariant): string {
  return v.fulfilment === 'provider' ? `print provider: ${v.providerProductId ?? '—'}` : 'made by hand';
}

/** One option: a line that opens into its form (open by itself when the last answer was for it). */
function VariantDetails({
  variant: v,
  kind,
  personalisable,
  currency,
  archived,
}: {
  variant: AdminVariant;
  kind: 'print' | 'good';
  personalisable: boolean;
  currency: string;
  archived: boolean;
}) {
  const mine = (a: FormAnswer) => a.result.initialValue?.variantId === String(v.id);
  const saved = useFormAnswer(PRODUCT_INTENTS.variant, mine);
  const changed = useFormAnswer(PRODUCT_INTENTS.change, mine);
  const answered = Boolean(saved ?? changed);
  return (
    <details className="admin-variant" data-sku={v.sku} open={answered || undefined}>
      <summary>
        <code>{v.sku}</code> {v.title} · <Price amount={v.price} currency={currency} /> · {v.format} · {TAX_CATEGORY_LABELS[v.taxCategory]}
        {creditsNote(v)}
        {v.format === 'digital' ? '' : ` · ${fulfilmentNote(v)}`}
        {v.tracked ? ` · ${v.available} available` : ''}
        {v.active ? '' : ' · archived'}
      </summary>
      <div className="stack">
        {archived ? null : <VariantForm variant={v} kind={kind} personalisable={personalisable} />}
        {archived ? null : v.active ? (
          <ChangeButton change="archive-variant" variantId={v.id}>
            Archive option
          </ChangeButton>
        ) : (
          <ChangeButton change="restore-variant" variantId={v.id}>
            Put option back on sale
          </ChangeButton>
        )}
        {v.format !== 'digital' ? <Link to="/admin/stock">Stock of {v.sku}</Link> : null}
      </div>
    </details>
  );
}

export default function AdminProduct() {
  const { product, currency } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  // After any form's answer the "created" note (still in the URL) has said its piece.
  const answered = useActionData<typeof action>() !== undefined;
  const archived = product.status === 'archived';
  const newAnswered = Boolean(useFormAnswer(PRODUCT_INTENTS.variant, (a) => !a.ok && !a.result.initialValue?.variantId));
  return (
    <div className="stack">
      <p>
        <Link to="/admin/products">← Products</Link>
      </p>
      <h1>{product.title}</h1>
      <p className="muted">
        {archived ? 'Archived: not in the shop.' : product.status === 'draft' ? 'Draft: not in the shop yet.' : 'On sale'}
        {' · '}
        {product.status === 'active' ? <Link to={`/products/${product.slug}`}>/products/{product.slug}</Link> : `/products/${product.slug}`}
        {' · '}
        {product.orderCount} {product.orderCount === 1 ? 'order names it' : 'orders name it'}
      </p>
      {search.get('created') && !answered ? (
        <p role="status" className="alert alert-success">
          Product created as a draft. Add its options below, then put it on sale.
        </p>
      ) : null}
      <DoneMessage intents={[PRODUCT_INTENTS.product, PRODUCT_INTENTS.variant, PRODUCT_INTENTS.change]} />
      <div className="cluster">
        {archived ? (
          <ChangeButton change="restore">Restore as draft</ChangeButton>
        ) : (
          <ChangeButton change="archive">Archive product</ChangeButton>
        )}
        <Link to={`/admin/products/${product.id}/photos`}>Photos ({product.photos.length})</Link>
      </div>

      {archived ? null : (
        <section aria-labelledby="details-h" className="stack">
          <h2 id="details-h">Details</h2>
          <ProductForm
            submitLabel="Save product"
            values={{
              title: product.title,
              slug: product.slug,
              description: product.description,
              kind: product.kind,
              art: product.art ?? '',
              personalisable: product.personalisable,
              status: product.status === 'active' ? 'active' : 'draft',
            }}
          />
        </section>
      )}

      <section aria-labelledby="options-h" className="stack">
        <h2 id="options-h">Options</h2>
        {product.variants.length === 0 ? <p className="muted">No options yet.</p> : null}
        {product.variants.map((v) => (
          <VariantDetails
            key={v.id}
            variant={v}
            kind={product.kind}
            personalisable={product.personalisable}
            currency={currency}
            archived={archived}
          />
        ))}
        {archived ? null : (
          <details className="admin-variant" open={product.variants.length === 0 || newAnswered || undefined}>
            <summary>Add an option</summary>
            <VariantForm kind={product.kind} personalisable={product.personalisable} />
          </details>
        )}
      </section>
    </div>
  );
}
