// The admin customer page's points: the balances, the adjustment form (points added or taken away, with a reason) and
// the customer's latest ledger entries; and their print credits' balances (read only).
import { getFormProps, getTextareaProps } from '@conform-to/react';
import { Form, Link } from '@remix-run/react';
import { ConformField, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { adjustPointsSchema } from '#core/schemas/admin-points.ts';
import type { CustomerPoints } from '#server/ledger/admin-points.server.ts';
import { CUSTOMER_INTENTS } from './customer-intents.ts';

const number = new Intl.NumberFormat('en-IE');
const signed = (n: number) => (n > 0 ? `+${number.format(n)}` : number.format(n));

export interface PointsSectionProps {
  points: CustomerPoints;
  adjust: {
    /** The form's one-time key: a double submit records one adjustment. */
    requestKey: string;
    /** POINTS_ADJUST_LIMIT. */
    limit: number;
    superadmin: boolean;
  } | null;
}

export function PointsSection({ points, adjust }: PointsSectionProps) {
  return (
    <section aria-labelledby="points-h" className="stack" data-testid="customer-points">
      <h2 id="points-h">Points</h2>
      <dl className="summary">
        <dt>Available</dt>
        <dd data-testid="points-available">{number.format(points.available)}</dd>
        <dt>Pending</dt>
        <dd>{number.format(points.pending)}</dd>
        <dt>Reserved by a checkout</dt>
        <dd>{number.format(points.reserved)}</dd>
        <dt>Print credits available</dt>
        <dd data-testid="credits-available">{number.format(points.credits.available)}</dd>
        <dt>Print credits reserved by orders</dt>
        <dd data-testid="credits-reserved">{number.format(points.credits.reserved)}</dd>
      </dl>
      {adjust ? <AdjustPointsForm {...adjust} /> : null}
      <PointsEntries points={points} />
    </section>
  );
}

function AdjustPointsForm({ requestKey, limit, superadmin }: NonNullable<PointsSectionProps['adjust']>) {
  const answer = useFormAnswer(CUSTOMER_INTENTS.points);
  const [form, fields] = useSchemaForm({ id: 'adjust-points', schema: adjustPointsSchema, answer });
  // A refused or failed submit keeps its key: sending it again records nothing twice.
  const kept = answer && !answer.ok ? answer.result.initialValue?.requestKey : undefined;
  const { key: reasonKey, ...reason } = getTextareaProps(fields.reason);
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <h3>Adjust</h3>
      <input type="hidden" name={fields.requestKey.name} value={typeof kept === 'string' ? kept : requestKey} />
      <ConformField
        meta={fields.points}
        type="number"
        step={1}
        inputMode="numeric"
        label="Points (positive adds, negative takes away)"
        hint={
          superadmin
            ? `As a superadmin you may adjust any amount (admins: up to ${number.format(limit)} points at a time).`
            : `Up to ${number.format(limit)} points at a time; more needs a superadmin.`
        }
      />
      <div className="form-field">
        <label htmlFor={fields.reason.id}>Reason (kept with the adjustment)</label>
        <textarea key={reasonKey} {...reason} rows={2} />
        <FieldError meta={fields.reason} />
      </div>
      <FormErrors form={form} hidden={[fields.requestKey]} />
      <SubmitButton name="intent" value={CUSTOMER_INTENTS.points} busyText="Recording…" variant="secondary">
        Record adjustment
      </SubmitButton>
    </Form>
  );
}

function PointsEntries({ points }: { points: CustomerPoints }) {
  if (!points.entries.length) return <p className="muted">No points yet.</p>;
  return (
    <table className="cart-table admin-table" data-testid="points-entries">
      <caption>
        Ledger entries, newest first
        {points.entryCount > points.entries.length ? ` (the latest ${points.entries.length} of ${number.format(points.entryCount)})` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Type</th>
          <th scope="col">Bucket</th>
          <th scope="col">Points</th>
          <th scope="col">Reason</th>
          <th scope="col">Order</th>
          <th scope="col">By</th>
        </tr>
      </thead>
      <tbody>
        {points.entries.map((e) => (
          <tr key={e.id}>
            <td>{e.at.slice(0, 16).replace('T', ' ')}</td>
            <td>{e.type.replace('_', ' ')}</td>
            <td>{e.bucket}</td>
            <td>{signed(e.amount)}</td>
            <td>{e.reason}</td>
            <td>{e.orderNumber ? <Link to={`/admin/orders/${e.orderNumber}`}>{e.orderNumber}</Link> : '—'}</td>
            <td>{e.adminEmail ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
