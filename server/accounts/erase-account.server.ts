// Deleting an account (GDPR art. 17), as the steps of the delete-account-<userId> workflow. Each step is safe to
// run again: the account_deletions row holds the address until the last step, so every step finds the same data.
// What stays: the user row (orders point at it) with nothing personal, and each order's accounting record
// (number, items, amounts, currency, country, dates). See docs/decisions/051-account-deletion.md.
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { createElement } from 'react';
import { anonymisedAddress, deletedAccountEmail, deletionRefusal } from '#core/account-deletion.ts';
import { AccountDeletion, type AccountDeletionSummary } from '#db/entities/account-deletion.ts';
import { LoginToken, Session } from '#db/entities/auth.ts';
import { CampaignRun, EmailSuppression } from '#db/entities/campaign.ts';
import { Cart, CartItem } from '#db/entities/cart.ts';
import { Email } from '#db/entities/email.ts';
import { LocalCheckoutSession } from '#db/entities/local-checkout-session.ts';
import { Order } from '#db/entities/order.ts';
import { PromoRedemption } from '#db/entities/promo-code.ts';
import { User } from '#db/entities/user.ts';
import AccountDeleted, { accountDeletedSubject } from '#emails/account-deleted.tsx';
import type { DbDeps } from '#server/deps.server.ts';
import { deliverEmail, type EmailDeps } from '#server/emails/outbox.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { ownedBy } from './account.server.ts';

export interface AccountDeletionRequest {
  userId: number;
  requestedBy: 'customer' | 'admin';
  /** For a request an admin ran: who, and the reason they gave (e.g. "asked by email on 3 Dec"). */
  adminEmail?: string | null;
  reason?: string | null;
}

export type BeginDeletionResult =
  { state: 'deleting'; campaignWorkflowIds: string[] } | { state: 'already_deleted' } | { state: 'refused'; reason: string };

const DELETED_REASON = 'This account was deleted at its owner’s request.';

/**
 * First step: re-checks that the account may go — a customer's, with no order holding it back (the page checked too,
 * but an order may have started since) — records the request with the address, and locks the account (signed out everywhere, no sign-in links).
 * Returns the campaign workflows still running for the customer, for the workflow to stop.
 */
export async function beginAccountDeletion(
  { orm }: Pick<DbDeps, 'orm'>,
  input: AccountDeletionRequest & { workflowId: string },
): Promise<BeginDeletionResult> {
  return orm.em.fork().transactional(async (tx) => {
    const user = await tx.findOne(User, input.userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!user) throw new PermanentError(`no account ${input.userId}`, 'NoSuchAccount');
    if (user.deletedAt) return { state: 'already_deleted' } as const;
    let deletion = await tx.findOne(AccountDeletion, { userId: user.id });
    if (!deletion) {
      const refusal = deletionRefusal(user.role, await tx.find(Order, ownedBy(user)));
      if (refusal) return { state: 'refused', reason: refusal } as const;
      deletion = new AccountDeletion({ userId: user.id, requestedBy: input.requestedBy, workflowId: input.workflowId, email: user.email });
      deletion.adminEmail = input.adminEmail ?? null;
      deletion.reason = input.reason ?? null;
      tx.persist(deletion);
    }
    user.blocked = true;
    user.blockedReason = DELETED_REASON;
    user.blockedAt ??= new Date();
    user.marketingEmails = false;
    user.campaignEmails = false;
    await tx.flush();
    await tx.nativeUpdate(Session, { user: user.id, revokedAt: null }, { revokedAt: new Date() });
    await tx.nativeDelete(LoginToken, { email: user.email, usedAt: null });
    const running = await tx.find(CampaignRun, { userId: user.id, status: 'running' });
    return { state: 'deleting', campaignWorkflowIds: [...new Set(running.map((r) => r.workflowId))].sort() } as const;
  });
}

async function deletionInProgress(em: EntityManager, userId: number): Promise<AccountDeletion & { email: string }> {
  const deletion = await em.findOne(AccountDeletion, { userId });
  if (!deletion) throw new PermanentError(`account ${userId} has no deletion request`, 'NoDeletionRequest');
  if (!deletion.email) throw new PermanentError(`account ${userId}'s deletion has finished`, 'DeletionFinished');
  return deletion as AccountDeletion & { email: string };
}

/** The orders the deletion covers: the account's, and guest orders placed with its address. */
export async function ordersOfDeletion(em: EntityManager, userId: number): Promise<Order[]> {
  const deletion = await deletionInProgress(em, userId);
  return em.find(Order, ownedBy({ id: userId, email: deletion.email }), { populate: ['items', 'events'] });
}

/** The address, replaced everywhere a message text holds it. */
function scrub(text: string, email: string): string {
  const at = text.toLowerCase().indexOf(email);
  return at < 0 ? text : scrub(text.slice(0, at) + '[deleted]' + text.slice(at + email.length), email);
}

/**
 * The erasure itself, in one transaction: personal fields blanked on the account, its orders, carts, campaign runs
 * and sent emails; sessions, sign-in links and the address's suppression deleted; the webhook payloads that name
 * the person redacted. Running it again changes nothing more and reports the same counts.
 */
