// Where the project's external command-line tools live.
//
// Plain Node ESM without npm dependencies: `scripts/setup.mjs` imports it before
// node_modules exist. The TypeScript scripts (start, test, bench) import it too.
//
// A tool is looked up, in this order, on PATH, in the project-local `.tools/bin`
// (where `npm run setup` installs with GOBIN), in `$GOBIN` and in `$(go env GOPATH)/bin`.

import { accessSync, constants, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Project-local folder for Go-installed tools (gitignored). */
export const TOOLS_BIN = path.join(ROOT, '.tools', 'bin');

/** @param {string} file */
function isExecutableFile(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @param {string} name @param {string[]} dirs @returns {string | null} */
function searchDirs(name, dirs) {
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.resolve(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** @returns {string[]} */
function pathDirs() {
  return (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
}

/**
 * The `go` binary (PATH, then the usual install location /usr/local/go/bin), or null.
 * @returns {string | null}
 */
export function findGo() {
  return searchDirs('go', [
    ...pathDirs(),
    '/usr/local/go/bin',
    path.join(homedir(), 'go', 'bin'),
    path.join(homedir(), '.local', 'go', 'bin'),
  ]);
}

/** @type {string | undefined} */
let goBinDirCache;

/**
 * `$(go env GOPATH)/bin` (first GOPATH entry), falling back to `$GOPATH/bin` or `~/go/bin`
 * when Go is not installed. Computed once.
 * @returns {string}
 */
export function goPathBin() {
  if (goBinDirCache) return goBinDirCache;
  let gopath = process.env.GOPATH ?? '';
  if (!gopath) {
    const go = findGo();
    if (go) {
      const result = spawnSync(go, ['env', 'GOPATH'], { encoding: 'utf8', timeout: 10_000 });
      if (result.status === 0) gopath = result.stdout.trim();
    }
  }
  const first = gopath.split(path.delimiter).find(Boolean) ?? path.join(homedir(), 'go');
  goBinDirCache = path.join(first, 'bin');
  return goBinDirCache;
}

/**
 * Absolute path of an external tool (`temporal`, `stripe-mock`, ...) or null when it is not
 * installed. Looks on PATH, in `.tools/bin`, in `$GOBIN` and in `$(go env GOPATH)/bin`.
 * @param {string} name
 * @returns {string | null}
 */
export function findTool(name) {
  const cheap = searchDirs(name, [...pathDirs(), TOOLS_BIN, process.env.GOBIN ?? '', path.join(homedir(), 'go', 'bin')]);
  if (cheap) return cheap;
  return searchDirs(name, [goPathBin()]);
}

/**
 * A Chromium (or Chrome) executable for browser tests, or null. `CHROMIUM_PATH` wins when set.
 * @returns {string | null}
 */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && isExecutableFile(fromEnv)) return path.resolve(fromEnv);
  for (const file of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']) {
    if (isExecutableFile(file)) return file;
  }
  return searchDirs('chromium', pathDirs()) ?? searchDirs('chromium-browser', pathDirs());
}
