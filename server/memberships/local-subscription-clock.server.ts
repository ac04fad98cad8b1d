// The local stand-in's clock (local payment mode only): every LOCAL_SUBSCRIPTIONS_TICK_MS it renews the subscriptions
// whose period has ended, retries failed payments that are due, and delivers the events those changes wrote — signed,
// to /webhooks/stripe, retried with backoff while the shop answers 5xx, as Stripe does. Rows are claimed with
// SKIP LOCKED, so any number of web processes can run it.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Env } from '#server/env.server.ts';
import { logger } from '#server/log.server.ts';
import { deliverEvent, type buildEvent } from '#server/payments/local-stripe.server.ts';
import { renewDueSubscriptions, retryDuePayments } from './local-subscriptions.server.ts';

interface EventRow {
  id: number;
  event_id: string;
  payload: ReturnType<typeof buildEvent>;
  attempts: number;
}

/** Stripe retries a failed delivery for days; the stand-in backs off from a second to a minute. */
const backoffSeconds = (attempts: number) => Math.min(60, 2 ** Math.min(attempts, 6));
const DELIVERY_CONCURRENCY = 16;

/** Delivers the events that are due, a batch at a time; answers how many were delivered. */
export async function deliverDueEvents(em: EntityManager, limit = 200): Promise<number> {
  // Claimed for 30 s: another process skips them meanwhile, and a process that dies mid-delivery leaves them to the next.
  const claimed = await em.fork().execute<EventRow[]>(
    `update local_stripe_events set next_attempt_at = now() + interval '30 seconds'
     where id in (select id from local_stripe_events where delivered_at is null and next_attempt_at <= now() order by id limit ? for update skip locked)
     returning id, event_id, payload, attempts`,
    [limit],
    'all',
  );
  claimed.sort((a, b) => a.id - b.id);
  let delivered = 0;
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const row = claimed[next++]!;
      try {
        await deliverEvent(row.payload, { attempts: 1 });
        await em
          .fork()
          .execute(
            `update local_stripe_events set delivered_at = now(), attempts = attempts + 1, last_error = null where id = ?`,
            [row.id],
            'run',
          );
        delivered += 1;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await em
          .fork()
          .execute(
            `update local_stripe_events set attempts = attempts + 1, last_error = ?, next_attempt_at = now() + make_interval(secs => ?) where id = ?`,
            [message.slice(0, 2000), backoffSeconds(row.attempts + 1), row.id],
            'run',
          );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DELIVERY_CONCURRENCY, claimed.length) }, worker));
  return delivered;
}

/** Sends an event again as it was (same id), as Stripe's "Resend" does: the shop must record it only once. */
export async function redeliverEvent(em: EntityManager, eventId: string): Promise<void> {
  await em.execute(`update local_stripe_events set delivered_at = null, next_attempt_at = now() where event_id = ?`, [eventId], 'run');
}

/** One turn of the clock. */
export async function tickLocalSubscriptions(em: EntityManager, env: Pick<Env, 'APP_URL' | 'MEMBERSHIP_TIME_SCALE'>): Promise<void> {
  await renewDueSubscriptions(em, env);
  await retryDuePayments(em, env);
  while ((await deliverDueEvents(em)) > 0) {
    // Deliver what a big renewal wrote before the next turn.
  }
}

/** Starts the clock; the returned function stops it. */
export function startLocalSubscriptionClock(getEm: () => Promise<EntityManager>, env: Env): () => void {
  let running = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    void getEm()
      .then((em) => tickLocalSubscriptions(em, env))
      .catch((err: unknown) => logger.warn({ err }, 'local subscriptions: tick failed'))
      .finally(() => {
        running = false;
      });
  }, env.LOCAL_SUBSCRIPTIONS_TICK_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
