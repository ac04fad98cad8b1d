import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, json, redirect, useActionData, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { z } from 'zod';
import { Field } from '#app/components/field.tsx';
import { Price } from '#app/components/price.tsx';
import { ProductImage, ProductPicture } from '#app/components/product-image.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { pageCacheHeaders, routeCacheHeaders } from '#app/utils/cache-headers.server.ts';
import { addToCart, loadOrCreateCart } from '#app/utils/cart.server.ts';
import { getProduct } from '#server/catalog/catalog.server.ts';
import { db } from '#server/db.server.ts';
import { productImage } from '#server/catalog/product-images.server.ts';
import { SAMPLE_PERSONALISATION, THEMES, type Personalisation, type ThemeId } from '#core/design/themes.ts';
import { addToCartSchema } from '#core/schemas/cart.ts';
import { parseForm, type FieldErrors } from '#core/schemas/form.ts';
import { PERSONALISATION_LIMITS, personalisationSchema } from '#core/schemas/personalisation.ts';

const personalisedSchema = addToCartSchema.and(personalisationSchema);
type Values = Record<string, string>;
/** What the action answers is that person's submission. */
const NO_STORE = { 'Cache-Control': 'no-store' };

function initialValues(params: URLSearchParams, firstVariant: number | undefined): Values {
  const v: Values = {
    variantId: String(firstVariant ?? ''),
    quantity: '1',
    title: SAMPLE_PERSONALISATION.title,
    subtitle: SAMPLE_PERSONALISATION.subtitle,
    place: SAMPLE_PERSONALISATION.place,
    date: SAMPLE_PERSONALISATION.date,
    theme: SAMPLE_PERSONALISATION.theme,
  };
  for (const key of Object.keys(v)) {
    const given = params.get(key);
    if (given !== null) v[key] = given;
  }
  return v;
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const product = await getProduct(await db(), params.slug ?? '');
  if (!product) throw new Response('Not found', { status: 404 });
  const search = new URL(request.url).searchParams;
  const values = initialValues(search, product.variants[0]?.id);
  // "Update preview" without JavaScript: a GET with the fields; show what is wrong with them too.
  let errors: FieldErrors = {};
  if (search.has('title') && product.personalisable) {
    const parsed = parseForm(personalisationSchema, search);
    if (!parsed.ok) errors = parsed.errors;
  }
  // Without a live preview the picture is a cacheable file rather than inline markup.
  const image = product.personalisable ? null : productImage(product);
  // A preview made from the query string is that person's: only the plain page is shared.
  const headers = pageCacheHeaders(request, { shareable: search.size === 0 });
  return json({ product, values, errors, image }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const em = await db();
  const product = await getProduct(em, params.slug ?? '');
  if (!product) throw new Response('Not found', { status: 404 });
  const form = await request.formData();
  const parsed = product.personalisable ? parseForm(personalisedSchema, form) : parseForm(addToCartSchema, form);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400, headers: NO_STORE });
  const variantId = parsed.data.variantId;
  if (!product.variants.some((v) => v.id === variantId)) {
    return json(
      { errors: { variantId: 'Choose one of the options shown' } as FieldErrors, values: Object.fromEntries([...form].map(([k, v]) => [k, String(v)])) },
      { status: 400, headers: NO_STORE },
    );
  }
  const personalisation = product.personalisable ? (parsed.data as z.infer<typeof personalisedSchema>) : null;
  const { cart, setCookie } = await loadOrCreateCart(em, request);
  const result = await addToCart(
    em,
    cart,
    variantId,
    parsed.data.quantity,
    personalisation
      ? { title: personalisation.title, subtitle: personalisation.subtitle, place: personalisation.place, date: personalisation.date, theme: personalisation.theme }
      : null,
  );
  if (!result.ok) {
    const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v)]));
    return json({ errors: { [result.field]: result.message } as FieldErrors, values }, { status: 400, headers: { ...NO_STORE, ...(setCookie ? { 'Set-Cookie': setCookie } : {}) } });
  }
  return redirect('/cart?added=1', { status: 303, headers: setCookie ? { 'Set-Cookie': setCookie } : {} });
}

