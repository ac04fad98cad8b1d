import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Context as ActivityContext } from '@temporalio/activity';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type SerializableSpan,
} from '@temporalio/interceptors-opentelemetry';
import { Worker, bundleWorkflowCode, type ActivityInterceptorsFactory } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';
import express from 'express';
import { workflowsPath } from '#worker/index.ts';
import { orderNumberLogAttributes } from '#worker/telemetry.ts';
import { TEST_PAYLOAD_KEY } from '../scripts/lib/stack.ts';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import { traceRequests } from '#app/utils/request-tracing.server.ts';
import { startTracing, temporalClientInterceptors, tracingEnabled, withWorkerTracing, type Tracing } from '#server/tracing.server.ts';

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };

/** A tracer provider that keeps its spans in memory (not registered unless a test does it). */
function memoryTracing(): Tracing & { spans: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor(exporter);
  const resource = new Resource({ 'service.name': 'atelier-test' });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  return { provider, processor, exporter, resource, spans: exporter, shutdown: () => provider.shutdown() };
}

test('tracing is on only with an OTLP endpoint for all signals or for traces', () => {
  assert.equal(tracingEnabled({}), false);
  assert.equal(
    tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ', OTEL_SERVICE_NAME: 'atelier-web', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
    false,
  );
  assert.equal(tracingEnabled(ENDPOINT), true);
  assert.equal(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }), true);
});

test('without an OTLP endpoint: no tracer provider, no client interceptor', async () => {
  assert.equal(await startTracing('atelier-web', {}), null);
  assert.equal(trace.getTracer('probe').startSpan('probe').isRecording(), false, 'the global tracer is still the no-op one');
  assert.equal(temporalClientInterceptors({}), undefined);
  const on = temporalClientInterceptors(ENDPOINT);
  assert.equal(on?.workflow?.length, 1);
  assert.ok(on.workflow[0] instanceof OpenTelemetryWorkflowClientInterceptor);
});

test('worker options: unchanged when off; with tracing, the activity and workflow interceptors and the span sink', async () => {
  const options = { interceptors: { activity: [orderNumberLogAttributes] } };
  assert.equal(await withWorkerTracing(options, null), options);
  assert.deepEqual(options, { interceptors: { activity: [orderNumberLogAttributes] } }, 'nothing added when off');

  const traced = await withWorkerTracing(options, memoryTracing());
  const activity = traced.interceptors?.activity ?? [];
  assert.equal(activity.length, 2);
  assert.equal(activity[1], orderNumberLogAttributes, 'the order-number log interceptor stays');
  const first = (activity[0] as ActivityInterceptorsFactory)({} as ActivityContext);
  assert.ok(first.inbound instanceof OpenTelemetryActivityInboundInterceptor, 'the RunActivity span wraps the other interceptors');
  assert.deepEqual(
    traced.interceptors?.workflowModules?.map((m) => path.basename(m)),
    ['workflow-interceptors.js'],
  );
  assert.equal(options.interceptors.activity.length, 1, 'the given options are not changed');
});

test('workflow spans reach the exporter with the workflow identity only, never its search attributes or memo', async () => {
  const tracing = memoryTracing();
  const traced = await withWorkerTracing({}, tracing);
  const info = {
    workflowId: 'checkout-ATL-2026-7K3M9Q2B',
    runId: 'run-1',
    workflowType: 'checkout',
    taskQueue: 'commerce',
    namespace: 'default',
    searchAttributes: { CustomerEmail: ['jane@example.com'] },
    memo: { email: 'jane@example.com' },
    historyLength: 12,
  } as unknown as WorkflowInfo;
  const span: SerializableSpan = {
    name: 'RunWorkflow:checkout',
    kind: SpanKind.INTERNAL,
    spanContext: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 },
    startTime: [1, 0],
    endTime: [2, 0],
    duration: [1, 0],
    status: { code: 1 },
    attributes: {},
    links: [],
    events: [],
    ended: true,
    droppedAttributesCount: 0,
    droppedLinksCount: 0,
    droppedEventsCount: 0,
    instrumentationLibrary: { name: '@temporalio/interceptor-workflow' },
  };
  assert.equal(traced.sinks?.exporter?.export?.callDuringReplay, undefined, 'not sent again on replay');
  await traced.sinks!.exporter!.export!.fn(info, [span]);
  const [exported] = tracing.spans.getFinishedSpans();
  assert.equal(exported?.name, 'RunWorkflow:checkout');
  assert.deepEqual(exported.attributes, {
    workflowId: 'checkout-ATL-2026-7K3M9Q2B',
    runId: 'run-1',
    workflowType: 'checkout',
    taskQueue: 'commerce',
    namespace: 'default',
  });
  assert.equal(exported.resource.attributes['service.name'], 'atelier-test');
});

