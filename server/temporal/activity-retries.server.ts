// What the running workflows of some orders are retrying right now, read from Temporal: each pending
// activity's attempt, next try and last error. The outbox and the order rows do not count attempts;
// Temporal does, so the admin's "Waiting" list asks it (briefly: the page never waits on it for long).
import { OrderNumberKey } from '#workflows/messages.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { logger } from '#server/log.server.ts';

export interface ActivityRetry {
  workflowId: string;
  activityType: string;
  attempt: number;
  /** When the next try starts (ISO), while it waits out its backoff. */
  nextAttemptAt: string | null;
  lastError: string | null;
}

/** Order numbers looked up at most (each costs a describe call per running workflow). */
const MAX_ORDERS = 20;
const MAX_WORKFLOWS = 40;

type Timestamp = { seconds?: { toString(): string } | number | null; nanos?: number | null } | null | undefined;
const isoOf = (ts: Timestamp) =>
  ts?.seconds != null ? new Date(Number(ts.seconds.toString()) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString() : null;

/**
 * The pending activities of the running workflows of these orders, by order number; null when Temporal
 * did not answer within `timeoutMs` (the page then says so instead of waiting).
 */
export async function activityRetries(orderNumbers: string[], timeoutMs = 2500): Promise<Record<string, ActivityRetry[]> | null> {
  // Order numbers are [A-Z0-9-] by construction; anything else is left out of the query.
  const wanted = [...new Set(orderNumbers)].filter((o) => /^[A-Z0-9-]+$/.test(o)).slice(0, MAX_ORDERS);
  if (wanted.length === 0) return {};
  const client = getTemporalClient();
  const lookup = client
    .withDeadline(Date.now() + timeoutMs, async () => {
      const query = `ExecutionStatus = "Running" AND OrderNumber IN (${wanted.map((o) => `"${o}"`).join(', ')})`;
      const running: Array<{ workflowId: string; runId: string; orderNumber: string }> = [];
      for await (const w of client.workflow.list({ query, pageSize: MAX_WORKFLOWS })) {
        const orderNumber = w.typedSearchAttributes.get(OrderNumberKey);
        if (orderNumber) running.push({ workflowId: w.workflowId, runId: w.runId, orderNumber });
        if (running.length >= MAX_WORKFLOWS) break;
      }
      const byOrder: Record<string, ActivityRetry[]> = {};
      await Promise.all(
        running.map(async ({ workflowId, runId, orderNumber }) => {
          const { raw } = await client.workflow.getHandle(workflowId, runId).describe();
          for (const a of raw.pendingActivities ?? []) {
            (byOrder[orderNumber] ??= []).push({
              workflowId,
              activityType: a.activityType?.name ?? 'activity',
              attempt: a.attempt ?? 1,
              nextAttemptAt: isoOf(a.nextAttemptScheduleTime),
              lastError: a.lastFailure?.message ?? null,
            });
          }
        }),
      );
      return byOrder;
    })
    .catch((error: unknown) => {
      logger.warn({ err: error }, 'admin: could not read pending activities from Temporal');
      return null;
    });
  // The deadline covers each call; this covers a connection still being made.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs + 500);
  });
  try {
    return await Promise.race([lookup, late]);
  } finally {
    clearTimeout(timer);
  }
}
