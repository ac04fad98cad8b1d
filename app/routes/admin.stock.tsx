// /admin/stock: what is on the shelf — every physical item's on hand, reserved by open checkouts and available —
// one form for goods received or a count of the shelf, and the whole shelf counted at once: the table as a CSV file
// to download, and a file of counts to upload (all or nothing). Each change is a movement in the stock log.
import { getCollectionProps, getFormProps, getInputProps, getSelectProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, json, useLoaderData } from '@remix-run/react';
import { ConformField, DoneMessage, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { done, invalidInput, refused } from '#app/utils/form-answer.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { readUploadForm } from '#app/utils/upload-form.server.ts';
import { STOCK_IMPORT_MAX_BYTES, STOCK_IMPORT_TOO_LARGE, stockChangeSchema, stockImportSchema } from '#core/schemas/admin-stock.ts';
import { changeStock, stockLevels } from '#server/catalog/stock-admin.server.ts';
import { importStockCounts } from '#server/catalog/stock-import.server.ts';
import { db } from '#server/db.server.ts';

const INTENT = 'stock';
const IMPORT = 'import';

export const meta: MetaFunction = () => [{ title: 'Stock — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ rows: await stockLevels(await db()) }, { headers: { 'Cache-Control': 'private, no-store' } });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const read = await readUploadForm(request, STOCK_IMPORT_MAX_BYTES);
  if (!read.ok && read.tooLarge)
    return refused(
      IMPORT,
      parseWithZod(new FormData(), { schema: stockImportSchema }),
      { field: 'file', message: STOCK_IMPORT_TOO_LARGE },
      413,
    );
  if (!read.ok) return read.response;
  const formData = read.form;
  if (formData.get('intent') === IMPORT) return importCounts(formData, admin.email);
  const submission = parseWithZod(formData, { schema: stockChangeSchema });
  if (submission.status !== 'success') return invalidInput(INTENT, submission);
  const result = await changeStock(await db(), submission.value, admin.email);
  if (!result.ok) return refused(INTENT, submission, { field: result.field, message: result.message });
  const what = submission.value.change === 'receive' ? `Received ${submission.value.quantity}` : `Counted ${submission.value.quantity}`;
  return done(INTENT, submission, `${what}: ${result.onHand} on hand now (${result.delta >= 0 ? '+' : ''}${result.delta}).`, {
    resetForm: true,
  });
}

async function importCounts(formData: FormData, actor: string) {
  const submission = parseWithZod(formData, { schema: stockImportSchema });
  if (submission.status !== 'success') return invalidInput(IMPORT, submission);
  const { file } = submission.value;
  const result = await importStockCounts(await db(), { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, actor);
  if (!result.ok) return refused(IMPORT, submission, { field: 'file', message: result.errors });
  const rows = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;
  const left = result.skipped ? ` ${rows(result.skipped, 'row')} without an on_hand left as they were.` : '';
  const message = `Imported ${rows(result.counted, 'count')}: ${result.changed} changed, ${result.unchanged} unchanged.${left}`;
  return done(IMPORT, submission, message, { resetForm: true });
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
      <DoneMessage intents={[INTENT, IMPORT]} />
      <p>
        <a href="/admin/stock.csv" download>
          Download stock (CSV)
        </a>
      </p>
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

      <ImportForm />

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

/** The shelf counted at once: a CSV file of counts, checked row by row, applied only when every row is right. */
function ImportForm() {
  const [form, fields] = useSchemaForm({ id: 'stock-import', schema: stockImportSchema, answer: useFormAnswer(IMPORT) });
  const { key, ...file } = getInputProps(fields.file, { type: 'file' });
  const hintId = `${fields.file.id}-hint`;
  return (
    <Form method="post" encType="multipart/form-data" className="stack narrow" {...getFormProps(form)}>
      <h2>Import shelf counts</h2>
      <div className="form-field">
        <label htmlFor={fields.file.id}>CSV file of counts</label>
        <input key={key} {...file} accept=".csv,text/csv" aria-describedby={[hintId, file['aria-describedby']].filter(Boolean).join(' ')} />
        <p id={hintId} className="field-hint">
          Columns sku and on_hand, and reason if you like (the downloaded file works as it is). Every row is checked first: if one is wrong,
          nothing changes. A row with no on_hand is left as it is.
        </p>
        {fields.file.errors?.length ? (
          <ul id={fields.file.errorId} className="field-error">
            {fields.file.errors.map((error, i) => (
              <li key={i}>{error}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <FormErrors form={form} />
      <SubmitButton name="intent" value={IMPORT} busyText="Importing…">
        Import counts
      </SubmitButton>
    </Form>
  );
}
