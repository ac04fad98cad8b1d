// What the scripts print themselves (as opposed to a child's output) and how durations and errors read
// in those lines. Colour follows FORCE_COLOR / NO_COLOR and whether stdout is a terminal.

import path from 'node:path';
import { ROOT } from '../tools.mjs';

/** A duration for messages: "2.5 s", "42 s". */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

const colorEnabled = (() => {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
})();

/** Wraps `text` in the ANSI SGR `code` (e.g. '1' bold, '31' red) when colour is on. */
export const paint = (code: string, text: string) => (colorEnabled ? `\x1b[${code}m${text}\x1b[0m` : text);

/** Writes one line of our own (not a child's) output. */
export function logInfo(message: string): void {
  process.stdout.write(`${paint('1', 'atelier')} ${message}\n`);
}

/** A path relative to the repository when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(ROOT, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** The message of an Error, or the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The `code` of a Node or PostgreSQL error (ECONNREFUSED, 42P04, …) when it has one. */
export function errorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
