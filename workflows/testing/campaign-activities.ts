// Recording stand-ins for the campaign activities, shared by the tests of the drip and customer-campaigns workflows:
// the emails they would send, the runs they would record, and conditions the test sets.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { CampaignCondition, CampaignContext } from '#core/campaigns.ts';
import type { CampaignActivities, CampaignSendStatus } from '#worker/activities/campaign-types.ts';
import { workflowBundle } from '../../test/temporal-env.ts';

/** A day lasts 0.1 s: the welcome series (7 days) runs in under a second. */
export const TIME_SCALE = 0.1 / 86400;

export interface Sent {
  stepId: string;
  runKey: string;
  context: CampaignContext;
}

export interface Mock {
  activities: CampaignActivities;
  sent: Sent[];
  runs: Array<{ runKey: string; status: string | null }>;
  /** Answers to conditions (default false). */
  conditions: Partial<Record<CampaignCondition, boolean>>;
  /** What the next sends answer (default sent). */
  sendStatus: CampaignSendStatus;
  onSend?: (s: Sent) => void;
}

export function mock(): Mock {
  const m: Mock = {
    sent: [],
    runs: [],
    conditions: {},
    sendStatus: 'sent',
    activities: {
      async startCampaignRun({ runKey }) {
        if (!m.runs.some((r) => r.runKey === runKey)) m.runs.push({ runKey, status: null });
      },
      async updateCampaignRun({ runKey, ended }) {
        const run = m.runs.find((r) => r.runKey === runKey);
        if (run && ended) run.status = ended;
      },
      async checkCampaignCondition({ condition }) {
        return m.conditions[condition] ?? false;
      },
      async sendCampaignEmail({ stepId, runKey, context }) {
        if (m.sendStatus !== 'sent') return { status: m.sendStatus, emailId: null };
        // Idempotent like the real one: the same run and step is one email.
        if (!m.sent.some((s) => s.stepId === stepId && s.runKey === runKey)) {
          const s = { stepId, runKey, context };
          m.sent.push(s);
          m.onSend?.(s);
        }
        return { status: 'sent', emailId: m.sent.length };
      },
      async remindQuietCarts() {
        return { carts: 0, reminded: 0, skipped: 0, failed: 0 };
      },
      async markIdleCartsAbandoned() {
        return { abandoned: 0 };
      },
      async findQuietCarts() {
        return { carts: [] };
      },
      async markCartReminded() {},
      async enrolInCampaign() {
        return { outcome: 'skipped' as const };
      },
      async enrolAfterPurchase() {
        return { enrolled: [] };
      },
    },
  };
  return m;
}

export const steps = (m: Mock) => m.sent.map((s) => s.stepId);

export async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let seq = 0;
/**
 * Runs `fn` with a worker on a task queue of its own serving `m`'s activities: each test's workflows, a fresh
 * customer id (from `firstCustomerId` up) and its own queue, so tests never take each other's tasks.
 */
export async function runWithCampaignWorker<T>(
  env: TestWorkflowEnvironment,
  m: Mock,
  firstCustomerId: number,
  fn: (taskQueue: string, customerId: number) => Promise<T>,
): Promise<T> {
  const taskQueue = `campaign-activities-${firstCustomerId}-${++seq}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: m.activities,
  });
  return worker.runUntil(fn(taskQueue, firstCustomerId + seq));
}
