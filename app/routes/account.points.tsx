// /account/points: the customer's loyalty points — balances, what is pending per order and when it becomes available,
// what is available and when it expires, and every change, newest first — and their print credits (balances and
// changes). Plain links only: works without JavaScript.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { LedgerHistoryTable, accountOrderPath } from '#app/components/account/ledger-history-table.tsx';
import { PrintCredits } from '#app/components/account/print-credits.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { Price } from '#app/components/price.tsx';
import { requireUser } from '#app/utils/session.server.ts';
import { formatMoney } from '#core/money.ts';
import { formatOrderDate, parsePage } from '#core/order-display.ts';
import { pointsText } from '#core/points-display.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { pointsSummary } from '#server/ledger/points-views.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const search = new URL(request.url).searchParams;
  const page = parsePage(search.get('page'));
  const creditsPage = parsePage(search.get('creditsPage'));
  const summary = await pointsSummary(await db(), user.id, getEnv(), { page, creditsPage });
  return json(summary, { headers: { 'Cache-Control': 'private, no-store' } });
}

export const meta: MetaFunction = () => [{ title: 'Your points and credits — Atelier' }];

type Summary = ReturnType<typeof useLoaderData<typeof loader>>;

/** The page with one page of each history; the credits' opens at their section. */
function pagesHref(points: number, credits: number): string {
  const query = new URLSearchParams({
    ...(points > 1 ? { page: String(points) } : {}),
    ...(credits > 1 ? { creditsPage: String(credits) } : {}),
  });
  return `/account/points${query.size ? `?${query.toString()}` : ''}`;
}

const OrderLink = ({ orderNumber }: { orderNumber: string }) => <Link to={accountOrderPath(orderNumber)}>{orderNumber}</Link>;

function Rules({ rules }: { rules: Summary['rules'] }) {
  const unit = formatMoney(100, rules.currency);
  const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
  return (
    <p>
      {rules.earnRate > 0
        ? `You earn ${pointsText(rules.earnRate)} for every ${unit} spent on prints and files (after discounts; shipping does not count). `
        : 'Orders do not earn points at the moment. '}
      New points stay pending for {days(rules.pendingDays)} — the refund window, counted from payment for files and from delivery for
      anything we ship — and a refund takes them back. Then they are yours to spend at checkout: each point takes{' '}
      {formatMoney(rules.pointValue, rules.currency)} off (100 points = {formatMoney(100 * rules.pointValue, rules.currency)}). Points
      expire {days(rules.lifetimeDays)} after they become available; the ones that expire soonest are used first.
    </p>
  );
}

function lotSource(lot: Summary['lots'][number]) {
  if (lot.source === 'adjust' || !lot.orderNumber) return 'Added by the shop';
  return (
    <>
      {lot.source === 'return' ? 'Given back: refund of order ' : 'Order '}
      <OrderLink orderNumber={lot.orderNumber} />
    </>
  );
}

export default function AccountPoints() {
  const { balance, rules, pending, lots, history, credits } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Your points and credits</h1>

      <section aria-labelledby="balance-h" className="stack">
        <h2 id="balance-h" className="visually-hidden">
          Balance
        </h2>
        <dl className="account-facts">
          <dt>Available</dt>
          <dd>
            {pointsText(balance.available)}
            {balance.available > 0 ? (
              <span className="muted">
                {' '}
                (worth <Price amount={balance.availableValue} currency={balance.currency} /> at checkout)
              </span>
            ) : null}
          </dd>
          <dt>Pending</dt>
          <dd>{pointsText(balance.pending)}</dd>
          {balance.reserved > 0 ? (
            <>
              <dt>Held for a checkout</dt>
              <dd>
                {pointsText(balance.reserved)} <span className="muted">(spent when that order is paid, back if it is not)</span>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="rules-h" className="stack">
        <h2 id="rules-h">How points work</h2>
        <Rules rules={rules} />
      </section>

      {pending.length > 0 ? (
        <section aria-labelledby="pending-h" className="stack">
          <h2 id="pending-h">Pending</h2>
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Points pending per order</caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Points</th>
                  <th scope="col">Available from</th>
                </tr>
              </thead>
              <tbody>
                {pending.map((p) => (
                  <tr key={p.orderNumber}>
                    <th scope="row">
                      <OrderLink orderNumber={p.orderNumber} />
                    </th>
                    <td>{p.points.toLocaleString('en-IE')}</td>
                    <td>{p.availableAt ? <time dateTime={p.availableAt}>{formatOrderDate(p.availableAt)}</time> : p.note}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {lots.length > 0 ? (
        <section aria-labelledby="expiry-h" className="stack">
          <h2 id="expiry-h">When your points expire</h2>
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Available points, soonest to expire first</caption>
              <thead>
                <tr>
                  <th scope="col">Points</th>
                  <th scope="col">Expire on</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {lots.map((l) => (
                  <tr key={l.id}>
                    <td>
                      {l.remaining.toLocaleString('en-IE')}
                      {l.remaining < l.amount ? <span className="muted"> of {l.amount.toLocaleString('en-IE')}</span> : null}
                    </td>
                    <td>
                      <time dateTime={l.expiresAt}>{formatOrderDate(l.expiresAt)}</time>
                    </td>
                    <td>{lotSource(l)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="history-h" className="stack">
        <h2 id="history-h">History</h2>
        {history.total === 0 ? (
          <p>
            No points yet.
            {rules.earnRate > 0 ? (
              <>
                {' '}
                Your next order earns some — <Link to="/">find something you like</Link>.
              </>
            ) : null}
          </p>
        ) : history.entries.length === 0 ? (
          <p>
            There is no page {history.page}. <Link to={pagesHref(1, credits.history.page)}>Back to the first page</Link>.
          </p>
        ) : (
          <LedgerHistoryTable
            entries={history.entries}
            caption="Changes to your points, newest first"
            buckets={['available', 'pending', 'reserved']}
          />
        )}
        <Pagination page={history.page} pages={history.pages} href={(p) => pagesHref(p, credits.history.page)} />
      </section>

      <PrintCredits credits={credits} href={(p) => `${pagesHref(history.page, p)}#credits-h`} />
    </div>
  );
}
