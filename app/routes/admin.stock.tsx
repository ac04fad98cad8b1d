// /admin/stock: what is on the shelf — every physical item's on hand, reserved by open checkouts and available —
// and one form for goods received or a count of the shelf. Each change is a movement in the stock log.
import { getCollectionProps, getFormProps, getSelectProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, json, useLoaderData } from '@remix-run/react';
import { ConformField, DoneMessage, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { done, invalidInput, refused } from '#app/utils/form-answer.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { stockChangeSchema } from '#core/schemas/admin-stock.ts';
import { changeStock, stockLevels } from '#server/catalog/stock-admin.server.ts';
import { db } from '#server/db.server.ts';

const INTENT = 'stock';

export const meta: MetaFunction = () => [{ title: 'Stock — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ rows: await stockLevels(await db()) }, { headers: { 'Cache-Control': 'private, no-store' } });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: stockChangeSchema });
  if (submission.status !== 'success') return invalidInput(INTENT, submission);
  const result = await changeStock(await db(), submission.value, admin.email);
  if (!result.ok) return refused(INTENT, submission, { field: result.field, message: result.message });
  const what = submission.value.change === 'receive' ? `Received ${submission.value.quantity}` : `Counted ${submission.value.quantity}`;
  return done(INTENT, submission, `${what}: ${result.onHand} on hand now (${result.delta >= 0 ? '+' : ''}${result.delta}).`, {
    resetForm: true,
  });
}

export default function AdminStock() {
  const { rows } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm({
    id: 'stock',
    schema: stockChangeSchema,
    answer: useFormAnswer(INTENT),
    defaultValue: { change: 'receive' },
  });
  const { key, ...item } = getSelectProps(fields.variantId);
  return (
    <div className="stack">
      <h1>Stock</h1>
      <DoneMessage intents={[INTENT]} />
      <Form method="post" className="stack narrow" {...getFormProps(form)}>
        <div className="form-field">
          <label htmlFor={fields.variantId.id}>Item</label>
          <select key={key} {...item}>
            <option value="">Choose…</option>
            {rows.map((r) => (
              <option key={r.variantId} value={r.variantId}>
                {`${r.product} — ${r.variant} (${r.sku})`}
              </option>
            ))}
          </select>
          <FieldError meta={fields.variantId} />
        </div>
        <fieldset className="cluster">
          <legend>What happened</legend>
          {getCollectionProps(fields.change, { type: 'radio', options: ['receive', 'count'] }).map(({ key: k, ...radio }) => (
            <label key={k}>
              <input {...radio} /> {radio.value === 'receive' ? 'Goods received (added)' : 'Shelf counted (sets on hand)'}
            </label>
          ))}
          <FieldError meta={fields.change} />
        </fieldset>
        <ConformField meta={fields.quantity} type="number" label="Quantity" inputMode="numeric" />
        <ConformField meta={fields.reason} label="Reason (required for a count)" />
        <FormErrors form={form} />
        <SubmitButton name="intent" value={INTENT} busyText="Saving…">
          Record
        </SubmitButton>
      </Form>

      <table className="cart-table admin-table" data-testid="stock-levels">
        <caption className="visually-hidden">Stock of every physical item</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">SKU</th>
            <th scope="col">On hand</th>
            <th scope="col">Reserved</th>
            <th scope="col">Available</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.variantId} data-sku={r.sku}>
              <td>{`${r.product} — ${r.variant}`}</td>
              <td>
                <code>{r.sku}</code>
              </td>
              <td>{r.tracked ? r.onHand : '—'}</td>
              <td>{r.tracked ? r.reserved : '—'}</td>
              <td>
                {r.tracked ? r.available : 'made to order'}
                {r.low ? <span className="stock-note">{r.available === 0 ? 'Sold out' : 'Low'}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
