// "Correct the invoice" on the admin order page: the buyer's name, address and VAT number as the corrected invoice
// names them, and why. The server issues a credit note cancelling the invoice and a new invoice with the same lines.
import { getFormProps, getTextareaProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { ConformField, DoneMessage, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { invoiceCorrectionSchema, type InvoiceBuyerCorrection } from '#core/schemas/invoice-correction.ts';
import { ORDER_INTENTS } from './order-intents.ts';

export interface CorrectableInvoice {
  number: string;
  buyer: InvoiceBuyerCorrection;
}

/** The form for the order's current invoice, filled with its buyer; null: nothing to correct here (no invoice, refunds). */
export function InvoiceCorrectionForm({ invoice }: { invoice: CorrectableInvoice | null }) {
  return (
    <div className="stack">
      {invoice ? <CorrectionDetails key={invoice.number} invoice={invoice} /> : null}
      <DoneMessage intents={[ORDER_INTENTS.correctInvoice]} />
    </div>
  );
}

function CorrectionDetails({ invoice }: { invoice: CorrectableInvoice }) {
  const answer = useFormAnswer(ORDER_INTENTS.correctInvoice);
  const [form, fields] = useSchemaForm({
    id: `correct-invoice-${invoice.number}`,
    schema: invoiceCorrectionSchema,
    answer,
    defaultValue: {
      name: invoice.buyer.name,
      address: invoice.buyer.address.join('\n'),
      vatNumber: invoice.buyer.vatNumber ?? '',
      reason: '',
    },
  });
  const { key: addressKey, ...address } = getTextareaProps(fields.address);
  return (
    // Open again when the answer refused something, so the errors show without JavaScript too.
    <details open={answer ? !answer.ok : undefined}>
      <summary>Correct the invoice’s buyer</summary>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <p className="muted">
          Invoice {invoice.number} is cancelled by a credit note and replaced by a new invoice with the same lines and amounts and the buyer
          below.
        </p>
        <ConformField meta={fields.name} label="Buyer’s name" autoComplete="off" />
        <div className="form-field">
          <label htmlFor={fields.address.id}>Address (one line per line)</label>
          <textarea key={addressKey} {...address} rows={4} />
          <FieldError meta={fields.address} />
        </div>
        <ConformField meta={fields.vatNumber} label="VAT number (optional, for a business buyer)" placeholder="DE123456789" />
        <ConformField meta={fields.reason} label="Reason (printed on the credit note)" />
        <FormErrors form={form} />
        <SubmitButton name="intent" value={ORDER_INTENTS.correctInvoice} variant="secondary" busyText="Correcting…">
          Correct the invoice
        </SubmitButton>
      </Form>
    </details>
  );
}
