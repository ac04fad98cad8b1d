// Structured logs for the web server and the workers, on pino: one JSON object per line with
// NODE_ENV=production (for a log shipper), a short readable line otherwise (pino-pretty). LOG_LEVEL filters.
// Every line written while a request or an activity runs carries that request's or activity's fields
// (requestId, orderNumber, workflowId…): withLogContext puts them in an AsyncLocalStorage that pino's
// mixin reads, so code deep in server/ logs with the plain `logger` and still says what it was doing.
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface LoggerOptions {
  format?: 'json' | 'pretty';
  level?: LogLevel;
  /** Where lines go (tests capture them); default stdout. */
  destination?: DestinationStream;
}

const context = new AsyncLocalStorage<LogFields>();

/** Runs `fn` with `fields` added to every log line written inside it (nested contexts add to the outer one). */
export function withLogContext<T>(fields: LogFields, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

function levelFrom(value: string | undefined): LogLevel {
  const v = value?.trim().toLowerCase();
  return v === 'debug' || v === 'info' || v === 'warn' || v === 'error' ? v : 'info';
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? (process.env.NODE_ENV === 'production' ? 'json' : 'pretty');
  const destination =
    format === 'pretty'
      ? pretty({
          destination: options.destination ?? 1,
          colorize: !options.destination && process.stdout.isTTY && !process.env.NO_COLOR,
          translateTime: 'HH:MM:ss.l',
          ignore: 'pid,hostname',
          singleLine: true,
          sync: true,
        })
      : (options.destination ?? pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: options.level ?? levelFrom(process.env.LOG_LEVEL),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The Temporal SDK passes errors as `error`, pino's convention is `err`: both keep message and stack.
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      mixin: () => context.getStore() ?? {},
    },
    destination,
  );
}

/** The process-wide logger (format and level from NODE_ENV and LOG_LEVEL at start-up). */
export const logger: Logger = createLogger();
