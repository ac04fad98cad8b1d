import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, logger, withLogContext } from '#server/log.server.ts';
import type { Context } from '@temporalio/activity';
import { logFields, orderNumberLogAttributes, temporalLogger, workerMetricsAddress } from './telemetry.ts';

test('SDK log metadata: the task token is dropped and the order number in a workflow id is added', () => {
  const fields = logFields({
    sdkComponent: 'activity',
    workflowId: 'checkout-ATL-2026-7K3M9Q2B',
    activityType: 'createCheckoutSession',
    taskToken: 'AAAA',
  });
  assert.deepEqual(fields, {
    sdkComponent: 'activity',
    workflowId: 'checkout-ATL-2026-7K3M9Q2B',
    activityType: 'createCheckoutSession',
    orderNumber: 'ATL-2026-7K3M9Q2B',
  });
  assert.equal(logFields({ workflowId: 'resend-order-confirmation-ATL-2026-7K3M9Q2B-3' }).orderNumber, 'ATL-2026-7K3M9Q2B');
  assert.equal(logFields({ workflowId: 'refund-12' }).orderNumber, undefined);
  assert.equal(logFields({ workflowId: 'checkout-ATL-2026-7K3M9Q2B', orderNumber: 'given' }).orderNumber, 'given');
});

test('the Temporal logger writes JSON lines through the shop logger', () => {
  const lines: string[] = [];
  const log = temporalLogger(createLogger({ format: 'json', level: 'info', destination: { write: (line: string) => lines.push(line) } }));
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
  const interceptors = orderNumberLogAttributes({
    info: { activityType: 'markOrderPaid', workflowExecution: { workflowId: 'checkout-ATL-2026-7K3M9Q2B' } },
  } as unknown as Context);
  const attributes = () => interceptors.outbound!.getLogAttributes!({ activityType: 'markOrderPaid' }, (input) => input);
  assert.deepEqual(attributes(), { activityType: 'markOrderPaid' });
  await interceptors.inbound!.execute!(
    { args: [{ orderNumber: 'ATL-2026-7K3M9Q2B', sessionId: 'cs_1' }], headers: {} },
    async () => 'done',
  );
  assert.deepEqual(attributes(), { activityType: 'markOrderPaid', orderNumber: 'ATL-2026-7K3M9Q2B' });
  await interceptors.inbound!.execute!({ args: ['ATL-2026-7K3M9Q2C'], headers: {} }, async () => 'done');
  assert.equal(attributes().orderNumber, 'ATL-2026-7K3M9Q2C');
});

test('what server code logs while an activity runs carries the activity, its workflow and its order number', async () => {
  const lines: string[] = [];
  const log = createLogger({ format: 'json', destination: { write: (line: string) => lines.push(line) } });
  const interceptors = orderNumberLogAttributes({
    info: { activityType: 'sendOrderEmail', workflowExecution: { workflowId: 'checkout-ATL-2026-7K3M9Q2B' } },
  } as unknown as Context);
  await interceptors.inbound!.execute!({ args: [{ orderNumber: 'ATL-2026-7K3M9Q2B' }], headers: {} }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    log.warn({ attempt: 2 }, 'provider slow');
    return 'done';
  });
  log.info('outside');
  const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    {
      workflowId: inside!.workflowId,
      activityType: inside!.activityType,
      orderNumber: inside!.orderNumber,
      attempt: inside!.attempt,
      msg: inside!.msg,
    },
    {
      workflowId: 'checkout-ATL-2026-7K3M9Q2B',
      activityType: 'sendOrderEmail',
      orderNumber: 'ATL-2026-7K3M9Q2B',
      attempt: 2,
      msg: 'provider slow',
    },
  );
  assert.equal(outside!.workflowId, undefined, 'the context ends with the activity');
});

test('log context nests: inner fields add to the outer ones', () => {
  const lines: string[] = [];
  const log = createLogger({ format: 'json', destination: { write: (line: string) => lines.push(line) } });
  withLogContext({ requestId: 'r1' }, () =>
    withLogContext({ orderNumber: 'ATL-2026-7K3M9Q2B' }, () => log.error({ err: new Error('boom') }, 'failed')),
  );
  const line = JSON.parse(lines[0]!) as { requestId: string; orderNumber: string; err: { message: string; stack: string }; level: string };
  assert.equal(line.requestId, 'r1');
  assert.equal(line.orderNumber, 'ATL-2026-7K3M9Q2B');
  assert.equal(line.level, 'error');
  assert.equal(line.err.message, 'boom');
  assert.match(line.err.stack, /Error: boom/);
  assert.ok(logger.level, 'the process-wide logger exists');
});

test('development logs are one short readable line', () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  createLogger({ format: 'pretty', destination }).child({ requestId: 'r1' }).info({ route: 'routes/cart', status: 200 }, 'request');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request \{"requestId":"r1","route":"routes\/cart","status":200\}\n$/);
});
