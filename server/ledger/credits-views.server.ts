// What a customer sees of their print credits: what is available, what an order holds until its files are made, and
// every change, newest first. Reads only: a customer who never had a credit has no account, and gets zeros.
import type { EntityManager } from '@mikro-orm/postgresql';
import { emptyHistory, historyPage, type LedgerHistory } from './ledger-history.server.ts';
import { maybeOne } from './ledger.server.ts';

export interface CreditsBalance {
  available: number;
  /** Held by orders until their files are made (spent then, given back if they cannot be). */
  reserved: number;
}

export interface CreditsView {
  balance: CreditsBalance;
  history: LedgerHistory;
}

const creditsAccount = (em: EntityManager, customerId: number) =>
  maybeOne<{ id: number; available: number; reserved: number }>(
    em,
    `select id, available, reserved from ledger_accounts where customer_id = ? and kind = 'credits'`,
    [customerId],
  );

/** The customer's credits (the account overview's line). */
export async function creditsBalance(em: EntityManager, customerId: number): Promise<CreditsBalance> {
  const account = await creditsAccount(em, customerId);
  return { available: account?.available ?? 0, reserved: account?.reserved ?? 0 };
}

/** Balances and one page of the history, read with `tx` (the caller's snapshot). */
export async function creditsView(tx: EntityManager, customerId: number, page: number): Promise<CreditsView> {
  const account = await creditsAccount(tx, customerId);
  if (!account) return { balance: { available: 0, reserved: 0 }, history: emptyHistory(page) };
  return { balance: { available: account.available, reserved: account.reserved }, history: await historyPage(tx, account.id, page) };
}
