// Writing CSV for spreadsheets (the admin's exports): one cell, quoted when it must be, and never read as a formula.

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
 * gets a leading apostrophe, so it is shown as text; a cell with a quote, a comma or a line break is quoted.
 */
export function csvCell(v: unknown): string {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (without its line break). */
export const csvLine = (cells: readonly unknown[]): string => cells.map(csvCell).join(',');

/** What csvCell added to keep a cell from being a formula, taken off again (for a file the shop wrote being read back). */
export function unguardCell(s: string): string {
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}
