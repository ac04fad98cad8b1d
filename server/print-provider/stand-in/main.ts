// The local print provider stand-in as a process: `node --import tsx server/print-provider/stand-in/main.ts`.
// Listens on PRINT_PROVIDER_STAND_IN_URL's port, keeps its orders in DATA_DIR/print-provider-stand-in.json,
// posts webhooks to APP_URL/webhooks/print-provider?token=PRINT_PROVIDER_WEBHOOK_SECRET, and moves each
// order one step on every PRINT_PROVIDER_STAND_IN_STEP_SECONDS (0: only from /dev/provider).
import path from 'node:path';
import { getEnv } from '#server/env.server.ts';
import { logger } from '#server/log.server.ts';
import { startStandIn } from './server.ts';

/** The address to listen on: a loopback name or an IP as given; any other name (a container's) on all interfaces. */
function bindHost(hostname: string): string {
  const h = hostname.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return '127.0.0.1';
  if (/^[\d.]+$/.test(h) || h.includes(':')) return h;
  return '0.0.0.0';
}

const env = getEnv();
const url = new URL(env.PRINT_PROVIDER_STAND_IN_URL);
const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
const dataFile = path.resolve(env.DATA_DIR, 'print-provider-stand-in.json');

const running = await startStandIn({
  host: bindHost(url.hostname),
  port,
  dataFile,
  webhookUrl: `${env.APP_URL}/webhooks/print-provider?token=${encodeURIComponent(env.PRINT_PROVIDER_WEBHOOK_SECRET)}`,
  stepSeconds: env.PRINT_PROVIDER_STAND_IN_STEP_SECONDS,
  log: { info: (m) => logger.info(m), warn: (m) => logger.warn(m) },
});
logger.info(
  `print provider stand-in on ${env.PRINT_PROVIDER_STAND_IN_URL} (Gelato API v4 at /v4, control at /control), ` +
    `webhooks to ${env.APP_URL}/webhooks/print-provider, ` +
    (env.PRINT_PROVIDER_STAND_IN_STEP_SECONDS > 0
      ? `a step every ${env.PRINT_PROVIDER_STAND_IN_STEP_SECONDS} s`
      : 'steps only when asked') +
    `, state in ${dataFile}`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void running.close().then(() => process.exit(0));
  });
}
