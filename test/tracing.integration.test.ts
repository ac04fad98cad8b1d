// OpenTelemetry tracing end to end: with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a small OTLP/HTTP
// receiver, an order placed and paid through the real stack leaves one trace from `POST /checkout`
// through the update-with-start, the checkout workflow and its activities (and on into the campaign
// the paid order enrols in), and the Stripe webhook's signal continues the webhook request's trace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type pg from 'pg';
import { getFreePort } from '../scripts/lib/net.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { Browser, database, personalisation, waitFor } from './http.ts';

interface ReceivedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}
interface OtlpTraces {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: {
      spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpKeyValue[] }[];
    }[];
  }[];
}

const valueOf = (v: OtlpValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue));
const attributesOf = (kvs: OtlpKeyValue[] = []) => Object.fromEntries(kvs.map((kv) => [kv.key, valueOf(kv.value)]));

/** An OTLP/HTTP receiver for the JSON encoding (what @opentelemetry/exporter-trace-otlp-http sends). */
function startReceiver(port: number) {
  const spans: ReceivedSpan[] = [];
  const paths = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      paths.add(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraces;
      for (const rs of body.resourceSpans ?? []) {
        const service = String(attributesOf(rs.resource?.attributes)['service.name']);
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              service,
              name: s.name,
              kind: s.kind,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId || undefined,
              attributes: attributesOf(s.attributes),
            });
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  server.listen(port, '127.0.0.1');
  return { spans, paths, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let stack: Stack;
let db: pg.Pool;
let receiver: ReturnType<typeof startReceiver>;
let orderNumber: string;

before(async () => {
  const port = await getFreePort();
  receiver = startReceiver(port);
  stack = await startStack({
    name: 'tracing',
    payments: 'local',
    group: new ProcessGroup(),
    // Spans leave every 200 ms; a developer's own traces endpoint or service name (empty = unset) stays out.
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
      OTEL_SERVICE_NAME: '',
    },
  });
  db = database(stack.databaseUrl);

  // A guest buys a poster and pays on the local payment page (which sends the signed webhook).
  const buyer = new Browser(stack.baseUrl);
  const { rows } = await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-PHY-A3'");
  assert.equal(
    (await buyer.post('/products/night-sky-poster?index', { variantId: rows[0]!.id, quantity: 1, ...personalisation })).status,
    303,
  );
  const checkout = await buyer.post('/checkout', {});
  assert.equal(checkout.status, 303, await checkout.text());
  const payPath = new URL(checkout.headers.get('location')!, stack.baseUrl).pathname;
  const email = `traced-${Date.now()}@example.com`;
  const pay = await buyer.post(payPath, {
    intent: 'pay',
    email,
    name: 'Ada Traced',
    line1: '1 Main St',
    city: 'Dublin',
    postal_code: 'D01',
    country: 'IE',
  });
  assert.equal(pay.status, 303, await pay.text());
  orderNumber = await waitFor('paid order', async () => {
    const r = await db.query<{ order_number: string }>("select order_number from orders where email = $1 and status = 'paid'", [email]);
    return r.rows[0]?.order_number;
  });
});
after(async () => {
  await db?.end();
  await stack?.stop();
  await receiver?.close();
});

const named = (spans: ReceivedSpan[], name: string) => spans.filter((s) => s.name === name);

/** The one span of that name in the trace, whose parent is `parent`. */
function childOf(spans: ReceivedSpan[], parent: ReceivedSpan, name: string): ReceivedSpan {
  const found = named(spans, name);
  assert.equal(found.length, 1, `one ${name} in the trace; spans: ${spans.map((s) => s.name).join(', ')}`);
  assert.equal(found[0]!.parentSpanId, parent.spanId, `${name} is a child of ${parent.name}`);
  return found[0]!;
}

test('one trace from POST /checkout through the update-with-start, the checkout workflow and its activities', async () => {
  const workflowId = `checkout-${orderNumber}`;
  // The workflow's own span ends (and is exported) when the checkout completes, after the payment.
  const trace = await waitFor('the checkout trace', async () => {
    const start = receiver.spans.find(
      (s) => s.name === 'UpdateWithStartWorkflow:startCheckout' && s.attributes.temporalWorkflowId === workflowId,
    );
    const spans = receiver.spans.filter((s) => s.traceId === start?.traceId);
    return spans.some((s) => s.name === 'RunWorkflow:checkout') && spans.some((s) => s.name === 'HandleSignal:enrolCampaigns')
      ? spans
      : null;
  });

  const web = named(trace, 'POST routes/checkout');
  assert.equal(web.length, 1);
  assert.equal(web[0]!.parentSpanId, undefined, 'the request starts the trace');
  assert.equal(web[0]!.service, 'atelier-web');
  assert.equal(web[0]!.kind, 2, 'a SERVER span');
  assert.deepEqual(web[0]!.attributes, {
    'http.request.method': 'POST',
    'http.route': 'routes/checkout',
    'http.response.status_code': 303,
  });

  const start = childOf(trace, web[0]!, 'UpdateWithStartWorkflow:startCheckout');
  assert.equal(start.service, 'atelier-web');
  assert.equal(start.attributes.temporalWorkflowId, workflowId);
  // The trace context went in the workflow's start headers: the run and the update are its children.
  const run = childOf(trace, start, 'RunWorkflow:checkout');
  assert.equal(run.service, 'atelier-worker');
  childOf(trace, start, 'HandleUpdate:startCheckout');
  for (const activity of ['createPendingOrder', 'createCheckoutSession']) {
    const scheduled = childOf(trace, run, `StartActivity:${activity}`);
    const ran = childOf(trace, scheduled, `RunActivity:${activity}`);
    assert.equal(ran.service, 'atelier-worker');
    assert.equal(ran.attributes.temporalWorkflowId, workflowId);
  }

  // The worker's client carries it on: the paid order's campaign enrolment (in the confirmation step) is a signal-with-start.
  const enrol = childOf(trace, childOf(trace, run, 'StartActivity:confirmPaidOrder'), 'RunActivity:confirmPaidOrder');
  const signalWithStart = named(trace, 'SignalWithStartWorkflow:customerCampaigns').find((s) => s.parentSpanId === enrol.spanId);
  assert.ok(signalWithStart, 'the campaigns enrolment is a child of the confirming activity');
  assert.ok(
    trace.some((s) => s.name === 'HandleSignal:enrolCampaigns' && s.parentSpanId === signalWithStart.spanId),
    'the customer’s campaigns workflow handles the enrolment inside the same trace',
  );
});

test('the Stripe webhook request traces its signal into the checkout workflow', async () => {
  const signal = await waitFor('the payment signal', async () =>
    receiver.spans.find((s) => s.name === 'SignalWorkflow:paymentEvent' && s.attributes.temporalWorkflowId === `checkout-${orderNumber}`),
  );
  const spans = await waitFor('the webhook trace', async () => {
    const inTrace = receiver.spans.filter((s) => s.traceId === signal.traceId);
    return inTrace.some((s) => s.name === 'HandleSignal:paymentEvent') && inTrace.some((s) => s.name === 'POST routes/webhooks.stripe')
      ? inTrace
      : null;
  });
  const webhook = named(spans, 'POST routes/webhooks.stripe')[0]!;
  assert.equal(webhook.parentSpanId, undefined, 'the webhook request starts its own trace');
  assert.equal(signal.parentSpanId, webhook.spanId);
  childOf(spans, signal, 'HandleSignal:paymentEvent');
});

test('spans go to $OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces as OTLP JSON, named after each service', () => {
  assert.deepEqual([...receiver.paths], ['POST /v1/traces application/json']);
  assert.deepEqual([...new Set(receiver.spans.map((s) => s.service))].sort(), ['atelier-web', 'atelier-worker']);
  // Request spans are named by route, never by a raw path (order numbers, tokens).
  const webSpans = receiver.spans.filter((s) => s.kind === 2);
  assert.ok(webSpans.length > 3);
  for (const s of webSpans) assert.match(s.name, /^[A-Z]+ (routes\/[^/ ]+|root|static|unmatched|metrics|remix-manifest)$/, s.name);
});
