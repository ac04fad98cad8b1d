// The points phase's reads and writes of the bench database: points given to customers (as an admin's adjustment,
// through adjustPoints), when each order's webhook arrived and it was paid, and what the orders did to the ledger.
import type pg from 'pg';
import { initOrm } from '#db/orm.ts';
import { adjustPoints } from '#server/ledger/points-lots.server.ts';
import { orderPointsWorkflowId } from '#workflows/points-messages.ts';
import type { BenchCustomer } from './customers.ts';
import type { WorkflowTimes } from './workflow-times.ts';

export interface PointsLedgerCounts {
  /** Transfers of the orders by type. */
  reserve: number;
  spend: number;
  earn: number;
  /** orders.points_used summed. */
  pointsUsed: number;
  /** points-<orderNumber> workflows that exist. */
  pointsWorkflows: number;
}

/** Gives each customer `amount` points as an admin's adjustment (a lot expiring in a year). */
export async function givePoints(databaseUrl: string, db: pg.Pool, customers: BenchCustomer[], amount: number): Promise<void> {
  const admin = await db.query<{ id: number }>(`select id from users where role in ('superadmin', 'admin') order by id limit 1`);
  if (!admin.rows[0]) throw new Error('the bench database has no admin to record the points adjustments (was it seeded?)');
  const orm = await initOrm({ url: databaseUrl, poolMax: 2 });
  try {
    const expiresAt = new Date(Date.now() + 365 * 86_400_000);
    for (const c of customers) {
      const done = await adjustPoints(
        { orm },
        {
          customerId: c.id,
          amount,
          reason: 'Benchmark: points to spend',
          adminId: admin.rows[0].id,
          requestKey: `bench-${c.id}`,
          expiresAt,
        },
      );
      if (!done.ok) throw new Error(`points for customer ${c.id} refused: ${done.reason}`);
    }
  } finally {
    await orm.close();
  }
}

/** Arrival of each order's completed-checkout webhook and its paid_at, epoch ms. */
export async function arrivals(db: pg.Pool, orderNumbers: string[]): Promise<Map<string, { arrived: number; paid: number | null }>> {
  const { rows } = await db.query<{ order_number: string; arrived: string; paid: string | null }>(
    `select o.order_number, extract(epoch from w.created_at) * 1000 as arrived, extract(epoch from o.paid_at) * 1000 as paid
       from orders o join webhook_events w on w.order_number = o.order_number and w.type = 'checkout.session.completed'
      where o.order_number = any($1)`,
    [orderNumbers],
  );
  return new Map(rows.map((r) => [r.order_number, { arrived: Number(r.arrived), paid: r.paid === null ? null : Number(r.paid) }]));
}

export async function ledgerOf(db: pg.Pool, times: WorkflowTimes, orderNumbers: string[]): Promise<PointsLedgerCounts> {
  const { rows } = await db.query<{ type: string; n: number }>(
    `select t.type, count(*)::int as n from ledger_transfers t join orders o on o.id = t.order_id
      where o.order_number = any($1) group by t.type`,
    [orderNumbers],
  );
  const n = (type: string) => rows.find((r) => r.type === type)?.n ?? 0;
  const used = await db.query<{ sum: number }>(
    `select coalesce(sum(points_used), 0)::int as sum from orders where order_number = any($1)`,
    [orderNumbers],
  );
  return {
    reserve: n('reserve'),
    spend: n('spend'),
    earn: n('earn'),
    pointsUsed: used.rows[0]!.sum,
    pointsWorkflows: await times.countExisting(orderNumbers.map(orderPointsWorkflowId)),
  };
}
