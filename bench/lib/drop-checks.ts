// What the drop phase (bench/lib/drop.ts) checks after its checkouts: the orders of the drop's variant by status,
// the expiry of the abandoned ones, and the checkout workflows still running on the shop's Temporal server.
import { Connection } from '@temporalio/client';
import type pg from 'pg';
import { sleep } from './stats.ts';

export interface OrderCounts {
  paid: number;
  /** Not paid and not ended: a checkout still waiting for payment (or stuck). */
  pending: number;
  cancelled: number;
  /** Orders still holding a reservation (stock_state = 'reserved'). */
  holding: number;
}

/** The orders holding the variant, by status. */
export async function ordersOfVariant(db: pg.Pool, variantId: number): Promise<OrderCounts> {
  const { rows } = await db.query<{ status: string; holding: boolean; n: number }>(
    `select o.status, coalesce(o.stock_state = 'reserved', false) as holding, count(distinct o.id)::int as n
       from orders o join order_items i on i.order_id = o.id
      where i.variant_id = $1 group by 1, 2`,
    [variantId],
  );
  const counts: OrderCounts = { paid: 0, pending: 0, cancelled: 0, holding: 0 };
  for (const r of rows) {
    if (r.status === 'paid') counts.paid += r.n;
    else if (r.status === 'pending') counts.pending += r.n;
    else if (r.status === 'cancelled') counts.cancelled += r.n;
    if (r.holding) counts.holding += r.n;
  }
  return counts;
}

export async function orderNumbersOfSessions(db: pg.Pool, sessionIds: string[]): Promise<string[]> {
  const { rows } = await db.query<{ order_number: string }>('select order_number from local_checkout_sessions where session_id = any($1)', [
    sessionIds,
  ]);
  return rows.map((r) => r.order_number);
}

export interface Expiry {
  /** Of the given orders (the abandoned ones), those cancelled with their reservation released. */
  released: number;
  /** The variant's orders cancelled with their reservation released (the abandoned ones and any other left unpaid). */
  cancelled: number;
  /** Per cancelled order: the session's expiry (checkout_expires_at) → the order cancelled (cancelled_at), ms. */
  lateness: number[];
  /** From the start of the wait until no order of the variant was pending (or the wait gave up), s. */
  waitedSeconds: number;
}

/**
 * Waits until no order of the variant is pending: each unpaid one cancelled with its reservation released, the
 * checkout workflow's own timer having expired its session. Gives up `slackMs` after the latest session expiry plus
 * `graceMs` (or after `slackMs`, when no session is known).
 */
export async function waitForExpiry(
  db: pg.Pool,
  variantId: number,
  orderNumbers: string[],
  graceMs: number,
  slackMs: number,
): Promise<Expiry> {
  const t0 = Date.now();
  for (;;) {
    const { rows: pending } = await db.query<{ n: number; expires: Date | null }>(
      `select count(distinct o.id)::int as n, max(o.checkout_expires_at) as expires
         from orders o join order_items i on i.order_id = o.id where i.variant_id = $1 and o.status = 'pending'`,
      [variantId],
    );
    const until = (pending[0]?.expires?.getTime() ?? t0) + graceMs + slackMs;
    if (!pending[0]?.n || Date.now() > until) break;
    await sleep(500);
  }
  const { rows } = await db.query<{ order_number: string; lateness_ms: number }>(
    `select distinct o.order_number, extract(epoch from (o.cancelled_at - o.checkout_expires_at)) * 1000 as lateness_ms
       from orders o join order_items i on i.order_id = o.id
      where i.variant_id = $1 and o.status = 'cancelled' and o.stock_state = 'released'`,
    [variantId],
  );
  const wanted = new Set(orderNumbers);
  return {
    released: rows.filter((r) => wanted.has(r.order_number)).length,
    cancelled: rows.length,
    lateness: rows.map((r) => Number(r.lateness_ms)),
    waitedSeconds: (Date.now() - t0) / 1000,
  };
}

/** Checkout workflows on the shop's Temporal server, read through its visibility (raw calls: no payloads are decoded). */
export class CheckoutWorkflows {
  private constructor(
    private readonly connection: Connection,
    private readonly namespace: string,
  ) {}

  static async connect(address: string, namespace: string): Promise<CheckoutWorkflows> {
    return new CheckoutWorkflows(await Connection.connect({ address }), namespace);
  }

  /** Ids of the `checkout` workflows started at or after `since` that are still running. */
  async runningSince(since: Date): Promise<string[]> {
    const query = `WorkflowType = 'checkout' AND ExecutionStatus = 'Running' AND StartTime >= '${since.toISOString()}'`;
    const ids: string[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const res = await this.connection.workflowService.listWorkflowExecutions({
        namespace: this.namespace,
        query,
        pageSize: 500,
        nextPageToken,
      });
      for (const e of res.executions ?? []) if (e.execution?.workflowId) ids.push(e.execution.workflowId);
      nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
    } while (nextPageToken);
    return ids;
  }

  /** Waits (at most `timeoutMs`) until none started since `since` is running; visibility trails the closes a little. */
  async waitUntilNoneRunning(since: Date, timeoutMs: number): Promise<string[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const running = await this.runningSince(since);
      if (running.length === 0 || Date.now() > until) return running;
      await sleep(500);
    }
  }

  /** How many `checkout` workflows were started at or after `since` (running or closed). */
  async countSince(since: Date): Promise<number> {
    const res = await this.connection.workflowService.countWorkflowExecutions({
      namespace: this.namespace,
      query: `WorkflowType = 'checkout' AND StartTime >= '${since.toISOString()}'`,
    });
    return Number(res.count ?? 0);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
