// `npm test`: every check and test suite, ending with the line "N passed, N failed".
//
//   tsx scripts/test.ts [--only lint,types,unit,integration,faults,e2e] [--bail]
//
// Suites, in order (each runs even when an earlier one failed, so one run shows everything):
//   lint         ESLint over the repository                                   (1 check)
//   types        tsc --noEmit                                                   (1 check)
//   build        remix build — needed by integration and e2e                    (1 check)
//   unit         node:test over core/, db/, emails/, worker/, workflows/, app/, scripts/, bench/ tests (Temporal dev server
//                from the CLI for workflow tests, replay tests against recorded histories)
//   integration  node:test over test/*.test.ts: whole stacks (PostgreSQL, Temporal, stripe-mock, web,
//                workers) started per file, run one file at a time
//   faults       test/faults/: workers and the Temporal server killed, PostgreSQL connections killed and
//                the database closed, webhooks repeated and forged, then the books checked (npm run test:faults)
//   e2e          Playwright driving Debian's Chromium against a whole shop in local payment mode
//
// Every test counts once; a check (lint, types, build) counts as one test. Output of each suite goes
// to the terminal; machine-readable results go to .data/test-results/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './tools.mjs';
import { noTestFiles, nodeTestResult, playwrightResult, type Result, type SuiteName } from './lib/suite-results.ts';

const ALL: SuiteName[] = ['lint', 'types', 'build', 'unit', 'integration', 'faults', 'e2e'];
/** Where unit tests live: beside the code they test. */
const UNIT_DIRS = ['core', 'db', 'emails', 'server', 'worker', 'workflows', 'app', 'scripts', 'bench'];

const args = process.argv.slice(2);
const onlyArg = args.find((a) => a.startsWith('--only'));
const onlyValue = onlyArg?.includes('=') ? onlyArg.split('=')[1] : onlyArg ? args[args.indexOf(onlyArg) + 1] : undefined;
const selected = new Set<SuiteName>(onlyValue ? (onlyValue.split(',') as SuiteName[]) : ALL);
// Integration and browser tests need the built app.
if (selected.has('integration') || selected.has('e2e')) selected.add('build');
const bail = args.includes('--bail');

const RESULTS_DIR = path.join(ROOT, '.data', 'test-results');
fs.mkdirSync(RESULTS_DIR, { recursive: true });
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

function banner(text: string) {
  process.stdout.write(`\n\x1b[1m━━ ${text} ${'━'.repeat(Math.max(0, 70 - text.length))}\x1b[0m\n`);
}

/** Runs a command with inherited output; resolves with its exit code. */
function run(cmd: string, argv: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.error(`${cmd}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Test files under the given folders (recursively), sorted. Node 20's --test does not expand globs. */
function findTests(dirs: string[], pattern: RegExp): string[] {
  const found: string[] = [];
  for (const dir of dirs) {
    const abs = path.join(ROOT, dir);
    if (!fs.existsSync(abs)) continue;
    for (const entry of fs.readdirSync(abs, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !pattern.test(entry.name)) continue;
      const file = path.relative(ROOT, path.join(entry.parentPath ?? entry.path, entry.name));
      if (!file.includes('node_modules')) found.push(file);
    }
  }
  return found.sort();
}

/** One or more commands as one suite: each command is a test that passes when it exits 0. */
async function check(suite: SuiteName, ...commands: Array<[cmd: string, argv: string[]]>): Promise<Result> {
  const started = Date.now();
  let passed = 0;
  for (const [cmd, argv] of commands) if ((await run(cmd, argv)) === 0) passed++;
  return { suite, passed, failed: commands.length - passed, skipped: 0, seconds: (Date.now() - started) / 1000 };
}

/** node:test with the spec reporter on the terminal and TAP to a file, whose summary is counted. */
async function nodeTests(suite: SuiteName, dirs: string[], files: string[], concurrency: number): Promise<Result> {
  const started = Date.now();
  if (files.length === 0) return noTestFiles(suite, dirs);
  const tapFile = path.join(RESULTS_DIR, `${suite}.tap`);
  fs.rmSync(tapFile, { force: true });
  const code = await run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ]);
  const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : null;
  return nodeTestResult(suite, code, tap, (Date.now() - started) / 1000);
}

async function e2e(): Promise<Result> {
  const started = Date.now();
  const jsonFile = path.join(RESULTS_DIR, 'e2e.json');
  fs.rmSync(jsonFile, { force: true });
  const code = await run(bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile,
    CI: process.env.CI ?? '1',
  });
  const report = fs.existsSync(jsonFile) ? fs.readFileSync(jsonFile, 'utf8') : null;
  return playwrightResult(code, report, (Date.now() - started) / 1000);
}

async function main() {
  const results: Result[] = [];
  let buildOk = true;
  for (const suite of ALL) {
    if (!selected.has(suite)) continue;
    if (bail && results.some((r) => r.failed > 0)) break;
    banner(suite);
    let result: Result;
    switch (suite) {
      case 'lint':
        result = await check('lint', [bin('eslint'), ['.', '--max-warnings=0']], [bin('prettier'), ['--check', '.', '--log-level=warn']]);
        break;
      case 'types':
        result = await check('types', [bin('tsc'), ['--noEmit']]);
        break;
      case 'build':
        result = await check('build', [bin('remix'), ['build']]);
        buildOk = result.failed === 0;
        break;
      case 'unit':
        result = await nodeTests('unit', UNIT_DIRS, findTests(UNIT_DIRS, /\.test\.tsx?$/), 2);
        break;
      case 'integration':
        result = buildOk
          ? await nodeTests(
              'integration',
              ['test'],
              findTests(['test'], /\.test\.tsx?$/).filter((f) => !f.startsWith(path.join('test', 'faults'))),
              1,
            )
          : { suite, passed: 0, failed: 1, skipped: 0, seconds: 0, note: 'not run: the build failed' };
        break;
      case 'faults':
        result = buildOk
          ? await nodeTests('faults', [path.join('test', 'faults')], findTests([path.join('test', 'faults')], /\.test\.tsx?$/), 1)
          : { suite, passed: 0, failed: 1, skipped: 0, seconds: 0, note: 'not run: the build failed' };
        break;
      case 'e2e':
        result = buildOk ? await e2e() : { suite, passed: 0, failed: 1, skipped: 0, seconds: 0, note: 'not run: the build failed' };
        break;
    }
    results.push(result);
  }

  banner('summary');
  for (const r of results) {
    const mark = r.failed > 0 ? '\x1b[31m✖\x1b[0m' : '\x1b[32m✔\x1b[0m';
    const skipped = r.skipped ? `, ${r.skipped} skipped` : '';
    const note = r.note ? ` — ${r.note}` : '';
    console.log(
      `${mark} ${r.suite.padEnd(12)} ${String(r.passed).padStart(4)} passed, ${r.failed} failed${skipped} (${r.seconds.toFixed(0)} s)${note}`,
    );
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  fs.writeFileSync(path.join(RESULTS_DIR, 'summary.json'), JSON.stringify({ passed, failed, results }, null, 2));
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
