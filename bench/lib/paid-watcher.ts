// Following orders until they are paid, and the figures of how long that took.
import type pg from 'pg';
import { errorText } from './failures.ts';
import { sleep, summarize, type Summary } from './stats.ts';

interface Tracked {
  sentAt: number;
}

/**
 * Watches orders until they are paid: one query for all outstanding orders every `intervalMs`
 * (not one poll per order, which would itself load the database). Records when `status = 'paid'`
 * was first seen and the order's own `paid_at`.
 */
export class PaidWatcher {
  private readonly tracked = new Map<string, Tracked>();
  private readonly seen = new Map<string, { observedAt: number; paidAt: number }>();
  private running = false;
  private loop: Promise<void> | undefined;
  polls = 0;
  errors = 0;
  lastError = '';

  constructor(
    private readonly db: pg.Pool,
    private readonly intervalMs = 10,
  ) {}

  track(orderNumber: string, sentAt: number): void {
    this.tracked.set(orderNumber, { sentAt });
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const waiting = [...this.tracked.keys()].filter((o) => !this.seen.has(o));
        if (waiting.length > 0) {
          try {
            const { rows } = await this.db.query<{ order_number: string; paid_at: Date }>(
              `select order_number, paid_at from orders where order_number = any($1) and status = 'paid' and paid_at is not null`,
              [waiting],
            );
            const now = Date.now();
            this.polls++;
            for (const r of rows) this.seen.set(r.order_number, { observedAt: now, paidAt: r.paid_at.getTime() });
          } catch (err) {
            // Keep polling (bounded by finish()); the orders never seen count as not paid.
            this.errors++;
            this.lastError = errorText(err);
          }
        }
        await sleep(this.intervalMs);
      }
    })();
  }

  /** Waits (bounded) until every tracked order is seen paid, then stops polling. */
  async finish(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until && [...this.tracked.keys()].some((o) => !this.seen.has(o))) await sleep(50);
    this.running = false;
    await this.loop;
  }

  results(): { orderNumber: string; sentAt: number; observedAt: number | null; paidAt: number | null }[] {
    return [...this.tracked].map(([orderNumber, t]) => {
      const s = this.seen.get(orderNumber);
      return { orderNumber, sentAt: t.sentAt, observedAt: s?.observedAt ?? null, paidAt: s?.paidAt ?? null };
    });
  }
}

/** Server side: the webhook's arrival (webhook_events.created_at, web process clock) to orders.paid_at. */
async function receiptToPaid(db: pg.Pool, orderNumbers: string[]): Promise<number[]> {
  if (orderNumbers.length === 0) return [];
  const { rows } = await db.query<{ ms: string }>(
    `select extract(epoch from (o.paid_at - w.created_at)) * 1000 as ms
       from orders o
       join webhook_events w on w.order_number = o.order_number and w.type = 'checkout.session.completed'
      where o.order_number = any($1) and o.paid_at is not null`,
    [orderNumbers],
  );
  return rows.map((r) => Number(r.ms));
}

export interface PaidFigures {
  /** From our send (or the pay click) to `orders.paid_at`. */
  sendToPaid: Summary;
  /** From our send until a poll saw `status = 'paid'` (what a polling customer sees; ≤ interval + query late). */
  sendToObserved: Summary;
  /** From the webhook's arrival at the web server (webhook_events.created_at) to `orders.paid_at`. */
  receiptToPaid: Summary;
  notPaid: number;
}

export async function paidFigures(db: pg.Pool, watcher: PaidWatcher): Promise<PaidFigures> {
  const results = watcher.results();
  const paid = results.filter((r) => r.paidAt !== null);
  return {
    sendToPaid: summarize(paid.map((r) => r.paidAt! - r.sentAt)),
    sendToObserved: summarize(paid.map((r) => r.observedAt! - r.sentAt)),
    receiptToPaid: summarize(
      await receiptToPaid(
        db,
        paid.map((r) => r.orderNumber),
      ),
    ),
    notPaid: results.length - paid.length,
  };
}
