// The results as a markdown table (the shop's performance targets, TARGETS below, beside each figure) and as JSON.
import { MACHINE, PRESSURE } from './cpu.ts';
import type { ThroughputRun } from './ceiling.ts';
import type { ContentionRun } from './contention.ts';
import type { DropRun } from './drop.ts';
import { dropDetails, dropRows, dropSetup } from './drop-report.ts';
import type { CheckoutRun, EndToEndRun, Failure, PayRun, WebhookRun } from './flows.ts';
import type { MembershipRun } from './membership.ts';
import type { OrderCost } from './order-cost.ts';
import { orderCostSection, type PreviousOrderCost } from './order-cost-report.ts';
import { membershipDetails, membershipRows, membershipSetup } from './membership-report.ts';
import type { PageRun } from './pages.ts';
import type { PointsRun } from './points.ts';
import { pointsDetails, pointsRows, pointsSetup } from './points-report.ts';
import type { SignedInPagesRun } from './signed-in-pages.ts';
import { signedInPageDetails, signedInPageRows } from './signed-in-pages-report.ts';
import { ms, num, type Summary } from './stats.ts';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  loadAverage: number[];
  commit: string;
}

export interface PhaseCpu {
  phase: string;
  cores: Record<string, number> | null;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  runtimeSeconds: number;
  machine: MachineInfo;
  config: {
    quick: boolean;
    durationSeconds: number;
    warmupSeconds: number;
    connections: number[];
    gzip: boolean;
    checkouts: number;
    checkoutConcurrency: number;
    pay: number;
    payRate: number;
    webhookRate: number;
    /** Absent in older runs. */
    ceilingConcurrency?: number;
    workflowSeconds?: number;
    insertSeconds?: number;
    endToEndCheckouts?: number;
    contentionCheckouts?: number;
    contentionRounds?: number;
    pointsOrders?: number;
    pointsRounds?: number;
    pointsRate?: number;
    members?: number;
    membershipPeriodSeconds?: number;
    membershipSpreadSeconds?: number;
    dropCustomers?: number;
    dropStock?: number;
    dropSeconds?: number;
    /** `--only`: the phases this run was limited to (null: all not skipped). */
    only?: string[] | null;
    stackEnv: Record<string, string>;
  };
  pages: PageRun[];
  /** Pages for signed-in shoppers with carts, many sessions (absent in older runs). */
  signedInPages?: SignedInPagesRun | null;
  carts: { created: number; seconds: number; failures: Failure[] } | null;
  checkout: CheckoutRun | null;
  checkoutSequential: CheckoutRun | null;
  pay: PayRun | null;
  webhooks: WebhookRun | null;
  cpu: PhaseCpu[];
  notes: string[];
  /** Rendering, in child processes after the shop has stopped (bench/render-worker.ts); absent in older runs. */
  render?: RenderRun | null;
  /** Ceilings on the same servers (absent in older runs). */
  ceiling?: {
    /** Empty workflow start → completed on the shop's Temporal dev server. */
    emptyWorkflow: ThroughputRun | null;
    /** Single-row insert + commit on the bench database. */
    rowInsert: ThroughputRun | null;
    /** Order + item + event in one plain transaction (no workflow). */
    plainOrder: ThroughputRun | null;
  } | null;
  /** Checkouts end to end: POST /checkout → pay page → orders.paid_at (absent in older runs). */
  endToEnd?: EndToEndRun | null;
  /** Checkout start with every checkout reserving one tracked variant, beside one variant per lane (absent in older runs). */
  contention?: ContentionRun | null;
  /** Webhook → paid with loyalty points off and on (absent in older runs). */
  points?: PointsRun | null;
  /** Membership renewals: members renewing within a minute, invoice.paid → credits granted (absent in older runs). */
  membership?: MembershipRun | null;
  /** A drop: many checkouts within seconds for few in stock, then the abandoned sessions' expiry (absent in older runs). */
  drop?: DropRun | null;
  /** What each paid order of the end-to-end batch cost: actions, events, tasks, CPU (absent in older runs). */
  orderCost?: OrderCost | null;
  /** The newest earlier run with those figures, shown beside them. */
  orderCostPrevious?: PreviousOrderCost | null;
  /** The run the "vs previous" column compares with. */
  previous?: { startedAt: string; file: string; quick: boolean } | null;
}

