// How long an activity may take and how it is retried: one policy per kind of side effect, so every
// workflow treats the same integration the same way. Retrying never gives up unless a policy says how
// many attempts (a failure that retrying cannot fix is a non-retryable failure and stops at once).
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/** The shop's own short database steps: quick retries for a minute, then once a minute until PostgreSQL is back. */
export const DATABASE = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const satisfies ActivityOptions & LocalActivityOptions;

/** Stripe calls (idempotency keys make a retry safe): Stripe may be away for a while. */
export const STRIPE = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes' },
} as const satisfies ActivityOptions;

/**
 * The print provider's API (a reference per submission makes a retry safe): it may be away for a while. A step makes at
 * most two requests (a submit first searches by its reference), each given up after 15 s (server/print-provider/
 * gelato.server.ts), so 40 s covers a slow but working step, and a worker that died mid-step is noticed that soon.
 */
export const PRINT_PROVIDER = {
  startToCloseTimeout: '40 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const satisfies ActivityOptions;

/** Sending an email through the outbox and the provider, which can be away for hours. */
export const EMAIL = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} as const satisfies ActivityOptions;

/** Joining campaigns after a purchase: marketing never holds up an order, so it gives up after a few tries. */
export const MARKETING = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
} as const satisfies ActivityOptions & LocalActivityOptions;

/** A batch of cart upkeep (many carts in one transaction): a longer limit, and a schedule that runs it again anyway. */
export const UPKEEP_BATCH = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
} as const satisfies ActivityOptions;

/** A policy that stops after `attempts` tries (an email that has failed for days is one for a person to look at). */
export function withMaximumAttempts<T extends { retry: object }>(options: T, attempts: number): T {
  return { ...options, retry: { ...options.retry, maximumAttempts: attempts } };
}

/** Rendering an item's print files: heartbeats notice a dead worker; an invalid design is never retried. */
export function rendering(input: {
  heartbeatTimeoutSeconds?: number;
  retryIntervalSeconds?: number;
  maxAttempts?: number;
}): ActivityOptions {
  return {
    // A 50×70 cm print takes seconds; the limit leaves room for a busy machine, the heartbeat notices a dead worker.
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: `${input.heartbeatTimeoutSeconds ?? 20} seconds`,
    retry: {
      initialInterval: `${input.retryIntervalSeconds ?? 5} seconds`,
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts: input.maxAttempts ?? 4,
      nonRetryableErrorTypes: ['InvalidDesign'],
    },
  };
}
