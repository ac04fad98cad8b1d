import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { getEnv, type Env } from '#server/env.server.ts';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import { temporalClientInterceptors } from '#server/tracing.server.ts';

/** Connection options for the web app and the workers alike: local dev server, mTLS or Temporal Cloud API key. */
export function temporalConnectionOptions(env: Env) {
  const options: {
    address: string;
    connectTimeout: '5s';
    tls?: boolean | { clientCertPair: { crt: Buffer; key: Buffer } };
    apiKey?: string;
  } = { address: env.TEMPORAL_ADDRESS, connectTimeout: '5s' };
  if (env.TEMPORAL_TLS_CERT && env.TEMPORAL_TLS_KEY) {
    options.tls = {
      clientCertPair: { crt: readFileSync(env.TEMPORAL_TLS_CERT), key: readFileSync(env.TEMPORAL_TLS_KEY) },
    };
  } else if (env.TEMPORAL_API_KEY) {
    options.tls = true;
    options.apiKey = env.TEMPORAL_API_KEY;
  }
  return options;
}

let client: Client | undefined;

/** One process-wide client; the connection is made lazily on first use and re-made by the SDK when lost. */
export function getTemporalClient(): Client {
  if (!client) {
    const env = getEnv();
    client = new Client({
      connection: Connection.lazy(temporalConnectionOptions(env)),
      namespace: env.TEMPORAL_NAMESPACE,
      // Encrypts what the web app sends (workflow inputs, updates, signals) and decrypts what it reads.
      dataConverter: temporalDataConverter(env),
      // With tracing on (OTEL_EXPORTER_OTLP_ENDPOINT), starts, updates and signals are spans of the
      // current request (or activity) and carry its trace context to the workflow.
      interceptors: temporalClientInterceptors(),
    });
  }
  return client;
}

/** Readiness: how long a cheap call to the frontend takes. */
export async function pingTemporal(timeoutMs = 2000): Promise<number> {
  const started = performance.now();
  const c = getTemporalClient();
  await c.connection.withDeadline(Date.now() + timeoutMs, () => c.workflowService.getSystemInfo({}));
  return performance.now() - started;
}
