// Activities are server operations called with the worker's clients; this is the only translation between
// the two: a PermanentError (retrying cannot fix it) becomes a non-retryable ApplicationFailure of the same
// type, and anything else is thrown as it is, for Temporal to retry under the workflow's policy.
import { ApplicationFailure } from '@temporalio/activity';
import { PermanentError } from '#server/errors.server.ts';

/** Runs one server operation as (part of) an activity. */
export async function asActivity<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof PermanentError) throw ApplicationFailure.nonRetryable(err.message, err.type);
    throw err;
  }
}

type Operation<Deps> = (deps: Deps, input: never) => Promise<unknown>;
type Activity<Op> = Op extends (deps: never, input: infer Input) => Promise<infer Output> ? (input: Input) => Promise<Output> : never;

/** Server operations `(deps, input) => result` as activities `(input) => result`, sharing the worker's deps. */
export function activitiesOf<Deps, Ops extends Record<string, Operation<Deps>>>(
  deps: Deps,
  operations: Ops,
): { [K in keyof Ops]: Activity<Ops[K]> } {
  return Object.fromEntries(
    Object.entries(operations).map(([name, operation]) => [name, (input: never) => asActivity(() => operation(deps, input))]),
  ) as { [K in keyof Ops]: Activity<Ops[K]> };
}
