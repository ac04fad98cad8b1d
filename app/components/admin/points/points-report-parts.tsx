// The parts of the points report (/admin/points): the shop's counter-accounts, the reconciliation of stored balances
// and transfers with the entries, and the customers holding the most points.
import { Link } from '@remix-run/react';
import type { PointsReconciliation, PointsShopAccount, TopHolder } from '#server/ledger/points-report.server.ts';

const number = new Intl.NumberFormat('en-IE');
export const points = (n: number) => number.format(n);

const ABOUT: Record<PointsShopAccount, string> = {
  earned: 'Given for orders',
  redeemed: 'Spent as a discount',
  reversed: 'Taken back by refunds',
  expired: 'Expired unused',
  adjusted: 'Admins’ corrections',
  returned: 'Spent points given back by refunds',
  written_off: 'Reversals the customer no longer had the points for',
};

export function ShopAccountsTable({ shop, ledgerSum }: { shop: Record<PointsShopAccount, number>; ledgerSum: number }) {
  return (
    <table className="cart-table admin-table" data-testid="points-shop-accounts">
      <caption>
        The shop’s counter-accounts: each balance is the sum of its entries, negative where points went out to customers, positive where
        they came back.
      </caption>
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">What</th>
          <th scope="col">Balance</th>
        </tr>
      </thead>
      <tbody>
        {(Object.keys(ABOUT) as PointsShopAccount[]).map((code) => (
          <tr key={code}>
            <td>
              <code>{code}</code>
            </td>
            <td>{ABOUT[code]}</td>
            <td>{points(shop[code])}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            Customers’ balances plus the counter-accounts (0 when everything agrees)
          </th>
          <td data-testid="points-ledger-sum">{points(ledgerSum)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

export function ReconciliationView({ r }: { r: PointsReconciliation }) {
  return (
    <div className="stack" data-testid="points-reconciliation">
      {r.unreconciledCount === 0 ? (
        <p className="alert alert-success">
          All {points(r.accounts)} customer {r.accounts === 1 ? 'account reconciles' : 'accounts reconcile'}: stored balances equal the sums
          of their entries.
        </p>
      ) : (
        <>
          <p className="alert alert-error" role="alert">
            {points(r.unreconciledCount)} of {points(r.accounts)} customer accounts do not reconcile: their stored balances differ from the
            sums of their entries.
          </p>
          <table className="cart-table admin-table" data-testid="points-unreconciled">
            <caption className="visually-hidden">Accounts that do not reconcile</caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Available (stored / summed)</th>
                <th scope="col">Pending (stored / summed)</th>
                <th scope="col">Reserved (stored / summed)</th>
              </tr>
            </thead>
            <tbody>
              {r.unreconciled.map((a) => (
                <tr key={a.customerId}>
                  <td>
                    <Link to={`/admin/customers/${a.customerId}`}>{a.email ?? `#${a.customerId}`}</Link>
                  </td>
                  <td>{`${points(a.stored.available)} / ${points(a.summed.available)}`}</td>
                  <td>{`${points(a.stored.pending)} / ${points(a.summed.pending)}`}</td>
                  <td>{`${points(a.stored.reserved)} / ${points(a.summed.reserved)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {r.unbalancedCount === 0 ? (
        <p className="alert alert-success">
          All {points(r.transfers)} {r.transfers === 1 ? 'transfer balances' : 'transfers balance'}: each one’s entries sum to zero.
        </p>
      ) : (
        <>
          <p className="alert alert-error" role="alert">
            {points(r.unbalancedCount)} {r.unbalancedCount === 1 ? 'transfer does' : 'transfers do'} not balance:
          </p>
          <ul data-testid="points-unbalanced">
            {r.unbalanced.map((t) => (
              <li key={t.id}>
                #{t.id} {t.type} <code>{t.idempotencyKey}</code>: entries sum to {points(t.sum)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function TopHolders({ top }: { top: TopHolder[] }) {
  if (!top.length) return <p className="muted">No customer has points available.</p>;
  return (
    <table className="cart-table admin-table" data-testid="points-top">
      <caption className="visually-hidden">Customers with the most points available</caption>
      <thead>
        <tr>
          <th scope="col">Customer</th>
          <th scope="col">Available</th>
          <th scope="col">Pending</th>
          <th scope="col">Reserved</th>
        </tr>
      </thead>
      <tbody>
        {top.map((c) => (
          <tr key={c.customerId}>
            <td>
              <Link to={`/admin/customers/${c.customerId}`}>{c.email ?? `#${c.customerId}`}</Link>
            </td>
            <td>{points(c.available)}</td>
            <td>{points(c.pending)}</td>
            <td>{points(c.reserved)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
