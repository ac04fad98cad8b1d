import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, json, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { DoneMessage, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import type { FormAnswer } from '#app/utils/form-answer.ts';
import { done, invalidInput, refused } from '#app/utils/form-answer.server.ts';
import { promoCodeChangeSchema } from '#core/schemas/admin-promo-code.ts';
import { db } from '#server/db.server.ts';
import { changePromoCode, loadPromoCodeOr404, promoCodeUsage } from '#server/promotions/promo-codes.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.promo.code ?? 'Promo code'} — Admin — Atelier` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const em = await db();
  return json(await promoCodeUsage(em, await loadPromoCodeOr404(em, params.id)));
}

/** The page's one form: its buttons (activate, deactivate, delete, sync) send the change as name="intent". */
const CHANGE_FORM = 'change';

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAdmin(request);
  const em = await db();
  const promo = await loadPromoCodeOr404(em, params.id);
  const submission = parseWithZod(await request.formData(), { schema: promoCodeChangeSchema });
  if (submission.status !== 'success') return invalidInput(CHANGE_FORM, submission);
  const result = await changePromoCode(em, promo, submission.value.intent);
  return result.ok ? done(CHANGE_FORM, submission, result.message) : refused(CHANGE_FORM, submission, result, 409);
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

export default function AdminPromoCode() {
  const { promo: p, orders, revenue, discountGiven, currency } = useLoaderData<typeof loader>();
  const answered = useActionData<FormAnswer>() !== undefined;
  const [form, fields] = useSchemaForm({ id: CHANGE_FORM, schema: promoCodeChangeSchema, answer: useFormAnswer(CHANGE_FORM) });
  const [search] = useSearchParams();
  const created = search.get('created');
  // The end is stored exclusive (the start of the day after the last day).
  const lastDay = p.endsAt ? new Date(Date.parse(p.endsAt) - 1).toISOString() : null;
  return (
    <div className="stack">
      <p>
        <Link to="/admin/promo-codes">← Promo codes</Link>
      </p>
      <h1>
        {p.code} <StatusBadge status={p.status} />
      </h1>
      {created && !answered ? (
        <p role="status" className={`alert ${created === '1' ? 'alert-success' : 'alert-error'}`}>
          {created === '1'
            ? `Created ${p.code}.`
            : `Created ${p.code}, but Temporal did not answer: it is not on Stripe yet. Use “Sync with Stripe”.`}
        </p>
      ) : null}
      <DoneMessage intents={[CHANGE_FORM]} />
      <FormErrors form={form} hidden={[fields.intent]} />
      <dl className="summary">
        <dt>Discount</dt>
        <dd>{p.value}</dd>
        <dt>Redemptions</dt>
        <dd>
          {p.timesRedeemed}
          {p.maxRedemptions != null ? ` of ${p.maxRedemptions}` : ' (no limit)'}
          {p.maxPerCustomer != null ? `; at most ${p.maxPerCustomer} per customer` : ''}
        </dd>
        <dt>Valid</dt>
        <dd>
          from {p.startsAt ? day(p.startsAt) : 'creation'} until {lastDay ? `the end of ${day(lastDay)} (UTC)` : 'further notice'}
        </dd>
        <dt>Minimum order</dt>
        <dd>{p.minimumAmount != null ? <Price amount={p.minimumAmount} currency={currency} /> : '—'}</dd>
        <dt>Description</dt>
        <dd>{p.description ?? '—'}</dd>
        <dt>Created</dt>
        <dd>
          {day(p.createdAt)}
          {p.createdBy ? ` by ${p.createdBy}` : ''}
          {p.source === 'campaign' ? ' (by a campaign)' : ''}
        </dd>
        <dt>Stripe</dt>
        <dd>
          {p.stripePromotionCodeId ? `${p.stripePromotionCodeId} (coupon ${p.stripeCouponId})` : 'not created yet'}
          {p.syncError ? ` — last sync failed: ${p.syncError}` : p.synced ? ' — up to date' : ' — syncing…'}
        </dd>
      </dl>

      {!p.deleted ? (
        <Form method="post" className="cluster" {...getFormProps(form)}>
          {p.active ? (
            <SubmitButton name="intent" value="deactivate" variant="secondary" busyText="Deactivating…">
              Deactivate
            </SubmitButton>
          ) : (
            <SubmitButton name="intent" value="activate" variant="secondary" busyText="Activating…">
              Activate
            </SubmitButton>
          )}
          <SubmitButton name="intent" value="sync" variant="secondary" busyText="Syncing…">
            Sync with Stripe
          </SubmitButton>
          <SubmitButton name="intent" value="delete" variant="secondary" busyText="Deleting…">
            Delete
          </SubmitButton>
        </Form>
      ) : (
        <p className="muted">Deleted: customers can no longer use it; its orders and history are kept.</p>
      )}

      <section aria-labelledby="usage-h" className="stack">
        <h2 id="usage-h">Usage</h2>
        <dl className="summary">
          <dt>Orders</dt>
          <dd>{orders.length}</dd>
          <dt>Revenue (net of refunds)</dt>
          <dd>
            <Price amount={revenue} currency={currency} />
          </dd>
          <dt>Discount given</dt>
          <dd>
            <Price amount={discountGiven} currency={currency} />
          </dd>
        </dl>
        <table className="cart-table admin-table">
          <caption className="visually-hidden">Orders that used {p.code}</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Date</th>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
              <th scope="col">Discount</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.orderNumber}>
                <td>
                  <Link to={`/admin/orders/${o.orderNumber}`}>{o.orderNumber}</Link>
                </td>
                <td>{day(o.at)}</td>
                <td>{o.email ?? '—'}</td>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td>
                  <Price amount={o.total} currency={o.currency} />
                </td>
                <td>
                  <Price amount={o.discount} currency={o.currency} />
                </td>
              </tr>
            ))}
            {orders.length === 0 ? (
              <tr>
                <td colSpan={6}>No orders have used this code yet.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>
    </div>
  );
}
