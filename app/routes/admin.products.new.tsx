// /admin/products/new: a product starts as a draft; its options, photos and going on sale follow on its page.
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, redirect } from '@remix-run/react';
import { PRODUCT_INTENT, ProductForm } from '#app/components/admin/product/product-form.tsx';
import { invalidInput, refused } from '#app/utils/form-answer.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { productSchema } from '#core/schemas/admin-product.ts';
import { saveProduct } from '#server/catalog/product-admin.server.ts';
import { db } from '#server/db.server.ts';

export const meta: MetaFunction = () => [{ title: 'New product — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: productSchema });
  if (submission.status !== 'success') return invalidInput(PRODUCT_INTENT, submission);
  const saved = await saveProduct(await db(), submission.value);
  if (!saved.ok) return refused(PRODUCT_INTENT, submission, saved);
  return redirect(`/admin/products/${saved.id}?created=1`, 303);
}

export default function NewProduct() {
  return (
    <div className="stack">
      <p>
        <Link to="/admin/products">← Products</Link>
      </p>
      <h1>New product</h1>
      <p className="muted">It starts as a draft: add its options and photos on the next page, then put it on sale.</p>
      <ProductForm
        values={{ title: '', slug: '', description: '', kind: 'good', art: '', personalisable: false, status: 'draft' }}
        submitLabel="Create product"
      />
    </div>
  );
}
