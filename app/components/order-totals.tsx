// An order's totals as rows of a summary's <dl> (core/order-tax-display.ts decides the rows): the customer's order
// page, the checkout's status page and the admin's order page show the same words.
import { Fragment } from 'react';
import { Price } from '#app/components/price.tsx';
import type { TotalRow } from '#core/order-tax-display.ts';

export function OrderTotalRows({ rows, currency, freeShipping = false }: { rows: TotalRow[]; currency: string; freeShipping?: boolean }) {
  return (
    <>
      {rows.map((row, i) => {
        const total = row.key === 'total' ? 'summary__total' : undefined;
        return (
          <Fragment key={`${row.key}-${i}`}>
            <dt className={total} data-row={row.key}>
              {row.label}
            </dt>
            <dd className={total}>
              {freeShipping && row.key === 'shipping' && row.amount === 0 ? 'Free' : <Price amount={row.amount} currency={currency} />}
            </dd>
          </Fragment>
        );
      })}
    </>
  );
}