test('recorded histories replay with the tracing workflow interceptors on: no commands added, no spans sent again', async () => {
  const tracing = memoryTracing();
  const traced = await withWorkerTracing({}, tracing);
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: traced.interceptors?.workflowModules,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
  });
  assert.match(workflowBundle.code, /OpenTelemetryInboundInterceptor/, 'the bundle holds the workflow interceptors');
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../workflows/histories');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 0);
  const dataConverter = temporalDataConverter({ TEMPORAL_PAYLOAD_KEY: TEST_PAYLOAD_KEY });
  for (const file of files) {
    const history: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle, dataConverter, sinks: traced.sinks }, history, `replay-traced-${file}`);
  }
  assert.equal(tracing.spans.getFinishedSpans().length, 0, 'workflow spans are not exported during replay');
});

test('a request span per request: named by method and route, parent from traceparent, active in the handlers', async () => {
  const tracing = memoryTracing();
  tracing.provider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });
  try {
    const app = express();
    app.use(
      traceRequests({
        root: { id: 'root', path: '' },
        'routes/checkout': { id: 'routes/checkout', parentId: 'root', path: 'checkout' },
        'routes/account.orders.$orderNumber': {
          id: 'routes/account.orders.$orderNumber',
          parentId: 'root',
          path: 'account/orders/:orderNumber',
        },
      }),
    );
    const seen: (string | undefined)[] = [];
    app.post('/checkout', (_req, res) => {
      // As the Remix action does: awaits, then asks for the active span (the Temporal client interceptor's parent).
      void new Promise((r) => setTimeout(r, 5)).then(() => {
        seen.push(trace.getActiveSpan()?.spanContext().spanId);
        res.redirect(303, '/dev/pay/cs_1');
      });
    });
    app.get('/account/orders/:orderNumber', (_req, res) => void res.status(500).send('boom'));
    const server = app.listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const parentId = '00f067aa0ba902b7';
      const res = await fetch(`${base}/checkout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { traceparent: `00-${traceId}-${parentId}-01` },
      });
      assert.equal(res.status, 303);
      await fetch(`${base}/account/orders/ATL-2026-7K3M9Q2B`);
    } finally {
      server.close();
    }
    const spans = tracing.spans.getFinishedSpans();
    assert.deepEqual(
      spans.map((s) => s.name),
      ['POST routes/checkout', 'GET routes/account.orders.$orderNumber'],
    );
    const [checkout, order] = spans;
    assert.equal(checkout!.kind, SpanKind.SERVER);
    assert.equal(checkout!.spanContext().traceId, '4bf92f3577b34da6a3ce929d0e0e4736', 'the caller’s trace continues');
    assert.equal(checkout!.parentSpanId, '00f067aa0ba902b7');
    assert.deepEqual(seen, [checkout!.spanContext().spanId], 'the handler runs inside the request span');
    assert.deepEqual(checkout!.attributes, {
      'http.request.method': 'POST',
      'http.route': 'routes/checkout',
      'http.response.status_code': 303,
    });
    assert.equal(order!.attributes['atelier.order_number'], 'ATL-2026-7K3M9Q2B');
    assert.equal(order!.attributes['http.response.status_code'], 500);
    assert.equal(order!.status.code, 2, 'a 5xx is an error');
    assert.equal(order!.parentSpanId, undefined, 'without traceparent a request starts its own trace');
  } finally {
    await tracing.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  }
});
