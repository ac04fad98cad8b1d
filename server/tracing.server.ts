// OpenTelemetry tracing across web → workflow → activities (@temporalio/interceptors-opentelemetry).
//
// Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: then the SDK
// is not even loaded, no span is made and no interceptor is installed. On, every process (each web
// process of the cluster, each worker process) registers a tracer provider that batches spans to an
// OTLP/HTTP (JSON) endpoint; the exporter and the batch processor read the standard OTEL_EXPORTER_OTLP_*
// and OTEL_BSP_* variables themselves, the provider OTEL_TRACES_SAMPLER. Then:
//   web:     a SERVER span per request (`POST routes/checkout`), child of an incoming `traceparent`;
//            the Temporal client wraps start / update-with-start / signal / signal-with-start / query
//            in a span and carries its context to the workflow in the call's Temporal headers;
//   workers: the workflow interceptors (RunWorkflow, HandleUpdate, HandleSignal, StartActivity,
//            StartChildWorkflow spans; sent out through a sink, never during replay, no commands added)
//            and a RunActivity span per activity; workflow and activity log lines carry trace_id and span_id.
import { createRequire } from 'node:module';
import type { Resource } from '@opentelemetry/resources';
import type { BasicTracerProvider, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSink, WorkerOptions } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';

type TracingEnv = Record<string, string | undefined>;

/** Tracing is on when an OTLP endpoint is configured (for all signals or for traces). */
export function tracingEnabled(env: TracingEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}

export interface Tracing {
  provider: BasicTracerProvider;
  /** The batch processor in front of the exporter: the workflow span sink hands it spans too. */
  processor: SpanProcessor;
  exporter: SpanExporter;
  resource: Resource;
  /** Exports the spans still queued and stops (before the process exits). */
  shutdown(): Promise<void>;
}

let started: Promise<Tracing | null> | undefined;

/**
 * Registers this process's tracer provider (once; later calls get the same one), or does nothing
 * and returns null when tracing is off. `OTEL_SERVICE_NAME` overrides `serviceName`.
 */
export function startTracing(serviceName: string, env: TracingEnv = process.env): Promise<Tracing | null> {
  started ??= tracingEnabled(env) ? registerProvider(env.OTEL_SERVICE_NAME?.trim() || serviceName) : Promise.resolve(null);
  return started;
}

async function registerProvider(serviceName: string): Promise<Tracing> {
  const [
    { BasicTracerProvider, BatchSpanProcessor },
    { Resource },
    { OTLPTraceExporter },
    { AsyncLocalStorageContextManager },
    { ATTR_SERVICE_NAME },
  ] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/semantic-conventions'),
  ]);
  const resource = Resource.default().merge(new Resource({ [ATTR_SERVICE_NAME]: serviceName }));
  const exporter = new OTLPTraceExporter();
  const processor = new BatchSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  // Async context follows a request through awaits; W3C trace context (and baggage) is the propagator.
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });
  return { provider, processor, exporter, resource, shutdown: () => provider.shutdown() };
}

/** The Temporal client's interceptors: the OpenTelemetry one when tracing is on, none otherwise. */
export function temporalClientInterceptors(env: TracingEnv = process.env): { workflow: WorkflowClientInterceptor[] } | undefined {
  if (!tracingEnabled(env)) return undefined;
  // Loaded only when on, and synchronously (the client is made at once). The client part only: no workflow or worker code in the web process.
  const { OpenTelemetryWorkflowClientInterceptor } = createRequire(import.meta.url)(
    '@temporalio/interceptors-opentelemetry/lib/client/index.js',
  ) as typeof import('@temporalio/interceptors-opentelemetry/lib/client/index.js');
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

export type WorkerTracingOptions = Pick<WorkerOptions, 'interceptors' | 'sinks'>;

/**
 * A worker's interceptors and sinks with tracing added (as given when `tracing` is null): the
 * workflow interceptors module, the sink that exports workflow spans, and the activity interceptors,
 * first so that the RunActivity span wraps the others.
 */
export async function withWorkerTracing(options: WorkerTracingOptions, tracing: Tracing | null): Promise<WorkerTracingOptions> {
  if (!tracing) return options;
  const otel = await import('@temporalio/interceptors-opentelemetry');
  const { interceptors = {} } = options;
  const workflowSpans = otel.makeWorkflowExporter(tracing.processor, tracing.resource);
  // The SDK's sink copies the whole WorkflowInfo onto each workflow span (search attributes with the
  // customer's email, memo, last result): only the workflow's identity goes out.
  const exporter: InjectedSink<OpenTelemetryWorkflowExporter> = {
    export: { ...workflowSpans.export, fn: (info, spans) => workflowSpans.export.fn(workflowIdentity(info), spans) },
  };
  return {
    ...options,
    interceptors: {
      ...interceptors,
      activity: [
        (ctx) => ({
          inbound: new otel.OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new otel.OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
        ...(interceptors.activity ?? []),
      ],
      workflowModules: [
        ...(interceptors.workflowModules ?? []),
        createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
      ],
    },
    sinks: { ...options.sinks, exporter },
  };
}

const SPAN_WORKFLOW_INFO = ['workflowId', 'runId', 'workflowType', 'taskQueue', 'namespace'] as const;

function workflowIdentity(info: WorkflowInfo): WorkflowInfo {
  // Read back only as attributes of the span (Object.assign), so the other fields are not needed.
  return Object.fromEntries(SPAN_WORKFLOW_INFO.map((key) => [key, info[key]])) as unknown as WorkflowInfo;
}
