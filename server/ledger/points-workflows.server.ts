// Starting the points workflows from the web app (an admin's adjustment forms a lot that must expire).
import { User } from '#db/entities/user.ts';
import { getEnv } from '#server/env.server.ts';
import { db } from '#server/db.server.ts';
import { customerEmailAttributes } from '#server/temporal/customer-email-search.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import type { pointsLot } from '#workflows/loyalty-points.ts';
import { TASK_QUEUES } from '#workflows/messages.ts';
import { pointsLotWorkflowId } from '#workflows/points-messages.ts';
import { pointsSchedule } from './points-settings.server.ts';

/**
 * Starts (or finds) points-lot-<lotId>, which reminds before and then carries out the lot's expiry. Safe to call again:
 * a second start finds the first, so a caller that failed after the lot was recorded simply calls it once more.
 */
export async function startPointsLotWorkflow(input: { lotId: number; customerId: number; expiresAt: string }): Promise<void> {
  const em = await db();
  const user = await em.findOne(User, { id: input.customerId }, { fields: ['email'] });
  await getTemporalClient().workflow.start<typeof pointsLot>('pointsLot', {
    workflowId: pointsLotWorkflowId(input.lotId),
    taskQueue: TASK_QUEUES.commerce,
    args: [{ ...input, orderNumber: null, schedule: pointsSchedule(getEnv()) }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: customerEmailAttributes(user?.email),
    staticSummary: `Points lot ${input.lotId} (customer ${input.customerId})`,
  });
}
