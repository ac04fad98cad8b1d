import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '#server/log.server.ts';
import type { Context } from '@temporalio/activity';
import { logFields, orderNumberLogAttributes, temporalLogger, workerMetricsAddress } from './telemetry.ts';

test('SDK log metadata: the task token is dropped and the order number in a workflow id is added', () => {
  const fields = logFields({ sdkComponent: 'activity', workflowId: 'checkout-ATL-2026-7K3M9Q2B', activityType: 'createCheckoutSession', taskToken: 'AAAA' });
  assert.deepEqual(fields, { sdkComponent: 'activity', workflowId: 'checkout-ATL-2026-7K3M9Q2B', activityType: 'createCheckoutSession', orderNumber: 'ATL-2026-7K3M9Q2B' });
  assert.equal(logFields({ workflowId: 'resend-order-confirmation-ATL-2026-7K3M9Q2B-3' }).orderNumber, 'ATL-2026-7K3M9Q2B');
  assert.equal(logFields({ workflowId: 'refund-12' }).orderNumber, undefined);
  assert.equal(logFields({ workflowId: 'checkout-ATL-2026-7K3M9Q2B', orderNumber: 'given' }).orderNumber, 'given');
});

test('the Temporal logger writes JSON lines through the shop logger', () => {
  const lines: string[] = [];
  const log = temporalLogger(createLogger({ format: 'json', level: 'info', write: (line) => lines.push(line) }));
  log.debug('Activity started', { workflowId: 'checkout-ATL-2026-7K3M9Q2B' });
  log.warn('Activity failed', { workflowId: 'checkout-ATL-2026-7K3M9Q2B', activityType: 'markOrderPaid', error: new Error('boom') });
  assert.equal(lines.length, 1, 'debug is below LOG_LEVEL=info');
  const line = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.equal(line.level, 'warn');
  assert.equal(line.msg, 'Activity failed');
  assert.equal(line.orderNumber, 'ATL-2026-7K3M9Q2B');
  assert.equal(line.activityType, 'markOrderPaid');
  assert.equal((line.error as { message: string }).message, 'boom');
  assert.match(String(line.time), /^\d{4}-\d\d-\d\dT/);
});

test('WORKER_METRICS_ADDRESS: a port per worker process by default, off, or an address', () => {
  assert.equal(workerMetricsAddress(undefined, ['commerce', 'rendering']), '127.0.0.1:9464');
  assert.equal(workerMetricsAddress(undefined, ['commerce']), '127.0.0.1:9464');
  assert.equal(workerMetricsAddress('', ['rendering']), '127.0.0.1:9465');
  assert.equal(workerMetricsAddress('off', ['commerce']), null);
  assert.equal(workerMetricsAddress('0.0.0.0:9100', ['commerce']), '0.0.0.0:9100');
  assert.equal(workerMetricsAddress('[::1]:9100', ['commerce']), '[::1]:9100');
  assert.throws(() => workerMetricsAddress('9100', ['commerce']), /host:port or off/);
});

test("an activity's log attributes carry the order number it was given", async () => {
  const interceptors = orderNumberLogAttributes({} as Context);
  const attributes = () => interceptors.outbound!.getLogAttributes!({ activityType: 'markOrderPaid' }, (input) => input);
  assert.deepEqual(attributes(), { activityType: 'markOrderPaid' });
  await interceptors.inbound!.execute!({ args: [{ orderNumber: 'ATL-2026-7K3M9Q2B', sessionId: 'cs_1' }], headers: {} }, async () => 'done');
  assert.deepEqual(attributes(), { activityType: 'markOrderPaid', orderNumber: 'ATL-2026-7K3M9Q2B' });
  await interceptors.inbound!.execute!({ args: ['ATL-2026-7K3M9Q2C'], headers: {} }, async () => 'done');
  assert.equal(attributes().orderNumber, 'ATL-2026-7K3M9Q2C');
});

test('development logs are one short readable line', () => {
  const lines: string[] = [];
  createLogger({ format: 'pretty', write: (line) => lines.push(line) }).child({ requestId: 'r1' }).info('request', { route: 'routes/cart', status: 200 });
  assert.match(lines[0]!, /^\d\d:\d\d:\d\d\.\d{3} INFO {2}request requestId=r1 route=routes\/cart status=200$/);
});
