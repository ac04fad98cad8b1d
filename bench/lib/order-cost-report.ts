// The "Cost per paid order" section of the bench report: this run beside the previous one.
import fs from 'node:fs';
import path from 'node:path';
import { ACTION_KINDS } from './history-cost.ts';
import { MACHINE } from './cpu.ts';
import type { OrderCost } from './order-cost.ts';

/** The end-to-end batch's rate and its share of the empty-workflow ceiling, beside its cost. */
export interface OrderRate {
  perSecond: number;
  ceilingShare: number | null;
}

/** An earlier run's cost figures, kept in the results so that later runs can show them beside their own. */
export interface PreviousOrderCost {
  startedAt: string;
  commit: string;
  cost: OrderCost;
  rate: OrderRate | null;
}

/** What a run holds that the section reads (a subset of BenchResults, to keep this file free of the report's types). */
interface RunFigures {
  startedAt: string;
  machine: { commit: string };
  orderCost?: OrderCost | null;
  endToEnd?: { perSecond: number } | null;
  ceiling?: { emptyWorkflow: { perSecond: number } | null } | null;
}

export function orderRate(r: RunFigures): OrderRate | null {
  if (!r.endToEnd) return null;
  const wf = r.ceiling?.emptyWorkflow?.perSecond;
  return { perSecond: r.endToEnd.perSecond, ceilingShare: wf ? r.endToEnd.perSecond / wf : null };
}

/** The newest run in `dir` (results JSON) with cost figures, other than `exceptStartedAt`. */
export function newestOrderCost(dir: string, exceptStartedAt: string): PreviousOrderCost | null {
  if (!fs.existsSync(dir)) return null;
  let best: PreviousOrderCost | null = null;
  for (const name of fs.readdirSync(dir)) {
    if (!/^\d{4}-.*\.json$/.test(name)) continue;
    try {
      const r = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as RunFigures;
      if (!r.orderCost || r.startedAt === exceptStartedAt || (best && best.startedAt >= r.startedAt)) continue;
      best = { startedAt: r.startedAt, commit: r.machine.commit, cost: r.orderCost, rate: orderRate(r) };
    } catch {
      // not a results file
    }
  }
  return best;
}

const fmt = (x: number | undefined, digits = 1) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const change = (now: number | undefined, before: number | undefined) =>
  now === undefined || before === undefined || before === 0
    ? ''
    : `${now >= before ? '+' : ''}${Math.round(((now - before) / before) * 100)} %`;

function row(label: string, now: number | undefined, before: number | undefined, digits = 1): string {
  return `| ${label} | ${fmt(now, digits)} | ${fmt(before, digits)} | ${change(now, before)} |`;
}

export function orderCostSection(r: RunFigures, previous: PreviousOrderCost | null): string[] {
  const now = r.orderCost;
  if (!now) return [];
  const before = previous?.cost;
  const rate = { now: orderRate(r), before: previous?.rate ?? null };
  const previousLabel = previous ? `${previous.startedAt.slice(0, 16)}Z (${previous.commit})` : 'previous run (none)';
  const p = now.perOrder;
  const b = before?.perOrder;
  const cpuLabels = [...new Set([...Object.keys(now.cpuMsPerOrder), ...Object.keys(before?.cpuMsPerOrder ?? {})])].filter(
    (l) => l !== MACHINE,
  );
  const out = [
    `## Cost per paid order (the end-to-end batch: ${now.orders} orders)`,
    '',
    'Every workflow run started while the batch ran (checkouts and all they started), counted from its history with',
    "Temporal Cloud's billing rules (bench/lib/history-cost.ts says which); CPU from the first checkout until the worker and",
    `Temporal were quiet again (${now.seconds.toFixed(0)} s), divided by the orders paid. Later steps of workflows still`,
    "running (campaign emails days later, points maturing, parcels delivered) are not in these figures. The worker's CPU is",
    "also split by thread (/proc/<pid>/task): its main thread runs the activities and the SDK's JavaScript side, Temporal's",
    "core runs on tokio threads, and the other threads are the workflow sandbox's and V8's (garbage collection, compiler).",
    '',
    `| Per paid order | this run | ${previousLabel} | change |`,
    '| --- | ---: | ---: | ---: |',
    row('Billable actions (Temporal Cloud)', p.actions, b?.actions),
    row('History events', p.events, b?.events),
    row('Workflow runs', p.runs, b?.runs, 2),
    row('Workflow tasks', p.workflowTasks, b?.workflowTasks),
    row('Activity tasks', p.activityTasks, b?.activityTasks),
    row('Local activities', p.localActivities, b?.localActivities),
    ...cpuLabels.map((l) => row(`CPU ms: ${l}`, now.cpuMsPerOrder[l], before?.cpuMsPerOrder[l], 0)),
    row('CPU ms: whole machine', now.cpuMsPerOrder[MACHINE], before?.cpuMsPerOrder[MACHINE], 0),
    row('Orders/s end to end', rate.now?.perSecond, rate.before?.perSecond),
    row(
      'Share of the empty-workflow ceiling, %',
      rate.now?.ceilingShare == null ? undefined : rate.now.ceilingShare * 100,
      rate.before?.ceilingShare == null ? undefined : rate.before.ceilingShare * 100,
      0,
    ),
    '',
    `| Actions per paid order by kind | this run | ${previousLabel} |`,
    '| --- | ---: | ---: |',
    ...ACTION_KINDS.filter((k) => p.actionsByKind[k] > 0 || (b?.actionsByKind[k] ?? 0) > 0).map(
      (k) => `| ${k} | ${fmt(p.actionsByKind[k], 2)} | ${fmt(b?.actionsByKind[k], 2)} |`,
    ),
    '',
    '| Workflow type (this run, per paid order) | runs | still running | events | actions | workflow tasks | activity tasks | local activities |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(now.byType)
      .sort(([, x], [, y]) => y.actions - x.actions)
      .map(
        ([type, c]) =>
          `| \`${type}\` | ${fmt(c.runs, 2)} | ${fmt(c.running, 2)} | ${fmt(c.events)} | ${fmt(c.actions)} | ${fmt(c.workflowTasks)} | ${fmt(c.activityTasks)} | ${fmt(c.localActivities)} |`,
      ),
    '',
  ];
  return out;
}
