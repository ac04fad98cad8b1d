// Temporal Schedules the shop needs, created (or brought up to date) at worker start: idempotent, so
// every worker may call it and a restart changes nothing but what the configuration changed.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Env } from '#server/env.server.ts';
import { CART_UPKEEP_SCHEDULE_ID } from '#workflows/campaign-messages.ts';
import { TASK_QUEUES } from '#workflows/messages.ts';

export async function ensureSchedules(client: Client, env: Env): Promise<void> {
  const spec = { intervals: [{ every: env.CART_UPKEEP_EVERY as `${number}h` }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'cartUpkeep',
    // Each run's id is this plus the time it was due (the Schedule appends it).
    workflowId: CART_UPKEEP_SCHEDULE_ID,
    taskQueue: TASK_QUEUES.commerce,
    args: [],
    staticSummary: 'Cart upkeep: quiet carts enter the abandoned-cart campaign',
  };
  const note = `Every ${env.CART_UPKEEP_EVERY}: carts with an address quiet ${env.CART_QUIET_MINUTES} min enter the abandoned-cart campaign (once per change).`;
  try {
    await client.schedule.create({
      scheduleId: CART_UPKEEP_SCHEDULE_ID,
      spec,
      action,
      // One upkeep at a time; a run missed while the cluster was down is not worth catching up on.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      state: { note },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(CART_UPKEEP_SCHEDULE_ID)
      .update((previous) => ({ ...previous, spec, action, state: { ...previous.state, note } }));
  }
}
