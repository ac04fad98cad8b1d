// The shop's own bookkeeping right after a checkout's payment, as one local step of the checkout workflow: the order
// joins its customer's account, bought credits are granted, and the order's follow-on workflows start —
// fulfillment-, render- and points-<orderNumber>, each by its id, so a retry finds them running and starts nothing twice.
// See docs/decisions/062-one-step-after-payment.md.
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { DbDeps } from '#server/deps.server.ts';
import { grantPurchasedCredits } from '#server/ledger/credits.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { CustomerEmailKey, OrderNumberKey, OrderStatusKey, TASK_QUEUES, fulfillmentWorkflowId } from '#workflows/messages.ts';
import { orderPointsWorkflowId } from '#workflows/points-messages.ts';
import { renderWorkflowId } from '#workflows/render-messages.ts';
import { linkOrderToCustomer } from './link-order-to-customer.server.ts';

export interface SettlePaidOrderInput {
  orderNumber: string;
  /** The CustomerEmail search attribute's value (as markOrderPaid computed it), or null. */
  emailSearch: string | null;
  hasPhysical: boolean;
  hasDigital: boolean;
  grantsCredits: boolean;
  /** The checkout's own task queue: fulfillment and points run where it runs (the render on the rendering queue). */
  taskQueue: string;
}

export interface SettledOrder {
  customerId: number | null;
  /** The follow-on workflows this call started (none when a retry found them running). */
  started: string[];
}

interface FollowOn {
  type: 'fulfillment' | 'render' | 'orderPoints';
  workflowId: string;
  taskQueue: string;
  status?: string;
  summary: string;
}

function followOns({ orderNumber, hasPhysical, hasDigital, taskQueue }: SettlePaidOrderInput): FollowOn[] {
  return [
    ...(hasPhysical
      ? [
          {
            type: 'fulfillment' as const,
            workflowId: fulfillmentWorkflowId(orderNumber),
            taskQueue,
            status: 'to_ship',
            summary: `Fulfillment of order ${orderNumber}`,
          },
        ]
      : []),
    ...(hasDigital
      ? [
          {
            type: 'render' as const,
            workflowId: renderWorkflowId(orderNumber),
            taskQueue: TASK_QUEUES.rendering,
            status: 'rendering',
            summary: `Print files of order ${orderNumber}`,
          },
        ]
      : []),
    {
      type: 'orderPoints',
      workflowId: orderPointsWorkflowId(orderNumber),
      taskQueue,
      summary: `Loyalty points of order ${orderNumber}`,
    },
  ];
}

/** Starts one follow-on workflow; false when it already exists (running or ended: an ended one is never started again). */
async function startFollowOn(client: Client, input: SettlePaidOrderInput, f: FollowOn): Promise<boolean> {
  const options: WorkflowStartOptions = {
    workflowId: f.workflowId,
    taskQueue: f.taskQueue,
    args: [{ orderNumber: input.orderNumber }],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: OrderNumberKey, value: input.orderNumber },
      ...(f.status ? [{ key: OrderStatusKey, value: f.status }] : []),
      ...(input.emailSearch ? [{ key: CustomerEmailKey, value: input.emailSearch }] : []),
    ],
    staticSummary: f.summary,
  };
  try {
    await client.workflow.start(f.type, options);
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

/** The paid order's follow-on workflows, started once each; the ids of those this call started. */
export async function startFollowOnWorkflows(client: Client, input: SettlePaidOrderInput): Promise<string[]> {
  const started: string[] = [];
  for (const f of followOns(input)) if (await startFollowOn(client, input, f)) started.push(f.workflowId);
  return started;
}

export async function settlePaidOrder(deps: Pick<DbDeps, 'orm'>, input: SettlePaidOrderInput): Promise<SettledOrder> {
  const { orderNumber } = input;
  const { customerId } = await linkOrderToCustomer(deps, { orderNumber });
  if (input.grantsCredits) await grantPurchasedCredits(deps, { orderNumber });
  return { customerId, started: await startFollowOnWorkflows(getTemporalClient(), input) };
}
