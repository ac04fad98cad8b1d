// /admin/products/:id/photos — a product's photos: upload (checked by content, re-encoded; see
// product-photos.server.ts) and remove. Works without JavaScript; a refused file is explained by its field.
import { getFormProps, getInputProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useLoaderData } from '@remix-run/react';
import { ConformField, DoneMessage, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { done, invalidInput, refused, unknownIntent } from '#app/utils/form-answer.server.ts';
import { productIdOr404 } from '#app/utils/admin-records.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { readUploadForm } from '#app/utils/upload-form.server.ts';
import {
  MAX_PHOTOS,
  MAX_PIXELS,
  PHOTO_MAX_BYTES,
  PHOTO_TOO_LARGE,
  photoDeleteSchema,
  photoUploadSchema,
} from '#core/schemas/admin-product.ts';
import { adminProduct } from '#server/catalog/admin-products.server.ts';
import { addProductPhoto, deleteProductPhoto } from '#server/catalog/product-photos.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { getStorage } from '#server/storage/storage.server.ts';

const UPLOAD = 'upload';
const REMOVE = 'remove';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Photos of ${data?.product.title ?? 'product'} — Admin — Atelier` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const product = await adminProduct(await db(), productIdOr404(params.id));
  if (!product) throw new Response('Not found', { status: 404 });
  return json({ product }, { headers: { 'Cache-Control': 'private, no-store' } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAdmin(request);
  const productId = productIdOr404(params.id);
  const read = await readUploadForm(request, PHOTO_MAX_BYTES);
  if (!read.ok && read.tooLarge)
    return refused(UPLOAD, parseWithZod(new FormData(), { schema: photoUploadSchema }), { field: 'photo', message: PHOTO_TOO_LARGE }, 413);
  if (!read.ok) return read.response;
  const { form } = read;
  const intent = form.get('intent');
  const storage = getStorage(getEnv());
  if (intent === UPLOAD) {
    const submission = parseWithZod(form, { schema: photoUploadSchema });
    if (submission.status !== 'success') return invalidInput(UPLOAD, submission);
    const { photo, alt } = submission.value;
    const added = await addProductPhoto(await db(), storage, { productId, bytes: Buffer.from(await photo.arrayBuffer()), alt });
    if (!added.ok) return refused(UPLOAD, submission, added);
    return done(UPLOAD, submission, 'Photo added.', { resetForm: true });
  }
  if (intent === REMOVE) {
    const submission = parseWithZod(form, { schema: photoDeleteSchema });
    if (submission.status !== 'success') return invalidInput(REMOVE, submission);
    const removed = await deleteProductPhoto(await db(), storage, productId, submission.value.imageId);
    if (!removed) return refused(REMOVE, submission, { message: 'That photo is already gone.' });
    return done(REMOVE, submission, 'Photo removed.');
  }
  throw unknownIntent(intent);
}

function UploadForm() {
  const [form, fields] = useSchemaForm({ id: 'photo-upload', schema: photoUploadSchema, answer: useFormAnswer(UPLOAD) });
  const { key, ...file } = getInputProps(fields.photo, { type: 'file' });
  return (
    <Form method="post" encType="multipart/form-data" className="stack narrow" {...getFormProps(form)}>
      <h2>Add a photo</h2>
      <div className="form-field">
        <label htmlFor={fields.photo.id}>Photo</label>
        <input
          key={key}
          {...file}
          accept="image/png,image/jpeg,image/webp"
          aria-describedby={`${fields.photo.id}-hint ${fields.photo.errorId}`}
        />
        <p id={`${fields.photo.id}-hint`} className="hint">
          {`PNG, JPEG or WebP, up to ${PHOTO_MAX_BYTES / 1024 / 1024} MB and ${MAX_PIXELS / 1e6} megapixels. It is re-saved without its metadata (camera, location).`}
        </p>
        <FieldError meta={fields.photo} />
      </div>
      <ConformField meta={fields.alt} label="What it shows (for people who cannot see it)" maxLength={300} />
      <FormErrors form={form} />
      <SubmitButton name="intent" value={UPLOAD} busyText="Uploading…">
        Upload photo
      </SubmitButton>
    </Form>
  );
}

export default function ProductPhotos() {
  const { product } = useLoaderData<typeof loader>();
  const removeAnswer = useFormAnswer(REMOVE);
  return (
    <div className="stack">
      <p>
        <Link to={`/admin/products/${product.id}`}>← {product.title}</Link>
      </p>
      <h1>Photos of {product.title}</h1>
      <DoneMessage intents={[UPLOAD, REMOVE]} />
      {removeAnswer && !removeAnswer.ok ? (
        <p className="alert alert-error" role="alert">
          {removeAnswer.result.error?.['']?.[0] ?? 'The photo could not be removed.'}
        </p>
      ) : null}
      {product.photos.length ? (
        <ul className="admin-photos" data-testid="photos">
          {product.photos.map((p, i) => (
            <li key={p.id} className="stack">
              <img src={p.src} alt={p.alt} width={p.width} height={p.height} loading="lazy" />
              <span className="muted">
                {i === 0 ? `First (the catalog's picture) · ${p.width} × ${p.height}` : `${p.width} × ${p.height}`}
              </span>
              <Form method="post">
                <input type="hidden" name="imageId" value={p.id} />
                <button type="submit" name="intent" value={REMOVE} className="btn btn-secondary">
                  Remove
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No photos yet: the shop shows the product’s drawing.</p>
      )}
      {product.photos.length < MAX_PHOTOS ? <UploadForm /> : <p>{`A product has at most ${MAX_PHOTOS} photos.`}</p>}
    </div>
  );
}
