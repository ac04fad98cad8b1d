// The print provider's activities as the fulfillment workflow sees them (imported as types only).
import type { ProviderAddress } from '#core/print-provider.ts';
import type { FulfilmentPlan, PrintOrderState } from '#server/print-provider/provider-orders.server.ts';

export type { FulfilmentPlan, PrintOrderState };

/** On the `commerce` queue. */
export interface PrintProviderActivities {
  /** Which lines the provider makes, whether others ship by hand, how long to wait for a webhook. */
  planFulfilment(input: { orderNumber: string }): Promise<FulfilmentPlan>;
  /** Submits the provider lines once per attempt; a refusal comes back as `failed`, the provider away is retried. */
  submitPrintOrder(input: { orderNumber: string; attempt: number; address: ProviderAddress | null }): Promise<PrintOrderState>;
  /** Reads the order back from the provider and records what is new. */
  refreshPrintOrder(input: { rowId: number }): Promise<PrintOrderState>;
  /** Cancels at the provider while nothing is printed; `refused` says why not. */
  cancelPrintOrder(input: { rowId: number; reason: string }): Promise<PrintOrderState & { refused: string | null }>;
}

/** On the `rendering` queue (the worker that holds the storage and the renderer). */
export interface PrintFileActivities {
  preparePrintFile(input: { orderNumber: string; itemId: number }): Promise<{ key: string; size: number }>;
}
