// Runs a command to completion and returns what it printed; the error carries its stderr.

import { execFile } from 'node:child_process';
import path from 'node:path';

/** stdout of `cmd args`; rejects with "cmd arg1 arg2 arg3: <stderr>" on failure or after `timeoutMs`. */
export function execText(cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(cmd)} ${args.slice(0, 3).join(' ')}: ${(stderr || error.message).trim()}`));
      else resolve(stdout);
    });
  });
}
