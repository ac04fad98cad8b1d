// What a test suite's run amounts to, from its runner's exit code and the report it left (pure: the
// runner in scripts/test.ts reads the files and passes their text). A suite that found no test files,
// whose runner left no report, or whose report counts no test has not shown that anything works: each
// is a failure with a note saying which, never a quiet "0 passed, 0 failed".

export type SuiteName = 'lint' | 'types' | 'build' | 'unit' | 'integration' | 'faults' | 'e2e';

export interface Result {
  suite: SuiteName;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  note?: string;
}

/** A suite whose folders hold no test file. */
export function noTestFiles(suite: SuiteName, where: string[]): Result {
  return { suite, passed: 0, failed: 1, skipped: 0, seconds: 0, note: `no test files found in ${where.join(', ')}` };
}

/**
 * node:test's run: the counts of the TAP report's last summary block ("# pass N", "# fail N",
 * "# cancelled N", "# skipped N", "# todo N"); `tap` is null when the runner wrote no report.
 */
export function nodeTestResult(suite: SuiteName, exitCode: number, tap: string | null, seconds: number): Result {
  if (tap === null)
    return { suite, passed: 0, failed: 1, skipped: 0, seconds, note: `node --test exited with ${exitCode} and left no TAP report` };
  const count = (key: string) => {
    const matches = [...tap.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))];
    return matches.length ? Number(matches.at(-1)![1]) : null;
  };
  const pass = count('pass');
  if (pass === null)
    return {
      suite,
      passed: 0,
      failed: 1,
      skipped: 0,
      seconds,
      note: `node --test exited with ${exitCode} and its TAP report has no summary`,
    };
  const passed = pass;
  let failed = (count('fail') ?? 0) + (count('cancelled') ?? 0);
  const skipped = (count('skipped') ?? 0) + (count('todo') ?? 0);
  if (passed + failed + skipped === 0)
    return { suite, passed: 0, failed: 1, skipped: 0, seconds, note: `node --test exited with ${exitCode} and its report counts no test` };
  let note: string | undefined;
  if (exitCode !== 0 && failed === 0) {
    // A crash outside any test (a file that does not load, a hook that throws) still fails the run.
    failed = 1;
    note = `node --test exited with ${exitCode} outside any test`;
  }
  return { suite, passed, failed, skipped, seconds, note };
}

interface PlaywrightReport {
  stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
  errors?: Array<{ message?: string }>;
}

/** Playwright's run from its JSON report (`report` is null when it wrote none). */
export function playwrightResult(exitCode: number, report: string | null, seconds: number): Result {
  const failure = (note: string): Result => ({ suite: 'e2e', passed: 0, failed: 1, skipped: 0, seconds, note });
  if (report === null) return failure(`playwright exited with ${exitCode} and left no JSON report`);
  let parsed: PlaywrightReport;
  try {
    parsed = JSON.parse(report) as PlaywrightReport;
  } catch {
    return failure(`playwright exited with ${exitCode} and its JSON report does not parse`);
  }
  const stats = parsed.stats;
  if (!stats) return failure(`playwright exited with ${exitCode} and its JSON report has no stats`);
  const passed = stats.expected ?? 0;
  let failed = (stats.unexpected ?? 0) + (stats.flaky ?? 0);
  const skipped = stats.skipped ?? 0;
  if (passed + failed + skipped === 0) return failure(`playwright exited with ${exitCode} and its report counts no test`);
  let note = parsed.errors?.length ? `${parsed.errors.length} error(s) outside tests (global setup?)` : undefined;
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    note ??= `playwright exited with ${exitCode} outside any test`;
  }
  return { suite: 'e2e', passed, failed, skipped, seconds, note };
}
