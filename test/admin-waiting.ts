// Reading the "Waiting" section of /admin (app/routes/admin._index.tsx) in tests.
import assert from 'node:assert/strict';

/** The number in a "Waiting" heading, e.g. heading `Emails in the outbox` → N of "Emails in the outbox (N)". */
export function waitingCount(html: string, heading: string): number {
  const match = new RegExp(`${heading} \\((\\d+)\\)`).exec(html);
  assert.ok(match, `/admin has the heading "${heading} (N)"`);
  return Number(match[1]);
}

/** The HTML of one waiting list or table (its data-testid: waiting-emails, waiting-sessions, waiting-renders, waiting-refunds); '' when empty. */
export function waitingList(html: string, testId: string): string {
  return new RegExp(`<(table|ul)[^>]*data-testid="${testId}"[\\s\\S]*?</\\1>`).exec(html)?.[0] ?? '';
}
