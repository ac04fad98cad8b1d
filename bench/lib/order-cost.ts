// What a paid order costs: every workflow run started while a batch of orders ran (the checkouts and everything they
// started — fulfillment, points, renders, campaigns, emails), counted from their histories by bench/lib/history-cost.ts,
// and the CPU each part of the shop spent from the batch's first start until the shop went quiet again, both divided
// by the orders paid. Raw gRPC calls without a data converter: the shop's payloads are encrypted, and only event types
// and counters are read.
import { Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { coresUsed, cpuSnapshot, MACHINE, PRESSURE, THREAD_KINDS, type CpuSnapshot } from './cpu.ts';
import { ACTION_KINDS, addCost, emptyCost, historyCost, type HistoryCost } from './history-cost.ts';
import { sleep } from './stats.ts';

export interface WorkflowTypeCost extends HistoryCost {
  /** Runs of this type (continue-as-new runs count each). */
  runs: number;
  /** Of those, still running when counted (their later timers and steps are not in these figures). */
  running: number;
}

export interface OrderCost {
  orders: number;
  /** Per paid order: the sum over every run started in the batch, divided by the orders. */
  perOrder: HistoryCost & { runs: number };
  /** Per paid order, by workflow type. */
  byType: Record<string, WorkflowTypeCost>;
  /**
   * CPU ms per paid order of each part of the shop (web, worker, temporal, postgres, load generator, whole machine); the
   * worker's also by kind of thread ("worker: main thread", "worker: Temporal core", "worker: other threads").
   */
  cpuMsPerOrder: Record<string, number>;
  /** Seconds from the batch's first start until the shop was quiet (the span the CPU was read over). */
  seconds: number;
}

type Groups = Record<string, number | undefined>;

/** Waits until the worker and Temporal together use under `idleCores` for two seconds in a row (at most `maxMs`). */
export async function waitUntilQuiet(groups: () => Groups, maxMs = 90_000, idleCores = 0.1): Promise<void> {
  const until = Date.now() + maxMs;
  let quietFor = 0;
  let before = cpuSnapshot(groups());
  while (Date.now() < until && quietFor < 2) {
    await sleep(1000);
    const after = cpuSnapshot(groups());
    const cores = coresUsed(before, after);
    before = after;
    if (!cores) return;
    quietFor = (cores.worker ?? 0) + (cores.temporal ?? 0) < idleCores ? quietFor + 1 : 0;
  }
}

async function* runsStartedSince(
  connection: Connection,
  namespace: string,
  since: Date,
): AsyncGenerator<temporal.api.workflow.v1.IWorkflowExecutionInfo> {
  let nextPageToken: Uint8Array | undefined;
  do {
    const res = await connection.workflowService.listWorkflowExecutions({
      namespace,
      query: `StartTime >= '${since.toISOString()}'`,
      pageSize: 500,
      nextPageToken,
    });
    for (const info of res.executions ?? []) yield info;
    nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
  } while (nextPageToken);
}

async function historyOf(connection: Connection, namespace: string, workflowId: string, runId: string) {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const res = await connection.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution: { workflowId, runId },
      maximumPageSize: 1000,
      nextPageToken,
    });
    events.push(...(res.history?.events ?? []));
    nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

const COUNTERS = ['events', 'actions', 'workflowTasks', 'activityTasks', 'localActivities', 'runs', 'running'] as const;
type Counter = (typeof COUNTERS)[number];
const RUNNING = 1; // WORKFLOW_EXECUTION_STATUS_RUNNING

/** The histories of every run started since `since` (task queues in `excludeQueues` left out), per paid order. */
export async function countOrderHistories(opts: {
  address: string;
  namespace: string;
  since: Date;
  orders: number;
  excludeQueues?: string[];
}): Promise<Pick<OrderCost, 'perOrder' | 'byType'>> {
  const connection = await Connection.connect({ address: opts.address });
  try {
    const byType = new Map<string, WorkflowTypeCost>();
    const total = { ...emptyCost(), runs: 0 };
    for await (const info of runsStartedSince(connection, opts.namespace, opts.since)) {
      if (info.taskQueue && opts.excludeQueues?.includes(info.taskQueue)) continue;
      const type = info.type?.name ?? 'unknown';
      const cost = historyCost(await historyOf(connection, opts.namespace, info.execution!.workflowId!, info.execution!.runId!));
      const entry = byType.get(type) ?? { ...emptyCost(), runs: 0, running: 0 };
      addCost(entry, cost);
      entry.runs++;
      if (info.status === RUNNING) entry.running++;
      byType.set(type, entry);
      addCost(total, cost);
      total.runs++;
    }
    const per = opts.orders > 0 ? 1 / opts.orders : 0;
    const scale = <C extends HistoryCost>(c: C): C => {
      const out: C = { ...c, actionsByKind: { ...c.actionsByKind } };
      const counters = out as unknown as Partial<Record<Counter, number>>;
      for (const k of COUNTERS) if (counters[k] !== undefined) counters[k] *= per;
      for (const k of ACTION_KINDS) out.actionsByKind[k] *= per;
      return out;
    };
    return { perOrder: scale(total), byType: Object.fromEntries([...byType].map(([t, c]) => [t, scale(c)])) };
  } finally {
    await connection.close();
  }
}

/** CPU ms per order of each part between two snapshots (cpu pressure left out: it is not CPU time). */
export function cpuMsPerOrder(
  before: CpuSnapshot,
  after: CpuSnapshot,
  orders: number,
): { perOrder: Record<string, number>; seconds: number } {
  const cores = coresUsed(before, after);
  const seconds = before && after ? (after.at - before.at) / 1000 : 0;
  const perOrder: Record<string, number> = {};
  if (cores && orders > 0)
    for (const [label, c] of Object.entries(cores)) {
      if (label === PRESSURE) continue;
      perOrder[label] = (c * seconds * 1000) / orders;
      // The split group's threads follow its own figure (cpuSnapshot's `threadsOf`).
      const threads = after?.threads?.of === label ? after.threads.seconds : undefined;
      const threadsBefore = before?.threads?.of === label ? before.threads.seconds : undefined;
      if (threads && threadsBefore)
        for (const kind of THREAD_KINDS) perOrder[`${label}: ${kind}`] = (Math.max(0, threads[kind] - threadsBefore[kind]) * 1000) / orders;
    }
  if (!(MACHINE in perOrder) && cores) perOrder[MACHINE] = 0;
  return { perOrder, seconds };
}