export async function eraseAccount({ orm }: Pick<DbDeps, 'orm'>, { userId }: { userId: number }): Promise<AccountDeletionSummary> {
  return orm.em.fork().transactional(async (tx) => {
    const deletion = await deletionInProgress(tx, userId);
    const email = deletion.email;
    const placeholder = deletedAccountEmail(userId);
    const user = await tx.findOneOrFail(User, userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // Erased already (a retry after the answer was lost): the counts of that pass.
    if (user.deletedAt && deletion.summary) return deletion.summary;
    const orders = await tx.find(Order, ownedBy({ id: userId, email }), { populate: ['items', 'events'] });
    const orderNumbers = orders.map((o) => o.orderNumber);

    for (const order of orders) {
      order.customer = user;
      order.email = null;
      order.shippingAddress = anonymisedAddress(order.shippingAddress);
      order.stripeCustomerId = null;
      order.checkoutUrl = null;
      for (const item of order.items) item.personalisation = null;
      for (const event of order.events) event.message = scrub(event.message, email);
    }
    user.email = placeholder;
    user.name = null;
    user.marketingEmails = false;
    user.campaignEmails = false;
    user.blocked = true;
    user.blockedReason = DELETED_REASON;
    user.deletedAt ??= new Date();
    await tx.flush();

    const emails = await tx.nativeUpdate(
      Email,
      { to: email },
      { to: placeholder, html: '', text: '[deleted with the account]', headers: null, error: null },
    );
    const sessions = await tx.nativeDelete(Session, { user: userId });
    const signInLinks = await tx.nativeDelete(LoginToken, { email });
    const suppressions = await tx.nativeDelete(EmailSuppression, { email });
    const campaignRuns = await tx.nativeUpdate(CampaignRun, { userId, email: { $ne: placeholder } }, { email: placeholder, context: null });
    const carts = await tx.find(Cart, { $or: [{ user: userId }, { email }] });
    if (carts.length > 0) {
      await tx.nativeDelete(CartItem, { cart: { $in: carts.map((c) => c.id) } });
      await tx.nativeUpdate(Cart, { id: { $in: carts.map((c) => c.id) } }, { email: null });
    }
    if (orderNumbers.length > 0) {
      await tx.nativeUpdate(LocalCheckoutSession, { orderNumber: { $in: orderNumbers } }, { customerEmail: null });
      await tx.nativeUpdate(PromoRedemption, { orderNumber: { $in: orderNumbers } }, { email: null });
    }
    // Stripe's events carry the customer's email, name and address: the payload of any that names them goes.
    const ofOrders = orderNumbers.length > 0 ? `order_number in (${orderNumbers.map(() => '?').join(', ')})` : 'false';
    const redacted = await tx.execute<{ affectedRows: number }>(
      `update webhook_events set payload = '{"redacted":"account deleted"}'::jsonb, updated_at = now()
        where (${ofOrders} or position(? in lower(payload::text)) > 0) and payload <> '{"redacted":"account deleted"}'::jsonb`,
      [...orderNumbers, email],
      'run',
    );

    const summary: AccountDeletionSummary = {
      orders: orders.length,
      emails,
      sessions,
      signInLinks,
      suppressions,
      campaignRuns,
      carts: carts.length,
      webhookEvents: redacted.affectedRows,
      files: deletion.summary?.files ?? 0,
    };
    deletion.summary = summary;
    await tx.flush();
    return summary;
  });
}

/** Records how many print files the rendering worker deleted (before the erasure, which needs the address). */
export async function recordDeletedFiles({ orm }: Pick<DbDeps, 'orm'>, { userId, files }: { userId: number; files: number }) {
  const em = orm.em.fork();
  const deletion = await deletionInProgress(em, userId);
  deletion.summary = { ...(deletion.summary ?? emptySummary()), files: Math.max(deletion.summary?.files ?? 0, files) };
  await em.flush();
}

const emptySummary = (): AccountDeletionSummary => ({
  orders: 0,
  emails: 0,
  sessions: 0,
  signInLinks: 0,
  suppressions: 0,
  campaignRuns: 0,
  carts: 0,
  webhookEvents: 0,
  files: 0,
});

/** The confirmation, to the address the account had; once (its idempotency key is the account's). */
export async function sendAccountDeletedEmail(deps: EmailDeps, { userId }: { userId: number }): Promise<{ emailId: number }> {
  const em = deps.orm.em.fork();
  const deletion = await deletionInProgress(em, userId);
  const email = await deliverEmail(deps, {
    idempotencyKey: `account-deleted:${userId}`,
    template: 'account-deleted',
    to: deletion.email,
    subject: accountDeletedSubject(),
    element: createElement(AccountDeleted, {
      requestedBy: deletion.requestedBy,
      orders: deletion.summary?.orders ?? 0,
      shopUrl: deps.env.APP_URL,
    }),
  });
  return { emailId: email.id };
}

/** Last step: the request is done, and the address it held for the steps before is dropped. */
export async function finishAccountDeletion({ orm }: Pick<DbDeps, 'orm'>, { userId }: { userId: number }): Promise<void> {
  const em = orm.em.fork();
  const deletion = await em.findOne(AccountDeletion, { userId });
  if (!deletion || deletion.status === 'completed') return;
  deletion.status = 'completed';
  deletion.completedAt = new Date();
  deletion.email = null;
  await em.flush();
}
