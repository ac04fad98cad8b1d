import { getCollectionProps, getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, json, redirect, useActionData, useLoaderData } from '@remix-run/react';
import type { z } from 'zod';
import { Field, FieldError } from '#app/components/field.tsx';
import { FormErrors } from '#app/components/form-errors.tsx';
import { PhotoGallery } from '#app/components/product/photo-gallery.tsx';
import { VariantPrice } from '#app/components/product/variant-price.tsx';
import { ProductImage, ProductPicture } from '#app/components/product-image.tsx';
import { PersonalisationFieldset } from '#app/components/product/personalisation-fieldset.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { pageCacheHeaders, routeCacheHeaders } from '#app/utils/cache-headers.server.ts';
import { addToCart, loadOrCreateCart } from '#app/utils/cart.server.ts';
import { getProduct } from '#server/catalog/catalog.server.ts';
import { db } from '#server/db.server.ts';
import { productImage } from '#server/catalog/product-images.server.ts';
import { DEFAULT_THEME_ID, SAMPLE_PERSONALISATION, THEMES, type Personalisation } from '#core/design/themes.ts';
import { MAX_QUANTITY, MIN_QUANTITY } from '#core/pricing.ts';
import { addPersonalisedToCartSchema, addToCartSchema } from '#core/schemas/cart.ts';
import { personalisationSchema } from '#core/schemas/personalisation.ts';

/** The form's schema: a personalisable product's needs the personalisation too. */
function addToCartSchemaFor(product: { personalisable: boolean }): typeof addPersonalisedToCartSchema | typeof addToCartSchema {
  return product.personalisable ? addPersonalisedToCartSchema : addToCartSchema;
}

/** What the action answers is that person's submission. */
const NO_STORE = { 'Cache-Control': 'no-store' };
const FIELDS = ['variantId', 'quantity', 'title', 'subtitle', 'place', 'date', 'theme'] as const;

/** The form's first values: the first option not sold out, one, the sample personalisation, and whatever the URL says. */
function initialValues(params: URLSearchParams, firstVariant: number | undefined): Record<(typeof FIELDS)[number], string> {
  const values: Record<(typeof FIELDS)[number], string> = {
    variantId: String(firstVariant ?? ''),
    quantity: '1',
    ...SAMPLE_PERSONALISATION,
  };
  for (const key of FIELDS) values[key] = params.get(key) ?? values[key];
  return values;
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const product = await getProduct(await db(), params.slug ?? '');
  if (!product) throw new Response('Not found', { status: 404 });
  const search = new URL(request.url).searchParams;
  // "Update preview" without JavaScript: a GET with the fields; the answer points out what is wrong with them too.
  const preview = search.has('title') && product.personalisable ? parseWithZod(search, { schema: personalisationSchema }).reply() : null;
  // Without a live preview the picture is the first photo, or the drawing as a cacheable file rather than inline markup.
  const photo = product.photos[0];
  const image = product.personalisable ? null : photo ? { ...photo.large, alt: photo.alt } : productImage(product);
  // A preview made from the query string is that person's: only the plain page is shared.
  const headers = pageCacheHeaders(request, { shareable: search.size === 0 });
  return json(
    {
      product,
      defaults: initialValues(search, (product.variants.find((v) => v.stock.kind !== 'sold_out') ?? product.variants[0])?.id),
      preview,
      image,
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const em = await db();
  const product = await getProduct(em, params.slug ?? '');
  if (!product) throw new Response('Not found', { status: 404 });
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: addToCartSchemaFor(product) });
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400, headers: NO_STORE });
  const { variantId, quantity } = submission.value;
  // Refused before any cart is made: a variant of another product, or none at all.
  if (!product.variants.some((v) => v.id === variantId)) {
    return json(
      { result: submission.reply({ fieldErrors: { variantId: ['Choose one of the options shown'] } }) },
      { status: 400, headers: NO_STORE },
    );
  }
  const personalisation = 'title' in submission.value ? submission.value : null;
  const { cart, setCookie } = await loadOrCreateCart(em, request);
  const cookie: Record<string, string> = setCookie ? { 'Set-Cookie': setCookie } : {};
  const added = await addToCart(
    em,
    cart,
    variantId,
    quantity,
    personalisation
      ? {
          title: personalisation.title,
          subtitle: personalisation.subtitle,
          place: personalisation.place,
          date: personalisation.date,
          theme: personalisation.theme,
        }
      : null,
  );
  if (!added.ok) {
    return json(
      { result: submission.reply({ fieldErrors: { [added.field]: [added.message] } }) },
      { status: 400, headers: { ...NO_STORE, ...cookie } },
    );
  }
  return redirect('/cart?added=1', { status: 303, headers: cookie });
}

export const headers: HeadersFunction = routeCacheHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.product.title} — Atelier` : 'Not found — Atelier' },
  { name: 'description', content: data?.product.description ?? '' },
];

export default function ProductPage() {
  const { product, defaults, preview, image } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const schema = addToCartSchemaFor(product);
  // Typed with every field a product page can have: a product without personalisation renders fewer.
  const [form, fields] = useForm<z.input<typeof addPersonalisedToCartSchema>, z.output<ReturnType<typeof addToCartSchemaFor>>>({
    id: 'add-to-cart',
    lastResult: actionData?.result ?? preview,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  // The preview follows what is typed (conform tracks the values as they change), and without JavaScript
  // what the last answer carried.
  const variant = product.variants.find((v) => String(v.id) === fields.variantId.value) ?? product.variants[0];
  const personalisation: Personalisation = {
    title: fields.title.value ?? '',
    subtitle: fields.subtitle.value ?? '',
    place: fields.place.value ?? '',
    date: fields.date.value ?? '',
    theme: THEMES.find((t) => t.id === fields.theme.value)?.id ?? DEFAULT_THEME_ID,
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
        <PhotoGallery photos={product.personalisable ? product.photos : product.photos.slice(1)} />
      </div>
      <div className="product-layout__form stack">
        <h1>{product.title}</h1>
        <p className="price">{variant ? <VariantPrice variant={variant} /> : null}</p>
        <p>{product.description}</p>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Form method="post" className="stack" {...getFormProps(form)}>
          <fieldset className="stack" aria-describedby={fields.variantId.errors ? fields.variantId.errorId : undefined}>
            <legend>Option</legend>
            <div className="radio-cards">
              {getCollectionProps(fields.variantId, {
                type: 'radio',
                options: product.variants.map((v) => String(v.id)),
                ariaAttributes: false,
              }).map(({ key, ...radio }) => {
                const v = product.variants.find((candidate) => String(candidate.id) === radio.value)!;
                const soldOut = v.stock.kind === 'sold_out';
                return (
                  <label key={key}>
                    <input {...radio} disabled={soldOut} />
                    <span className="radio-card">
                      <span>{v.title}</span> <VariantPrice variant={v} />
                      {soldOut ? <span className="stock-note">Sold out</span> : null}
                      {v.stock.kind === 'low' ? <span className="stock-note">{`Only ${v.stock.left} left`}</span> : null}
                    </span>
                  </label>
                );
              })}
            </div>
            <FieldError id={fields.variantId.errorId} error={fields.variantId.errors} />
          </fieldset>
          {product.personalisable ? <PersonalisationFieldset fields={fields} /> : null}
          <Field
            label="Quantity"
            {...getInputProps(fields.quantity, { type: 'number' })}
            min={MIN_QUANTITY}
            max={MAX_QUANTITY}
            error={fields.quantity.errors}
            inputClassName="qty-input"
          />
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
