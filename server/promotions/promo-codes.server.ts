// Admin promo codes: the shop's record in PostgreSQL; every creation or change then goes through the
// syncPromoCode workflow (promo-code-<id>-v<version>), which mirrors it to Stripe.
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { describeDiscount, promoStatus } from '#core/promotions.ts';
import type { PromoCodeChange } from '#core/schemas/admin-promo-code.ts';
import type { PromoCodeInput } from '#core/schemas/promo-code.ts';
import { PromoCode, rulesOf } from '#db/entities/promo-code.ts';
import type { syncPromoCode } from '#workflows/promo-code.ts';
import { promoCodeWorkflowId } from '#workflows/messages.ts';
import { TASK_QUEUES } from '#workflows/messages.ts';
import { getEnv } from '#server/env.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { logger } from '#server/log.server.ts';

export const PROMO_PAGE_SIZE = 25;

function view(p: PromoCode, now: Date) {
  return {
    id: p.id,
    code: p.code,
    kind: p.kind,
    value: describeDiscount(p),
    percentOff: p.percentOff,
    amountOff: p.amountOff,
    currency: p.currency,
    timesRedeemed: p.timesRedeemed,
    maxRedemptions: p.maxRedemptions,
    maxPerCustomer: p.maxPerCustomer,
    startsAt: p.startsAt?.toISOString() ?? null,
    endsAt: p.endsAt?.toISOString() ?? null,
    minimumAmount: p.minimumAmount,
    description: p.description,
    active: p.active,
    deleted: p.deletedAt != null,
    status: promoStatus({ ...rulesOf(p), timesRedeemed: p.timesRedeemed }, now),
    source: p.source,
    createdAt: p.createdAt.toISOString(),
    createdBy: p.createdBy,
    stripeCouponId: p.stripeCouponId,
    stripePromotionCodeId: p.stripePromotionCodeId,
    synced: p.syncedVersion >= p.version,
    syncError: p.syncError,
    version: p.version,
  };
}
export type PromoCodeView = ReturnType<typeof view>;

export async function listPromoCodes(em: EntityManager, opts: { page: number; showDeleted: boolean }) {
  const where = opts.showDeleted ? {} : { deletedAt: null };
  const [rows, total] = await em.findAndCount(PromoCode, where, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit: PROMO_PAGE_SIZE,
    offset: (opts.page - 1) * PROMO_PAGE_SIZE,
  });
  const now = new Date();
  return { codes: rows.map((p) => view(p, now)), total, pages: Math.max(1, Math.ceil(total / PROMO_PAGE_SIZE)) };
}

/** Hands the code's current version to its sync workflow; false when Temporal did not answer (the record is kept). */
export async function startPromoSync(promo: Pick<PromoCode, 'id' | 'code' | 'version'>): Promise<boolean> {
  try {
    await getTemporalClient().workflow.start<typeof syncPromoCode>('syncPromoCode', {
      workflowId: promoCodeWorkflowId(promo.id, promo.version),
      taskQueue: TASK_QUEUES.commerce,
      args: [{ promoCodeId: promo.id, code: promo.code }],
      // A double-submitted form (or "sync again") reaches the same workflow.
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `Sync promo code ${promo.code} (v${promo.version}) to Stripe`,
    });
    return true;
  } catch (err) {
    if (err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError') return true;
    logger.error({ err, promoCodeId: promo.id }, `promo code ${promo.code}: the sync workflow could not be started`);
    return false;
  }
}

export type CreatePromoResult = { ok: true; id: number; synced: boolean } | { ok: false; field: string; message: string };

export async function createPromoCode(em: EntityManager, input: PromoCodeInput, adminEmail: string): Promise<CreatePromoResult> {
  if (input.endsAt && input.endsAt <= new Date()) return { ok: false, field: 'endsOn', message: 'The end date is in the past' };
  if (input.kind === 'fixed' && input.amountOff != null && input.amountOff > 1_000_000_00)
    return { ok: false, field: 'amountOff', message: 'That amount is too large' };
  const promo = new PromoCode({ code: input.code, kind: input.kind });
  promo.percentOff = input.percentOff;
  promo.amountOff = input.amountOff;
  promo.currency = input.currency;
  promo.maxRedemptions = input.maxRedemptions;
  promo.maxPerCustomer = input.maxPerCustomer;
  promo.startsAt = input.startsAt;
  promo.endsAt = input.endsAt;
  promo.minimumAmount = input.minimumAmount;
  promo.minimumCurrency = input.minimumAmount != null ? getEnv().SHOP_CURRENCY : null;
  promo.description = input.description;
  promo.createdBy = adminEmail;
  try {
    await em.persistAndFlush(promo);
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      em.clear();
      return { ok: false, field: 'code', message: `${input.code} already exists (a code is never reused, even after it is deleted)` };
    }
    throw err;
  }
  return { ok: true, id: promo.id, synced: await startPromoSync(promo) };
}

export async function loadPromoCodeOr404(em: EntityManager, id: string | undefined): Promise<PromoCode> {
  const n = Number(id);
  const promo = Number.isInteger(n) && n > 0 && n < 2 ** 31 ? await em.findOne(PromoCode, { id: n }) : null;
  if (!promo) throw new Response('No such promo code', { status: 404 });
  return promo;
}

/** Activate, deactivate, delete (soft) or re-sync: a new version for the sync workflow. */
export async function changePromoCode(
  em: EntityManager,
  promo: PromoCode,
  change: PromoCodeChange,
): Promise<{ ok: boolean; message: string }> {
  if (promo.deletedAt && change !== 'sync') return { ok: false, message: 'This code is deleted; it is kept only for its history.' };
  if (change === 'activate') promo.active = true;
  if (change === 'deactivate') promo.active = false;
  if (change === 'delete') {
    promo.active = false;
    promo.deletedAt = new Date();
  }
  if (change !== 'sync') promo.version += 1;
  await em.flush();
  const started = await startPromoSync(promo);
  const done = {
    activate: 'Activated',
    deactivate: 'Deactivated',
    delete: 'Deleted (its orders and history are kept)',
    sync: 'Sync started',
  }[change];
  return started
    ? { ok: true, message: `${done}.` }
    : {
        ok: false,
        message: `${done} in the shop, but Temporal did not answer: Stripe is not updated yet. Use “Sync with Stripe” in a moment.`,
      };
}

/** The code's page: its record and the orders that used it, with revenue and discount given. */
export async function promoCodeUsage(em: EntityManager, promo: PromoCode) {
  const rows = await em.getConnection().execute<
    Array<{
      order_number: string;
      created_at: Date;
      discount: number;
      email: string | null;
      status: string | null;
      total: number | null;
      refunded: number | null;
      currency: string;
    }>
  >(
    `select r.order_number, r.created_at, r.discount, r.email, r.currency, o.status, o.total, o.refunded
       from promo_redemptions r left join orders o on o.order_number = r.order_number
      where r.promo_code_id = ? order by r.id desc limit 500`,
    [promo.id],
  );
  const orders = rows.map((r) => ({
    orderNumber: r.order_number,
    at: new Date(r.created_at).toISOString(),
    email: r.email,
    status: r.status ?? 'unknown',
    total: r.total ?? 0,
    refunded: r.refunded ?? 0,
    discount: r.discount,
    currency: r.currency,
  }));
  return {
    promo: view(promo, new Date()),
    orders,
    revenue: orders.reduce((sum, o) => sum + o.total - o.refunded, 0),
    discountGiven: orders.reduce((sum, o) => sum + o.discount, 0),
    currency: getEnv().SHOP_CURRENCY,
  };
}
