// The workers' logs and metrics: the Temporal SDK's logger (workflow, activity and Core logs) writes
// through the shop's structured logger, and Core's Prometheus exporter serves `temporal_*` metrics.
import { Runtime, makeTelemetryFilterString, type ActivityInterceptorsFactory, type RuntimeOptions } from '@temporalio/worker';
import type { LogLevel as TemporalLogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { logger as shopLogger, withLogContext, type LogFields, type LogLevel, type Logger } from '#server/log.server.ts';
import { TASK_QUEUES, type TaskQueue } from '#workflows/messages.ts';

const LEVELS: Record<TemporalLogLevel, LogLevel> = { TRACE: 'debug', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
/** Workflow ids that carry an order number: checkout-, fulfillment-, resend-<template>-<order>-<key>. */
const ORDER_NUMBER = /(?:^|-)([A-Z]{2,6}-\d{4}-[0-9A-HJKMNP-TV-Z]{8})(?:-|$)/;

/** Log fields from the SDK's metadata: drops the bulky task token, adds the order number a workflow id names. */
export function logFields(meta: LogMetadata | undefined): LogFields {
  const fields: LogFields = {};
  if (!meta) return fields;
  for (const [key, value] of Object.entries(meta)) if (key !== 'taskToken') fields[key] = value;
  const workflowId = typeof meta.workflowId === 'string' ? meta.workflowId : undefined;
  const orderNumber = workflowId?.match(ORDER_NUMBER)?.[1];
  if (orderNumber && fields.orderNumber === undefined) fields.orderNumber = orderNumber;
  return fields;
}

/** The order number an activity's input names: `{ orderNumber }` or the order number itself. */
function orderNumberOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return ORDER_NUMBER.test(arg) ? arg : undefined;
  if (typeof arg === 'object' && arg !== null && 'orderNumber' in arg && typeof arg.orderNumber === 'string') return arg.orderNumber;
  return undefined;
}

/**
 * Adds the order number an activity was given to its log lines (`Context.current().log` and the SDK's), and
 * the activity's identity and order number to whatever the server code it calls logs with the shop's logger.
 */
export const orderNumberLogAttributes: ActivityInterceptorsFactory = (ctx) => {
  let orderNumber: string | undefined;
  return {
    inbound: {
      execute(input, next) {
        orderNumber = orderNumberOf(input.args[0]);
        const { workflowExecution, activityType } = ctx.info;
        return withLogContext({ workflowId: workflowExecution?.workflowId, activityType, ...(orderNumber ? { orderNumber } : {}) }, () =>
          next(input),
        );
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        return next(orderNumber ? { ...input, orderNumber } : input);
      },
    },
  };
};

/** The Temporal `Logger` interface over the shop's logger. */
export function temporalLogger(log: Logger = shopLogger): TemporalLogger {
  const write = (level: TemporalLogLevel, message: string, meta?: LogMetadata) => log[LEVELS[level]](logFields(meta), message);
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}

/**
 * WORKER_METRICS_ADDRESS: where Core serves Prometheus metrics (`host:port`), or `off`. Unset: the
 * commerce (or combined) worker uses 127.0.0.1:9464 and a rendering-only worker 127.0.0.1:9465, so
 * `npm start`'s two worker processes do not collide.
 */
export function workerMetricsAddress(value: string | undefined, queues: TaskQueue[]): string | null {
  const v = value?.trim();
  if (v === 'off' || v === 'false' || v === '0') return null;
  if (v) {
    if (!/^[^\s:]+:\d{1,5}$|^\[[0-9a-f:.]+\]:\d{1,5}$/i.test(v))
      throw new Error(`WORKER_METRICS_ADDRESS must be host:port or off (got "${v}")`);
    return v;
  }
  return queues.length === 1 && queues[0] === TASK_QUEUES.rendering ? '127.0.0.1:9465' : '127.0.0.1:9464';
}

/** Installs the Temporal Runtime with the shop's logger and the metrics exporter; before any connection or worker. */
export function installRuntime(metricsAddress: string | null): void {
  const options: RuntimeOptions = {
    logger: temporalLogger(),
    telemetryOptions: {
      // Core's own (Rust) logs go through the same logger instead of straight to the console.
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} },
      ...(metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {}),
    },
  };
  Runtime.install(options);
}
