// Structured logs for the web server and the workers: one JSON object per line with
// NODE_ENV=production (for a log shipper), a short readable line otherwise. LOG_LEVEL filters.
import { inspect } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  format?: 'json' | 'pretty';
  level?: LogLevel;
  /** Where a finished line goes (tests capture it); default stdout, stderr for warn and error. */
  write?: (line: string, level: LogLevel) => void;
}

function levelFrom(value: string | undefined): LogLevel {
  const v = value?.trim().toLowerCase();
  return v === 'debug' || v === 'info' || v === 'warn' || v === 'error' ? v : 'info';
}

/** Errors keep their message and stack; bigints become strings; anything circular is inspected. */
function toJsonValue(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack, ...(value.cause ? { cause: String(value.cause) } : {}) };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function formatJson(time: Date, level: LogLevel, msg: string, fields: LogFields): string {
  const record = { time: time.toISOString(), level, msg, ...fields };
  try {
    return JSON.stringify(record, toJsonValue);
  } catch {
    return JSON.stringify({ time: record.time, level, msg, fields: inspect(fields, { depth: 4, breakLength: Infinity }) });
  }
}

function formatPretty(time: Date, level: LogLevel, msg: string, fields: LogFields): string {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? (/\s/.test(v) ? JSON.stringify(v) : v) : inspect(v, { depth: 3, breakLength: Infinity })}`);
  return `${time.toISOString().slice(11, 23)} ${level.toUpperCase().padEnd(5)} ${msg}${parts.length ? ` ${parts.join(' ')}` : ''}`;
}

const defaultWrite = (line: string, level: LogLevel) => (RANK[level] >= RANK.warn ? process.stderr : process.stdout).write(`${line}\n`);

export function createLogger(options: LoggerOptions = {}, base: LogFields = {}): Logger {
  const format = options.format ?? (process.env.NODE_ENV === 'production' ? 'json' : 'pretty');
  const min = RANK[options.level ?? levelFrom(process.env.LOG_LEVEL)];
  const write = options.write ?? defaultWrite;
  const log = (level: LogLevel, msg: string, fields: LogFields = {}) => {
    if (RANK[level] < min) return;
    const all = { ...base, ...fields };
    write(format === 'json' ? formatJson(new Date(), level, msg, all) : formatPretty(new Date(), level, msg, all), level);
  };
  return {
    log,
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}

/** The process-wide logger (format and level from NODE_ENV and LOG_LEVEL at start-up). */
export const logger: Logger = createLogger();
