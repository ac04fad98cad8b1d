// The stand-in's behaviour, whichever API asks: orders created, stepped on by the schedule or by hand, failed,
// cancelled; a webhook for each change; an outage and a cancellation fee set from outside. The Gelato API
// (gelato-api.ts) and the control API (control.ts) are thin HTTP layers over this.
import { fetchFiles, pendingFetches } from './files.ts';
import { HttpError } from './http.ts';
import { advance, cancel, ConflictError, fail, hasNextStep } from './lifecycle.ts';
import { newOrder, parseOrderRequest } from './order-request.ts';
import { GELATO_STATUSES, OrderStore, type GelatoStatus, type StandInRecord } from './orders.ts';
import { DEFAULT_RETRY, statusEvent, WebhookSender, type RetryPolicy } from './webhooks.ts';

export interface StandInLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface StandInOptions {
  /** The JSON file the state lives in. */
  dataFile: string;
  /** Where webhooks go: the shop's `/webhooks/print-provider?token=…`. */
  webhookUrl: string;
  /** Each order moves one step on after this many seconds (0: only when asked). */
  stepSeconds: number;
  retry?: RetryPolicy;
  log?: StandInLog;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_OUTAGE_SECONDS = 24 * 3600;
const MAX_REDELIVERIES = 20;
export const DEFAULT_FAILURE_REASON = 'The print provider could not produce this order (failed at the stand-in)';

export class StandIn {
  readonly store: OrderStore;
  private readonly webhooks: WebhookSender;
  private readonly stepMs: number;
  private readonly log: StandInLog;
  private readonly aborter = new AbortController();
  private stepTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(readonly options: StandInOptions) {
    this.store = new OrderStore(options.dataFile);
    this.stepMs = Math.max(0, options.stepSeconds) * 1000;
    this.log = options.log ?? { info: () => undefined, warn: () => undefined };
    this.webhooks = new WebhookSender(this.store, options.webhookUrl, options.retry ?? DEFAULT_RETRY, (m) => this.log.warn(m));
  }

  /** Picks up where the saved state left off: webhooks still to send, files still to fetch, steps still to take. */
  start(): void {
    this.webhooks.resume();
    for (const record of this.store.state.orders) {
      if (record.fileFetches.some((f) => f.state === 'pending')) void fetchFiles(this.store, record, this.aborter.signal);
      if (this.stepMs > 0 && !record.nextStepAt && hasNextStep(record.order.fulfillmentStatus)) {
        record.nextStepAt = new Date(Date.now() + this.stepMs).toISOString();
      }
    }
    this.store.save();
    this.scheduleSteps();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.stepTimer);
    this.webhooks.close();
    this.aborter.abort();
  }

  get stepSeconds(): number {
    return this.stepMs / 1000;
  }

  find(id: string): StandInRecord {
    const record = this.store.get(id);
    if (!record) throw new HttpError(404, 'NotFound', `Order ${id} not found`);
    return record;
  }

  createOrder(body: unknown): StandInRecord {
    const request = parseOrderRequest(body);
    const now = new Date();
    const order = newOrder(request, now);
    const record: StandInRecord = {
      order,
      history: [{ status: 'created', at: now.toISOString() }],
      nextStepAt: null,
      fileFetches: [],
      deliveries: [],
    };
    record.fileFetches = pendingFetches(record);
    this.store.add(record);
    this.log.info(`order ${order.id} (${order.orderReferenceId}) created`);
    this.changed(record);
    void fetchFiles(this.store, record, this.aborter.signal);
    return record;
  }

  /** Returns whether it was cancelled now (false: it was already). */
  cancel(id: string): boolean {
    const record = this.find(id);
    const cancelled = cancel(record, this.store.state.cancellationFee, new Date());
    if (cancelled) this.changed(record);
    return cancelled;
  }

  advance(id: string): StandInRecord {
    const record = this.find(id);
    advance(record, new Date());
    this.changed(record);
    return record;
  }

  fail(id: string, reason: string | null): StandInRecord {
    const record = this.find(id);
    fail(record, reason?.trim() || DEFAULT_FAILURE_REASON, new Date());
    this.changed(record);
    return record;
  }

  /** Sends the order's latest event again, same event id: a duplicate delivery. */
  redeliver(id: string, times = 1): StandInRecord {
    const record = this.find(id);
    const latest = record.deliveries.filter((d) => d.kind === 'status').at(-1);
    if (!latest) throw new ConflictError('This order has sent no event yet');
    const count = Math.min(MAX_REDELIVERIES, Math.max(1, Math.floor(times)));
    for (let i = 0; i < count; i++) this.webhooks.send(record, 'duplicate', latest.payload);
    return record;
  }

  /** Sends an event claiming `status` (default: the one before the current) with a new id; the order stays as it is. */
  sendStatus(id: string, status: string | null): StandInRecord {
    const record = this.find(id);
    const claimed = status ?? record.history.at(-2)?.status;
    if (!claimed) throw new ConflictError('This order has no older status to send');
    if (!(GELATO_STATUSES as readonly string[]).includes(claimed)) {
      throw new HttpError(400, 'ValidationError', `status must be one of ${GELATO_STATUSES.join(', ')}`);
    }
    this.webhooks.send(record, 'old-status', statusEvent(record.order, claimed as GelatoStatus));
    return record;
  }

  /** Every `/v4/…` call answers 503 for this many seconds (0 ends an outage). */
  setOutage(seconds: number): string | null {
    const s = Math.min(MAX_OUTAGE_SECONDS, Math.max(0, seconds));
    this.store.state.outageUntil = s > 0 ? new Date(Date.now() + s * 1000).toISOString() : null;
    this.store.save();
    this.log.info(s > 0 ? `outage for ${s} s` : 'outage over');
    return this.store.state.outageUntil;
  }

  setCancellationFee(amount: number): void {
    this.store.state.cancellationFee = amount;
    this.store.save();
  }

  /** After a change of status: the next scheduled step, the saved state, the webhook. */
  private changed(record: StandInRecord): void {
    const status = record.order.fulfillmentStatus;
    record.nextStepAt = this.stepMs > 0 && hasNextStep(status) ? new Date(Date.now() + this.stepMs).toISOString() : null;
    this.store.save();
    if (status !== 'created') this.log.info(`order ${record.order.id} (${record.order.orderReferenceId}) is ${status}`);
    this.webhooks.send(record, 'status', statusEvent(record.order));
    this.scheduleSteps();
  }

  private scheduleSteps(): void {
    clearTimeout(this.stepTimer);
    if (this.closed || this.stepMs <= 0) return;
    const due = this.store.state.orders.flatMap((r) => (r.nextStepAt ? [Date.parse(r.nextStepAt)] : []));
    if (!due.length) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, Math.min(...due) - Date.now()));
    this.stepTimer = setTimeout(() => this.stepDue(), wait);
  }

  private stepDue(): void {
    const now = Date.now();
    for (const record of this.store.state.orders) {
      if (!record.nextStepAt || Date.parse(record.nextStepAt) > now) continue;
      if (!hasNextStep(record.order.fulfillmentStatus)) {
        record.nextStepAt = null;
        continue;
      }
      advance(record, new Date(now));
      this.changed(record);
    }
    this.store.save();
    this.scheduleSteps();
  }
}