export interface RenderRun {
  size: string;
  /** One PNG + PDF per run, each in a fresh process. */
  one: Array<{ ms: number; peakRssMb: number }>;
  throughput: Array<{
    concurrency: number;
    items: number;
    itemsPerMinute: number;
    seconds: number;
    peakInFlight: number;
    peakRssMb: number;
  }>;
}

type Verdict = 'pass' | 'miss' | '—';

/** The figures of a row compared with the previous run (throughput: higher is better; latencies: lower). */
interface Figures {
  throughput?: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface Row {
  /** Stable across runs: matches a row with the same row of the previous run. */
  key: string;
  figures: Figures;
  /** Filled by compareWithPrevious(). */
  vs?: string;
  scenario: string;
  load: string;
  throughput: string;
  p50: string;
  p95: string;
  p99: string;
  errors: string;
  target: string;
  result: Verdict;
}

const TARGETS = {
  pageRps: 1000,
  pageP99: 150,
  pageConnections: 64,
  checkoutP95: 200,
  renderMs: 1500,
  renderPeakRssMb: 1024,
  /** Peak RSS of the rendering process with two items at once (RENDER_CONCURRENCY=2). */
  renderItemsPeakRssMb: 600,
  webhookAckP99: 100,
  webhookToPaidP95: 500,
  /** Checkouts end to end per second, as a share of empty workflows per second. */
  checkoutShareOfCeiling: 0.4,
  /** Checkouts/s all reserving one variant, as a share of the same checkouts on a variant each: contention costs ≤ 20 %. */
  contentionShare: 0.8,
  /** A figure worse than the previous run's by more than this is flagged. */
  regression: 0.15,
  /** Latency changes below this many ms are noise (sub-millisecond pages), never flagged. */
  regressionFloorMs: 1,
};

const verdict = (ok: boolean | null): Verdict => (ok === null ? '—' : ok ? 'pass' : 'miss');

function latencyCells(s: Summary | undefined): Pick<Row, 'p50' | 'p95' | 'p99'> {
  return { p50: ms(s?.p50), p95: ms(s?.p95), p99: ms(s?.p99) };
}

function errorsCell(failed: number, total: number): string {
  return `${num(failed)} / ${num(total)}`;
}

export function tableRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  for (const p of r.pages) {
    const targeted = p.connections === TARGETS.pageConnections;
    const failed = p.non2xx + p.errors;
    const ok = targeted ? failed === 0 && p.okPerSecond >= TARGETS.pageRps && p.latency.p99 <= TARGETS.pageP99 : null;
    rows.push({
      key: `page ${p.path} ${p.connections}`,
      figures: { throughput: p.okPerSecond, p50: p.latency.p50, p95: p.latency.p95, p99: p.latency.p99 },
      scenario: `${p.name} \`${p.path}\``,
      load: `${p.connections} conn`,
      throughput: `${num(p.okPerSecond)} req/s`,
      ...latencyCells(p.latency),
      errors: errorsCell(failed, p.responses + p.errors),
      target: targeted ? `≥ ${num(TARGETS.pageRps)} req/s, p99 ≤ ${TARGETS.pageP99} ms` : '—',
      result: verdict(ok),
    });
  }
  if (r.signedInPages) rows.push(...signedInPageRows(r.signedInPages));
  const ceiling = r.ceiling ?? null;
  const wf = ceiling?.emptyWorkflow ?? null;
  if (wf) {
    rows.push({
      key: 'ceiling empty workflow',
      figures: { throughput: wf.perSecond, p50: wf.latency.p50, p95: wf.latency.p95, p99: wf.latency.p99 },
      scenario: 'Ceiling: empty workflow start → completed (same Temporal dev server, worker in the bench process)',
      load: `${wf.concurrency} starters`,
      throughput: `${wf.perSecond.toFixed(1)} wf/s`,
      ...latencyCells(wf.latency),
      errors: errorsCell(wf.failureCount, wf.count + wf.failureCount),
      target: '(ceiling)',
      result: '—',
    });
  }
  const ins = ceiling?.rowInsert ?? null;
  if (ins) {
    rows.push({
      key: 'ceiling row insert',
      figures: { throughput: ins.perSecond, p50: ins.latency.p50, p95: ins.latency.p95, p99: ins.latency.p99 },
      scenario: 'Ceiling: PostgreSQL single-row insert + commit (scratch table)',
      load: `${ins.concurrency} conn`,
      throughput: `${num(ins.perSecond)} rows/s`,
      ...latencyCells(ins.latency),
      errors: errorsCell(ins.failureCount, ins.count + ins.failureCount),
      target: '(ceiling)',
      result: '—',
    });
  }
  const e2e = r.endToEnd ?? null;
  if (e2e) {
    const share = wf && wf.perSecond > 0 ? e2e.perSecond / wf.perSecond : null;
    rows.push({
      key: 'checkout end to end',
      figures: { throughput: e2e.perSecond, p50: e2e.latency.p50, p95: e2e.latency.p95, p99: e2e.latency.p99 },
      scenario: `**Checkouts end to end** (\`POST /checkout\` → pay page → webhook → workflow → \`paid_at\`)${share !== null ? `; **${pct(share)} of the empty-workflow ceiling**` : ''}`,
      load: `${e2e.concurrency} concurrent, ${num(e2e.attempted)} orders`,
      throughput: `${e2e.perSecond.toFixed(1)} orders/s`,
      ...latencyCells(e2e.latency),
      errors: errorsCell(e2e.failureCount + e2e.notPaid, e2e.attempted),
      target: `≥ ${pct(TARGETS.checkoutShareOfCeiling)} of empty wf/s${wf ? ` (≥ ${(wf.perSecond * TARGETS.checkoutShareOfCeiling).toFixed(1)} /s)` : ''}`,
      result: verdict(share === null ? null : e2e.failureCount === 0 && e2e.notPaid === 0 && share >= TARGETS.checkoutShareOfCeiling),
    });
  }
  const plain = ceiling?.plainOrder ?? null;
  if (plain) {
    const share = e2e && plain.perSecond > 0 ? e2e.perSecond / plain.perSecond : null;
    rows.push({
      key: 'plain order transaction',
      figures: { throughput: plain.perSecond, p50: plain.latency.p50, p95: plain.latency.p95, p99: plain.latency.p99 },
      scenario: `Same order as one plain transaction (order + item + event, pg, no workflow)${share !== null ? `; durable checkouts run at ${pct(share)} of it (×${(1 / share).toFixed(0)} cost)` : ''}`,
      load: `${plain.concurrency} conn`,
      throughput: `${num(plain.perSecond)} orders/s`,
      ...latencyCells(plain.latency),
      errors: errorsCell(plain.failureCount, plain.count + plain.failureCount),
      target: '(info: cost of durability)',
      result: '—',
    });
  }
  if (r.checkout) {
    const c = r.checkout;
    rows.push({
      key: 'checkout start',
      figures: { throughput: c.perSecond, p50: c.latency.p50, p95: c.latency.p95, p99: c.latency.p99 },
      scenario: 'Checkout start `POST /checkout` → 303',
      load: `${c.concurrency} concurrent`,
      throughput: `${c.perSecond.toFixed(1)} /s`,
      ...latencyCells(c.latency),
      errors: errorsCell(c.failureCount, c.attempted),
      target: `p95 ≤ ${TARGETS.checkoutP95} ms`,
      result: verdict(c.latency.n > 0 && c.failureCount === 0 && c.latency.p95 <= TARGETS.checkoutP95),
    });
  }
  if (r.checkoutSequential) {
    const c = r.checkoutSequential;
    rows.push({
      key: 'checkout start sequential',
      figures: { p50: c.latency.p50, p95: c.latency.p95, p99: c.latency.p99 },
      scenario: '… one at a time (no queueing)',
      load: '1 concurrent',
      throughput: `${c.perSecond.toFixed(1)} /s`,
      ...latencyCells(c.latency),
      errors: errorsCell(c.failureCount, c.attempted),
      target: '(info)',
      result: '—',
    });
  }
  if (r.contention) {
    const k = r.contention;
    const u = k.uncontended;
    const c = k.contended;
    rows.push({
      key: 'checkout contention baseline',
      figures: { throughput: u.perSecond, p50: u.latency.p50, p95: u.latency.p95, p99: u.latency.p99 },
      scenario: `Checkout start, tracked stock, **uncontended**: each lane buys a tracked variant of its own (${k.lanes} variants)`,
      load: `${u.concurrency} concurrent`,
      throughput: `${u.perSecond.toFixed(1)} /s`,
      ...latencyCells(u.latency),
      errors: errorsCell(u.failureCount, u.attempted),
      target: '(baseline)',
      result: '—',
    });
    rows.push({
      key: 'checkout contention',
      figures: { throughput: c.perSecond, p50: c.latency.p50, p95: c.latency.p95, p99: c.latency.p99 },
      scenario: `**Checkout under stock contention**: every lane buys one tracked variant (${num(k.onHand)} on hand); **${Number.isFinite(k.ratio) ? pct(k.ratio) : '—'} of the uncontended throughput**`,
      load: `${c.concurrency} concurrent`,
      throughput: `${c.perSecond.toFixed(1)} /s`,
      ...latencyCells(c.latency),
      errors: errorsCell(c.failureCount, c.attempted),
      target: `contention costs ≤ ${pct(1 - TARGETS.contentionShare)} of throughput (≥ ${pct(TARGETS.contentionShare)} of uncontended)`,
      result: verdict(c.latency.n > 0 && u.latency.n > 0 && c.failureCount === 0 && k.hot.logMatches && k.ratio >= TARGETS.contentionShare),
    });
  }
  if (r.webhooks) {
    const w = r.webhooks;
    rows.push({
      key: 'webhook ack',
      figures: { p50: w.ack.p50, p95: w.ack.p95, p99: w.ack.p99 },
      scenario: 'Webhook ack (signed `checkout.session.completed` → 200)',
      load: `${w.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(w.ack),
      errors: errorsCell(w.failureCount, w.count),
      target: `p99 ≤ ${TARGETS.webhookAckP99} ms`,
      result: verdict(w.ack.n > 0 && w.failureCount === 0 && w.ack.p99 <= TARGETS.webhookAckP99),
    });
    rows.push({
      key: 'webhook to paid',
      figures: { p50: w.sendToPaid.p50, p95: w.sendToPaid.p95, p99: w.sendToPaid.p99 },
      scenario: 'Webhook-to-paid (send → `orders.paid_at`)',
      load: `${w.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(w.sendToPaid),
      errors: errorsCell(w.notPaid, w.count - w.failureCount),
      target: `p95 ≤ ${TARGETS.webhookToPaidP95} ms`,
      result: verdict(w.sendToPaid.n > 0 && w.notPaid === 0 && w.sendToPaid.p95 <= TARGETS.webhookToPaidP95),
    });
    rows.push({
      key: 'webhook to observed',
      figures: {},
      scenario: '… send → `status = paid` seen by a 10 ms poll',
      load: `${w.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(w.sendToObserved),
      errors: '',
      target: '(info)',
      result: '—',
    });
    rows.push({
      key: 'webhook arrival to paid',
      figures: {},
      scenario: '… webhook arrival → `paid_at` (server clocks)',
      load: `${w.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(w.receiptToPaid),
      errors: '',
      target: '(info)',
      result: '—',
    });
  }
  if (r.pay) {
    const p = r.pay;
    rows.push({
      key: 'pay page',
      figures: { p50: p.payLatency.p50, p95: p.payLatency.p95, p99: p.payLatency.p99 },
      scenario: 'Local pay page `POST /dev/pay/:id` → 303 (includes webhook delivery + ack)',
      load: `${p.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(p.payLatency),
      errors: errorsCell(p.failureCount, p.count),
      target: '(info: upper bound of webhook ack)',
      result: '—',
    });
    rows.push({
      key: 'pay to paid',
      figures: { p50: p.sendToPaid.p50, p95: p.sendToPaid.p95, p99: p.sendToPaid.p99 },
      scenario: '… pay click → `orders.paid_at`',
      load: `${p.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(p.sendToPaid),
      errors: errorsCell(p.notPaid, p.count - p.failureCount),
      target: '(info)',
      result: '—',
    });
  }
  if (r.drop) rows.push(...dropRows(r.drop));
  if (r.points) rows.push(...pointsRows(r.points));
  if (r.membership) rows.push(...membershipRows(r.membership));
  if (r.render) {
    const g = r.render;
    const times = g.one.map((o) => o.ms).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? NaN;
    const peak = Math.max(...g.one.map((o) => o.peakRssMb));
    rows.push({
      key: `render one ${g.size}`,
      figures: { p50: median },
      scenario: `Render one ${g.size} PNG (300 dpi) + PDF, own process; peak RSS ${num(peak)} MB`,
      load: `${g.one.length} runs`,
      throughput: '—',
      p50: ms(median),
      p95: ms(times[times.length - 1]),
      p99: '—',
      errors: errorsCell(0, g.one.length),
      target: `≤ ${num(TARGETS.renderMs)} ms, peak ≤ 1 GB`,
      result: verdict(median <= TARGETS.renderMs && peak <= TARGETS.renderPeakRssMb),
    });
    for (const t of g.throughput) {
      rows.push({
        key: `render items ${g.size} ${t.concurrency}`,
        figures: { throughput: t.itemsPerMinute },
        scenario: `Render ${g.size} items (PNG + PDF + store), ${t.items} items; at most ${t.peakInFlight} at once, peak RSS ${num(t.peakRssMb)} MB`,
        load: `concurrency ${t.concurrency}`,
        throughput: `${t.itemsPerMinute.toFixed(0)} items/min`,
        p50: '—',
        p95: '—',
        p99: '—',
        errors: errorsCell(0, t.items),
        target: `never more than ${t.concurrency} at once${t.concurrency === 2 ? `, peak RSS ≤ ${num(TARGETS.renderItemsPeakRssMb)} MB` : ''}`,
        result: verdict(t.peakInFlight <= t.concurrency && (t.concurrency !== 2 || t.peakRssMb <= TARGETS.renderItemsPeakRssMb)),
      });
    }
  }
  return rows;
}

const rate = (x: number) => (x < 100 ? x.toFixed(1) : num(x));
const pct = (x: number) => (Math.abs(x) < 0.1 ? `${(x * 100).toFixed(1)} %` : `${Math.round(x * 100)} %`);

const FIGURE_LABELS: Record<keyof Figures, string> = { throughput: 'thr', p50: 'p50', p95: 'p95', p99: 'p99' };

/** A figure's change against the previous run, signed so that positive is worse. */
function worseBy(name: keyof Figures, now: number, before: number): number | null {
  if (!Number.isFinite(now) || !Number.isFinite(before) || before <= 0) return null;
  if (name === 'throughput') return (before - now) / before;
  if (Math.abs(now - before) < TARGETS.regressionFloorMs) return 0;
  return (now - before) / before;
}

export interface Regression {
  row: string;
  figure: string;
  before: number;
  now: number;
  worseBy: number;
}

/**
 * Fills each row's "vs previous" cell: throughput and p99 changes (or those present), plus any other
 * figure worse by more than TARGETS.regression, flagged. Returns the flagged figures.
 */
export function compareWithPrevious(rows: Row[], previous: BenchResults | null): Regression[] {
  const flagged: Regression[] = [];
  if (!previous) {
    for (const r of rows) r.vs = '—';
    return flagged;
  }
  const before = new Map(tableRows(previous).map((r) => [r.key, r]));
  for (const r of rows) {
    const p = before.get(r.key);
    if (!p) {
      r.vs = 'new';
      continue;
    }
    const cells: string[] = [];
    const names = Object.keys(FIGURE_LABELS) as (keyof Figures)[];
    for (const name of names) {
      const now = r.figures[name];
      const was = p.figures[name];
      if (now === undefined || was === undefined) continue;
      const w = worseBy(name, now, was);
      if (w === null) continue;
      const bad = w > TARGETS.regression;
      const shown =
        name === 'throughput' ||
        name === 'p99' ||
        (name === 'p95' && r.figures.p99 === undefined) ||
        (name === 'p50' && r.figures.p95 === undefined);
      if (!bad && !shown) continue;
      // Shown as the change of the figure itself (+ = higher), flagged when it is the worse direction.
      const change = name === 'throughput' ? -w : w;
      const text = `${FIGURE_LABELS[name]} ${change >= 0 ? '+' : '−'}${Math.abs(Math.round(change * 100))} %`;
      cells.push(bad ? `⚠️ **${text}**` : text);
      if (bad) flagged.push({ row: r.scenario, figure: FIGURE_LABELS[name], before: was, now, worseBy: w });
    }
    r.vs = cells.join(', ') || '—';
  }
  return flagged;
}

function markdownTable(rows: Row[]): string {
  const withVs = rows.some((r) => r.vs !== undefined);
  const head = [
    'Scenario',
    'Load',
    'Throughput',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'Errors',
    'Target',
    'Result',
    ...(withVs ? ['vs previous'] : []),
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i >= 2 && i <= 6 ? '---:' : '---')).join(' | ')} |`];
  for (const r of rows) {
    const res = r.result === 'pass' ? '✅ pass' : r.result === 'miss' ? '❌ **miss**' : '—';
    lines.push(
      `| ${[r.scenario, r.load, r.throughput, r.p50, r.p95, r.p99, r.errors, r.target, res, ...(withVs ? [r.vs ?? '—'] : [])].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

function failureLines(label: string, failures: Failure[] | undefined): string[] {
  return (failures ?? []).map((f) => `- ${label}: ${f.count} × \`${f.status}\` — ${f.example}`);
}

export function toMarkdown(r: BenchResults, previous: BenchResults | null = null): string {
  const m = r.machine;
  const c = r.config;
  const out: string[] = [];
  out.push(`# Atelier benchmark — ${r.startedAt}`, '');
  if (c.quick) out.push('> **Quick smoke run** (`--quick`): short runs and few samples; not figures to report.', '');
  if (c.only)
    out.push(`> **Only ${c.only.join(', ')}** (\`--only\`): the other phases did not run; the setup lines below describe a full run.`, '');
  out.push(
    `- **Machine:** ${m.cores} cores (${m.cpuModel}), ${m.memoryGb.toFixed(1)} GB RAM, ${m.os}; Node ${m.node}`,
    `- **Load average at start:** ${m.loadAverage.map((x) => x.toFixed(2)).join(', ')} (the load generator and anything else running share these cores)`,
    `- **Code:** ${m.commit}`,
    `- **Shop:** its own stack — web (\`NODE_ENV=production\`, \`DATABASE_POOL_MAX=${c.stackEnv.DATABASE_POOL_MAX ?? '?'}\`), worker, Temporal dev server, database \`atelier_bench\` (migrated + seeded); local payment mode; loopback only`,
    `- **Pages:** autocannon, ${c.warmupSeconds} s warm-up then ${c.durationSeconds} s per run, closed loop, keep-alive, ${c.gzip ? '`Accept-Encoding: gzip`' : 'no `Accept-Encoding` (uncompressed)'}, guest (no cookies); latency of every response; errors = non-2xx + socket errors/timeouts`,
    `- **Checkout:** ${c.checkouts} guest carts (one personalised poster each, created beforehand; ${c.checkoutConcurrency} more as warm-up, not counted), \`POST /checkout\` at ${c.checkoutConcurrency} concurrent, then a few one at a time; redirect not followed`,
    `- **Webhooks:** signed \`checkout.session.completed\` events for started checkouts, sent at ${c.webhookRate}/s; paid = \`orders.paid_at\` (and a 10 ms poll of \`orders.status\`); local pay page: ${c.pay} checkouts paid at ${c.payRate}/s`,
    ...(r.ceiling || r.endToEnd
      ? [
          `- **Ceilings and end to end:** empty workflows (\`bench/lib/empty-workflow.ts\`, a Worker in the bench process on its own task queue of the shop's Temporal dev server) started and awaited by ${c.ceilingConcurrency ?? '?'} concurrent starters for ${c.workflowSeconds ?? '?'} s; single-row inserts and plain order transactions on ${c.ceilingConcurrency ?? '?'} connections for ${c.insertSeconds ?? '?'} s each; ${c.endToEndCheckouts ?? '?'} checkouts end to end at ${c.checkoutConcurrency} concurrent (each lane: \`POST /checkout\`, then the local pay page POST, which delivers the signed webhook), rate = paid orders / (first start → last \`paid_at\`)`,
        ]
      : []),
    ...(r.contention
      ? [
          `- **Stock contention:** a plain good the bench adds (\`${r.contention.productSlug}\`), its variants tracked with ${num(r.contention.onHand)} received each; ${r.contention.lanes} lanes of carts (one item each) check out one after another, ${r.contention.rounds} rounds, the sides alternating: all lanes on \`${r.contention.hotSku}\` (one row lock, server/catalog/stock.server.ts) vs a variant per lane; same measurement as checkout start; one warm-up checkout per lane each, not counted. (The checkout-start poster above is untracked, so nothing is reserved, but its row is locked the same way: those 16 lanes share one row too.)`,
        ]
      : []),
    ...(r.drop ? [dropSetup(r.drop)] : []),
    ...(r.points ? [pointsSetup(r.points)] : []),
    ...(r.membership ? [membershipSetup(r.membership)] : []),
    `- **Runtime:** ${r.runtimeSeconds.toFixed(0)} s`,
    '',
  );
  const rows = tableRows(r);
  const regressions = compareWithPrevious(rows, previous);
  out.push(markdownTable(rows), '');
  if (previous && r.previous) {
    out.push(
      `"vs previous" compares with the run of ${r.previous.startedAt} (\`${r.previous.file}\`${r.previous.quick ? ', a quick run' : ''}): throughput and p99 changes, and any figure worse by more than ${pct(TARGETS.regression)} (⚠️; latency changes under ${TARGETS.regressionFloorMs} ms are ignored as noise).`,
      '',
    );
    if (regressions.length > 0) {
      out.push(
        `**${regressions.length} figure${regressions.length === 1 ? '' : 's'} worse than the previous run by more than ${pct(TARGETS.regression)}:**`,
        '',
        ...regressions.map(
          (g) =>
            `- ${g.row} — ${g.figure}: ${g.figure === 'thr' ? rate(g.before) : `${ms(g.before)} ms`} → ${g.figure === 'thr' ? rate(g.now) : `${ms(g.now)} ms`} (${pct(g.worseBy)} worse)`,
        ),
        '',
      );
    } else {
      out.push(`No figure is worse than the previous run by more than ${pct(TARGETS.regression)}.`, '');
    }
  } else {
    out.push('"vs previous": no previous full run in bench/results/ to compare with.', '');
  }

  out.push(...orderCostSection(r, r.orderCostPrevious ?? null));

  const cpuRows = r.cpu.filter((p) => p.cores);
  if (cpuRows.length > 0) {
    const labels = [...new Set(cpuRows.flatMap((p) => Object.keys(p.cores!)))].filter((l) => l !== MACHINE && l !== PRESSURE);
    const hasMachine = cpuRows.some((p) => p.cores![MACHINE] !== undefined);
    const hasPressure = cpuRows.some((p) => p.cores![PRESSURE] !== undefined);
    out.push(`## CPU use per phase (cores busy; this machine has ${m.cores})`, '');
    const head = [...labels, 'ours', ...(hasMachine ? ['everything else', 'whole machine'] : []), ...(hasPressure ? ['CPU pressure'] : [])];
    out.push(`| Phase | ${head.join(' | ')} |`, `| --- | ${head.map(() => '---:').join(' | ')} |`);
    for (const p of cpuRows) {
      const c = p.cores!;
      const vals = labels.map((l) => c[l] ?? 0);
      const ours = vals.reduce((a, b) => a + b, 0);
      const cells = [...vals.map((v) => v.toFixed(2)), ours.toFixed(2)];
      if (hasMachine) cells.push(c[MACHINE] !== undefined ? Math.max(0, c[MACHINE] - ours).toFixed(2) : '—', c[MACHINE]?.toFixed(2) ?? '—');
      if (hasPressure) cells.push(c[PRESSURE] !== undefined ? `${Math.round(c[PRESSURE] * 100)} %` : '—');
      out.push(`| ${p.phase} | ${cells.join(' | ')} |`);
    }
    out.push(
      '',
      '`postgres` counts every PostgreSQL process on the machine (other databases included); "everything else" is the rest of the',
      "machine's busy CPU (other users' processes, the kernel); CPU pressure is the share of the time some runnable task waited for a",
      'CPU (/proc/pressure/cpu) — well above 0 % means the figures above were limited by CPU contention.',
      '',
    );
  }

  const details: string[] = [];
  for (const p of r.pages) {
    const codes = Object.entries(p.statusCodes)
      .map(([k, v]) => `${k}: ${num(v)}`)
      .join(', ');
    details.push(
      `- ${p.name} at ${p.connections} conn: ${num(p.responses)} responses in ${p.durationSeconds.toFixed(1)} s (${codes || 'none'}), ${num(p.errors)} socket errors (${num(p.timeouts)} timeouts), mean ${ms(p.latency.mean)} ms, max ${ms(p.latency.max)} ms, ${num(p.avgBytes)} bytes/response`,
    );
  }
  if (r.signedInPages) details.push(...signedInPageDetails(r.signedInPages));
  const ceilingRuns: Array<[string, ThroughputRun | null | undefined]> = [
    ['Empty workflows', r.ceiling?.emptyWorkflow],
    ['Row inserts', r.ceiling?.rowInsert],
    ['Plain order transactions', r.ceiling?.plainOrder],
  ];
  for (const [label, t] of ceilingRuns) {
    if (!t) continue;
    details.push(
      `- ${label}: ${num(t.count)} in ${t.seconds} s at ${t.concurrency} concurrent; mean ${ms(t.latency.mean)} ms, max ${ms(t.latency.max)} ms`,
      ...failureLines(label, t.failures),
    );
  }
  if (r.endToEnd) {
    const e = r.endToEnd;
    details.push(
      `- Checkouts end to end: ${num(e.paid)} paid of ${num(e.attempted)} in ${e.seconds.toFixed(1)} s, ${num(e.notPaid)} started but not paid in time; \`POST /checkout\` p50/p95 ${ms(e.checkout.p50)}/${ms(e.checkout.p95)} ms, pay POST p50/p95 ${ms(e.pay.p50)}/${ms(e.pay.p95)} ms`,
      ...failureLines('end to end', e.failures),
    );
  }
  if (r.carts)
    details.push(`- Carts: ${num(r.carts.created)} created in ${r.carts.seconds.toFixed(1)} s`, ...failureLines('cart', r.carts.failures));
  if (r.checkout) {
    const k = r.checkout;
    details.push(
      `- Checkout: ${num(k.latency.n)} started of ${num(k.attempted)} in ${k.seconds.toFixed(1)} s; mean ${ms(k.latency.mean)} ms, max ${ms(k.latency.max)} ms`,
      ...failureLines('checkout', k.failures),
    );
  }
  if (r.contention) {
    const k = r.contention;
    for (const [label, run] of [
      ['Contention, same variant', k.contended],
      ['Contention, variant per lane', k.uncontended],
    ] as const) {
      details.push(
        `- ${label}: ${num(run.latency.n)} started of ${num(run.attempted)} in ${run.seconds.toFixed(1)} s; mean ${ms(run.latency.mean)} ms, max ${ms(run.latency.max)} ms`,
        ...failureLines(label, run.failures),
      );
    }
    details.push(
      `- Contention, \`${k.hotSku}\` afterwards: ${num(k.hot.onHand)} on hand, ${num(k.hot.reserved)} reserved (${k.hot.logMatches ? 'the sums of its movements' : '**not** the sums of its movements'})`,
      ...failureLines('contention cart', k.cartFailures),
    );
  }
  if (r.webhooks) {
    const w = r.webhooks;
    details.push(
      `- Webhooks: ${num(w.ack.n)} acknowledged of ${num(w.count)}; ${num(w.sendToPaid.n)} paid, ${num(w.notPaid)} not paid in time; ack max ${ms(w.ack.max)} ms; send → paid max ${ms(w.sendToPaid.max)} ms`,
      ...failureLines('webhook', w.failures),
    );
  }
  if (r.pay) {
    const p = r.pay;
    details.push(
      `- Pay page: ${num(p.payLatency.n)} paid of ${num(p.count)}; ${num(p.notPaid)} not paid in time; arrival → paid p50/p95 ${ms(p.receiptToPaid.p50)}/${ms(p.receiptToPaid.p95)} ms`,
      ...failureLines('pay', p.failures),
    );
  }
  if (r.drop) details.push(...dropDetails(r.drop));
  if (r.points) details.push(...pointsDetails(r.points));
  if (r.membership) details.push(...membershipDetails(r.membership));
  if (details.length > 0) out.push('## Details', '', ...details, '');
  if (r.notes.length > 0) out.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}
