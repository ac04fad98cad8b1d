// The dashboard's "Print provider margin": per month (by when the order was paid, UTC), what the orders the print
// provider made sold its lines for against what the provider charged. Integer minor units; plain SQL, a report.
import type { EntityManager } from '@mikro-orm/postgresql';

export const PRINT_MARGIN_MONTHS = 6;

export interface PrintMarginMonth {
  /** YYYY-MM. */
  month: string;
  /** Orders with a print order the provider accepted. */
  orders: number;
  /** What their provider lines sold for: line totals less their share of the order's discount. */
  revenue: number;
  /** What the provider charged: each print order's cost (none for one cancelled before production) and cancellation fee. */
  cost: number;
  margin: number;
  /** Margin as a percentage of revenue, one decimal; null without revenue. */
  marginPercent: number | null;
  /** Print orders charged in another currency than their order's: left out of `cost`, to be checked by hand. */
  otherCurrency: number;
}

/** The last PRINT_MARGIN_MONTHS months, this one included, newest first; months without print orders show zeros. */
export async function printMargin(em: EntityManager, months = PRINT_MARGIN_MONTHS): Promise<PrintMarginMonth[]> {
  const rows = await em
    .getConnection()
    .execute<Array<{ month: string; orders: number; revenue: string | null; cost: string | null; other_currency: number }>>(
      `with months as (
       select generate_series(date_trunc('month', now() at time zone 'utc') - make_interval(months => ?::int - 1),
                              date_trunc('month', now() at time zone 'utc'), interval '1 month') as month
     ),
     reached as (
       select o.id, o.currency, date_trunc('month', o.paid_at at time zone 'utc') as month
         from orders o
        where o.paid_at >= (select min(month) from months) at time zone 'utc'
          and exists (select 1 from provider_orders p where p.order_id = o.id and p.provider_order_id is not null)
     ),
     revenue as (
       select r.month, count(distinct r.id)::int as orders, sum(i.line_total - i.discount_amount) as revenue
         from reached r join order_items i on i.order_id = r.id and i.fulfilment = 'provider'
        group by r.month
     ),
     cost as (
       select r.month,
              sum(case when p.status = 'cancelled' then 0 else coalesce(p.cost, 0) end + coalesce(p.cancellation_fee, 0))
                filter (where p.cost_currency is null or lower(p.cost_currency) = lower(r.currency)) as cost,
              count(*) filter (where p.cost_currency is not null and lower(p.cost_currency) <> lower(r.currency))::int as other_currency
         from reached r join provider_orders p on p.order_id = r.id
        group by r.month
     )
     select to_char(m.month, 'YYYY-MM') as month, coalesce(v.orders, 0) as orders, coalesce(v.revenue, 0) as revenue,
            coalesce(c.cost, 0) as cost, coalesce(c.other_currency, 0) as other_currency
       from months m left join revenue v on v.month = m.month left join cost c on c.month = m.month
      order by m.month desc`,
      [months],
    );
  return rows.map((r) => {
    const revenue = Number(r.revenue ?? 0);
    const cost = Number(r.cost ?? 0);
    const margin = revenue - cost;
    return {
      month: r.month,
      orders: r.orders,
      revenue,
      cost,
      margin,
      marginPercent: revenue > 0 ? Math.round((margin / revenue) * 1000) / 10 : null,
      otherCurrency: r.other_currency,
    };
  });
}
