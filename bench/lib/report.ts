// The results as a markdown table (targets from the performance issue beside each figure) and as JSON.
import { MACHINE, PRESSURE } from './cpu.ts';
import type { CheckoutRun, Failure, PayRun, WebhookRun } from './flows.ts';
import type { PageRun } from './pages.ts';
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
    stackEnv: Record<string, string>;
  };
  pages: PageRun[];
  carts: { created: number; seconds: number; failures: Failure[] } | null;
  checkout: CheckoutRun | null;
  checkoutSequential: CheckoutRun | null;
  pay: PayRun | null;
  webhooks: WebhookRun | null;
  cpu: PhaseCpu[];
  notes: string[];
  /** Rendering, in child processes after the shop has stopped (bench/render-worker.ts); absent in older runs. */
  render?: RenderRun | null;
}

export interface RenderRun {
  size: string;
  /** One PNG + PDF per run, each in a fresh process. */
  one: Array<{ ms: number; peakRssMb: number }>;
  throughput: Array<{ concurrency: number; items: number; itemsPerMinute: number; seconds: number; peakInFlight: number; peakRssMb: number }>;
}

type Verdict = 'pass' | 'miss' | '—';

interface Row {
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
  webhookAckP99: 100,
  webhookToPaidP95: 500,
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
      scenario: `${p.name} \`${p.path}\``,
      load: `${p.connections} conn`,
      throughput: `${num(p.okPerSecond)} req/s`,
      ...latencyCells(p.latency),
      errors: errorsCell(failed, p.responses + p.errors),
      target: targeted ? `≥ ${num(TARGETS.pageRps)} req/s, p99 ≤ ${TARGETS.pageP99} ms` : '—',
      result: verdict(ok),
    });
  }
  if (r.checkout) {
    const c = r.checkout;
    rows.push({
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
      scenario: '… one at a time (no queueing)',
      load: '1 concurrent',
      throughput: `${c.perSecond.toFixed(1)} /s`,
      ...latencyCells(c.latency),
      errors: errorsCell(c.failureCount, c.attempted),
      target: '(info)',
      result: '—',
    });
  }
  if (r.webhooks) {
    const w = r.webhooks;
    rows.push({
      scenario: 'Webhook ack (signed `checkout.session.completed` → 200)',
      load: `${w.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(w.ack),
      errors: errorsCell(w.failureCount, w.count),
      target: `p99 ≤ ${TARGETS.webhookAckP99} ms`,
      result: verdict(w.ack.n > 0 && w.failureCount === 0 && w.ack.p99 <= TARGETS.webhookAckP99),
    });
    rows.push({
      scenario: 'Webhook-to-paid (send → `orders.paid_at`)',
      load: `${w.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(w.sendToPaid),
      errors: errorsCell(w.notPaid, w.count - w.failureCount),
      target: `p95 ≤ ${TARGETS.webhookToPaidP95} ms`,
      result: verdict(w.sendToPaid.n > 0 && w.notPaid === 0 && w.sendToPaid.p95 <= TARGETS.webhookToPaidP95),
    });
    rows.push({
      scenario: '… send → `status = paid` seen by a 10 ms poll',
      load: `${w.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(w.sendToObserved),
      errors: '',
      target: '(info)',
      result: '—',
    });
    rows.push({
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
      scenario: 'Local pay page `POST /dev/pay/:id` → 303 (includes webhook delivery + ack)',
      load: `${p.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(p.payLatency),
      errors: errorsCell(p.failureCount, p.count),
      target: '(info: upper bound of webhook ack)',
      result: '—',
    });
    rows.push({
      scenario: '… pay click → `orders.paid_at`',
      load: `${p.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(p.sendToPaid),
      errors: errorsCell(p.notPaid, p.count - p.failureCount),
      target: '(info)',
      result: '—',
    });
  }
  if (r.render) {
    const g = r.render;
    const times = g.one.map((o) => o.ms).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? NaN;
    const peak = Math.max(...g.one.map((o) => o.peakRssMb));
    rows.push({
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
        scenario: `Render ${g.size} items (PNG + PDF + store), ${t.items} items; at most ${t.peakInFlight} at once, peak RSS ${num(t.peakRssMb)} MB`,
        load: `concurrency ${t.concurrency}`,
        throughput: `${t.itemsPerMinute.toFixed(0)} items/min`,
        p50: '—',
        p95: '—',
        p99: '—',
        errors: errorsCell(0, t.items),
        target: `never more than ${t.concurrency} at once`,
        result: verdict(t.peakInFlight <= t.concurrency),
      });
    }
  }
  return rows;
}

function markdownTable(rows: Row[]): string {
  const head = ['Scenario', 'Load', 'Throughput', 'p50 ms', 'p95 ms', 'p99 ms', 'Errors', 'Target', 'Result'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i >= 2 && i <= 6 ? '---:' : '---')).join(' | ')} |`];
  for (const r of rows) {
    const res = r.result === 'pass' ? '✅ pass' : r.result === 'miss' ? '❌ **miss**' : '—';
    lines.push(`| ${[r.scenario, r.load, r.throughput, r.p50, r.p95, r.p99, r.errors, r.target, res].join(' | ')} |`);
  }
  return lines.join('\n');
}

function failureLines(label: string, failures: Failure[] | undefined): string[] {
  return (failures ?? []).map((f) => `- ${label}: ${f.count} × \`${f.status}\` — ${f.example}`);
}

export function toMarkdown(r: BenchResults): string {
  const m = r.machine;
  const c = r.config;
  const out: string[] = [];
  out.push(`# Atelier benchmark — ${r.startedAt}`, '');
  if (c.quick) out.push('> **Quick smoke run** (`--quick`): short runs and few samples; not figures to report.', '');
  out.push(
    `- **Machine:** ${m.cores} cores (${m.cpuModel}), ${m.memoryGb.toFixed(1)} GB RAM, ${m.os}; Node ${m.node}`,
    `- **Load average at start:** ${m.loadAverage.map((x) => x.toFixed(2)).join(', ')} (the load generator and anything else running share these cores)`,
    `- **Code:** ${m.commit}`,
    `- **Shop:** its own stack — web (\`NODE_ENV=production\`, \`DATABASE_POOL_MAX=${c.stackEnv.DATABASE_POOL_MAX ?? '?'}\`), worker, Temporal dev server, database \`atelier_bench\` (migrated + seeded); local payment mode; loopback only`,
    `- **Pages:** autocannon, ${c.warmupSeconds} s warm-up then ${c.durationSeconds} s per run, closed loop, keep-alive, ${c.gzip ? '`Accept-Encoding: gzip`' : 'no `Accept-Encoding` (uncompressed)'}, guest (no cookies); latency of every response; errors = non-2xx + socket errors/timeouts`,
    `- **Checkout:** ${c.checkouts} guest carts (one personalised poster each, created beforehand; ${c.checkoutConcurrency} more as warm-up, not counted), \`POST /checkout\` at ${c.checkoutConcurrency} concurrent, then a few one at a time; redirect not followed`,
    `- **Webhooks:** signed \`checkout.session.completed\` events for started checkouts, sent at ${c.webhookRate}/s; paid = \`orders.paid_at\` (and a 10 ms poll of \`orders.status\`); local pay page: ${c.pay} checkouts paid at ${c.payRate}/s`,
    `- **Runtime:** ${r.runtimeSeconds.toFixed(0)} s`,
    '',
  );
  out.push(markdownTable(tableRows(r)), '');

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
  if (r.carts) details.push(`- Carts: ${num(r.carts.created)} created in ${r.carts.seconds.toFixed(1)} s`, ...failureLines('cart', r.carts.failures));
  if (r.checkout) {
    const k = r.checkout;
    details.push(`- Checkout: ${num(k.latency.n)} started of ${num(k.attempted)} in ${k.seconds.toFixed(1)} s; mean ${ms(k.latency.mean)} ms, max ${ms(k.latency.max)} ms`, ...failureLines('checkout', k.failures));
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
  if (details.length > 0) out.push('## Details', '', ...details, '');
  if (r.notes.length > 0) out.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}
