// Small pieces of SQL for the plain queries of read-only pages.

/**
 * A timestamptz column as the string Date#toISOString gives for it (UTC, milliseconds cut off as a JS Date cuts them),
 * so a plain query's dates read as an entity's `createdAt.toISOString()` would.
 */
export const isoUtc = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
