// The print provider part of fulfillment-<orderNumber>: its messages and what its query answers.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProviderAddress, ProviderStatus } from '#core/print-provider.ts';

/** A provider webhook about this order arrived (recorded by event id): only a hint — the workflow reads the order back. */
export const printOrderHintSignal = defineSignal<[{ eventId: string }]>('printOrderHint');

export interface ResubmitPrints {
  address: ProviderAddress;
  reason: string;
  /** The admin's email, for the timeline. */
  by: string | null;
}

/** The admin's "correct the address and resubmit" after the provider refused or failed the order. */
export const resubmitPrintsUpdate = defineUpdate<{ attempt: number }, [ResubmitPrints]>('resubmitPrints');

export type PrintPartState = 'making_files' | 'submitting' | 'at_provider' | 'shipped' | 'needs_attention' | 'delivered' | 'cancelled';

export interface PrintPartStatus {
  state: PrintPartState;
  attempt: number;
  reference: string | null;
  status: ProviderStatus | null;
  failureReason: string | null;
}

export const printPartQuery = defineQuery<PrintPartStatus>('printPart');

/** How the provider's part ended: delivered as the provider says, assumed delivered after the wait, or cancelled. */
export type PrintPartOutcome = 'delivered' | 'assumed' | 'cancelled';
