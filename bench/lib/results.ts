// What a bench run records (bench/results/<timestamp>.json): the machine, the options, each phase's figures.
import type { ThroughputRun } from './ceiling.ts';
import type { CheckoutRun } from './checkout-start.ts';
import type { ContentionRun } from './contention.ts';
import type { DropRun } from './drop.ts';
import type { EndToEndRun } from './end-to-end.ts';
import type { Failure } from './failures.ts';
import type { MembershipRun } from './membership.ts';
import type { OrderCost } from './order-cost.ts';
import type { PreviousOrderCost } from './order-cost-report.ts';
import type { PageRun } from './pages.ts';
import type { PayRun } from './pay-page.ts';
import type { PointsRun } from './points.ts';
import type { SignedInPagesRun } from './signed-in-pages.ts';
import type { WebhookRun } from './signed-webhooks.ts';

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

/** The run's options, as bench/run.ts reads them from its arguments (documented there). */
export interface BenchConfig {
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
  ceilingConcurrency: number;
  workflowSeconds: number;
  insertSeconds: number;
  endToEndCheckouts: number;
  contentionCheckouts: number;
  contentionRounds: number;
  pointsOrders: number;
  pointsRounds: number;
  pointsRate: number;
  members: number;
  membershipPeriodSeconds: number;
  membershipSpreadSeconds: number;
  dropCustomers: number;
  dropStock: number;
  dropSeconds: number;
  /** `--only`: the phases this run was limited to (null: all not skipped). */
  only: string[] | null;
  commerceWorkers: number;
}

/** The options every stored run has; the rest came later. */
type FirstOption =
  | 'quick'
  | 'durationSeconds'
  | 'warmupSeconds'
  | 'connections'
  | 'gzip'
  | 'checkouts'
  | 'checkoutConcurrency'
  | 'pay'
  | 'payRate'
  | 'webhookRate';

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  runtimeSeconds: number;
  machine: MachineInfo;
  /** The options it ran with; those added after the first runs are absent in older results. */
  config: Pick<BenchConfig, FirstOption> & Partial<Omit<BenchConfig, FirstOption>> & { stackEnv: Record<string, string> };
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