export const headers: HeadersFunction = routeCacheHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.product.title} — Atelier` : 'Not found — Atelier' },
  { name: 'description', content: data?.product.description ?? '' },
];

export default function ProductPage() {
  const { product, values: loaded, errors: loadErrors, image } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors = actionData?.errors ?? loadErrors;
  const [values, setValues] = useState<Values>(actionData?.values ?? loaded);
  const current = { ...loaded, ...(actionData?.values ?? {}), ...values };
  const variant = product.variants.find((v) => String(v.id) === current.variantId) ?? product.variants[0];
  const theme = (THEMES.find((t) => t.id === current.theme)?.id ?? 'midnight') as ThemeId;
  const personalisation: Personalisation = {
    title: current.title ?? '',
    subtitle: current.subtitle ?? '',
    place: current.place ?? '',
    date: current.date ?? '',
    theme,
  };
  const onChange = (e: React.FormEvent<HTMLFormElement>) => {
    const t = e.target as HTMLInputElement;
    if (t.name) setValues((v) => ({ ...v, [t.name]: t.value }));
  };

  return (
    <div className="product-layout">
      <div className="product-layout__preview">
        <div className="preview-frame" aria-live="polite">
          {image ? (
            <ProductPicture image={image} />
          ) : (
            <ProductImage kind={product.kind} art={product.art} printSize={variant?.printSize ?? null} personalisation={personalisation} />
          )}
        </div>
        {product.personalisable ? <p className="preview-caption muted">Live preview — your print will look exactly like this.</p> : null}
      </div>
      <div className="product-layout__form stack">
        <h1>{product.title}</h1>
        <p className="price">{variant ? <Price amount={variant.price} currency={variant.currency} /> : null}</p>
        <p>{product.description}</p>
        {errors.form ? <p className="alert alert-error">{errors.form}</p> : null}
        <Form method="post" className="stack" onChange={onChange} noValidate>
          <fieldset className="stack">
            <legend>Option</legend>
            <div className="radio-cards">
              {product.variants.map((v) => (
                <label key={v.id}>
                  <input type="radio" name="variantId" value={v.id} defaultChecked={String(v.id) === current.variantId} />
                  <span className="radio-card">
                    <span>{v.title}</span> <Price amount={v.price} currency={v.currency} />
                  </span>
                </label>
              ))}
            </div>
            {errors.variantId ? <p className="field-error" id="variant-error">{errors.variantId}</p> : null}
          </fieldset>
          {product.personalisable ? (
            <fieldset className="stack">
              <legend>Personalise</legend>
              <Field label="Title" name="title" defaultValue={current.title} error={errors.title} maxLength={PERSONALISATION_LIMITS.title + 20} required />
              <Field label="Subtitle" name="subtitle" defaultValue={current.subtitle} error={errors.subtitle} hint="Optional" />
              <div className="form-row">
                <Field label="Place" name="place" defaultValue={current.place} error={errors.place} required />
                <Field label="Date" name="date" type="date" defaultValue={current.date} error={errors.date} required />
              </div>
              <fieldset>
                <legend>Colour theme</legend>
                <div className="theme-swatches">
                  {THEMES.map((t) => (
                    <label key={t.id}>
                      <input type="radio" name="theme" value={t.id} defaultChecked={t.id === theme} />
                      <span className="swatch" style={{ ['--swatch-bg' as string]: t.background, ['--swatch-accent' as string]: t.accent }} />
                      <span className="swatch-label">{t.label}</span>
                    </label>
                  ))}
                </div>
                {errors.theme ? <p className="field-error">{errors.theme}</p> : null}
              </fieldset>
            </fieldset>
          ) : null}
          <Field label="Quantity" name="quantity" type="number" min={1} max={99} defaultValue={current.quantity} error={errors.quantity} inputClassName="qty-input" />
          <div className="cluster">
            {product.personalisable ? (
              <button type="submit" formMethod="get" className="btn btn-secondary" data-nojs-preview>
                Update preview
              </button>
            ) : null}
            <SubmitButton busyText="Adding…">Add to cart</SubmitButton>
          </div>
        </Form>
      </div>
    </div>
  );
}
