import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { noTestFiles, nodeTestResult, playwrightResult } from './suite-results.ts';

/** The summary block node 20's TAP reporter ends a run with. */
const tapSummary = (n: { pass: number; fail: number; cancelled?: number; skipped?: number; todo?: number }) =>
  [
    'TAP version 13',
    '# Subtest: core/money.test.ts',
    'ok 1 - core/money.test.ts',
    `1..${n.pass + n.fail}`,
    `# tests ${n.pass + n.fail + (n.skipped ?? 0)}`,
    '# suites 0',
    `# pass ${n.pass}`,
    `# fail ${n.fail}`,
    `# cancelled ${n.cancelled ?? 0}`,
    `# skipped ${n.skipped ?? 0}`,
    `# todo ${n.todo ?? 0}`,
    '# duration_ms 530.2',
    '',
  ].join('\n');

describe('a suite that proves nothing fails', () => {
  test('no test files found', () => {
    const r = noTestFiles('unit', ['core', 'scripts']);
    assert.equal(r.failed, 1);
    assert.equal(r.passed, 0);
    assert.equal(r.note, 'no test files found in core, scripts');
  });

  test('node --test left no TAP report, whatever its exit code', () => {
    for (const code of [0, 1]) {
      const r = nodeTestResult('integration', code, null, 3);
      assert.equal(r.failed, 1, `exit ${code}`);
      assert.equal(r.passed, 0);
      assert.equal(r.note, `node --test exited with ${code} and left no TAP report`);
    }
  });

  test('a TAP report without a summary, or one that counts no test', () => {
    const cut = nodeTestResult('unit', 0, 'TAP version 13\n# Subtest: core/money.test.ts\n', 1);
    assert.equal(cut.failed, 1);
    assert.match(cut.note ?? '', /has no summary/);
    const none = nodeTestResult('unit', 0, tapSummary({ pass: 0, fail: 0 }), 1);
    assert.equal(none.failed, 1);
    assert.match(none.note ?? '', /counts no test/);
  });

  test('Playwright left no report, an unreadable one, or one that counts no test', () => {
    assert.match(playwrightResult(0, null, 1).note ?? '', /left no JSON report/);
    assert.equal(playwrightResult(0, null, 1).failed, 1);
    assert.equal(playwrightResult(0, '{"stats": ', 1).failed, 1);
    assert.equal(playwrightResult(0, '{}', 1).failed, 1);
    const none = playwrightResult(0, JSON.stringify({ stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 } }), 1);
    assert.equal(none.failed, 1);
    assert.match(none.note ?? '', /counts no test/);
  });
});

describe('a suite that ran is counted from its report', () => {
  test("node:test's last summary block", () => {
    const earlier = tapSummary({ pass: 1, fail: 5 });
    const r = nodeTestResult('unit', 1, earlier + tapSummary({ pass: 7, fail: 1, cancelled: 1, skipped: 2, todo: 1 }), 4);
    assert.deepEqual(r, { suite: 'unit', passed: 7, failed: 2, skipped: 3, seconds: 4, note: undefined });
  });

  test('all passing with exit code 0 passes', () => {
    const r = nodeTestResult('unit', 0, tapSummary({ pass: 12, fail: 0 }), 2);
    assert.deepEqual(r, { suite: 'unit', passed: 12, failed: 0, skipped: 0, seconds: 2, note: undefined });
  });

  test('a non-zero exit with no failed test (a hook that threw) is one failure', () => {
    const r = nodeTestResult('integration', 1, tapSummary({ pass: 3, fail: 0 }), 2);
    assert.equal(r.passed, 3);
    assert.equal(r.failed, 1);
    assert.equal(r.note, 'node --test exited with 1 outside any test');
  });

  test("Playwright's stats: flaky counts as failed; a non-zero exit without a failed test is one failure", () => {
    const report = (stats: object, errors: object[] = []) => JSON.stringify({ stats, errors });
    assert.deepEqual(playwrightResult(0, report({ expected: 9, unexpected: 0, flaky: 0, skipped: 1 }), 5), {
      suite: 'e2e',
      passed: 9,
      failed: 0,
      skipped: 1,
      seconds: 5,
      note: undefined,
    });
    assert.equal(playwrightResult(1, report({ expected: 8, unexpected: 0, flaky: 1, skipped: 0 }), 5).failed, 1);
    const setupFailed = playwrightResult(1, report({ expected: 2, unexpected: 0, flaky: 0, skipped: 0 }, [{ message: 'global setup' }]), 5);
    assert.equal(setupFailed.failed, 1);
    assert.equal(setupFailed.note, '1 error(s) outside tests (global setup?)');
  });
});
