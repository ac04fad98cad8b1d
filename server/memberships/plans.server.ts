// Admin membership plans: the shop's record in PostgreSQL; every creation or change then goes through the
// syncMembershipPlan workflow (membership-plan-<id>-v<version>), which mirrors it to Stripe's product and price.
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { planSyncWorkflowId, type PlanStatus } from '#core/memberships.ts';
import type { MembershipPlanInput } from '#core/schemas/membership-plan.ts';
import { MembershipPlan } from '#db/entities/membership.ts';
import type { syncMembershipPlan } from '#workflows/membership-plan.ts';
import { TASK_QUEUES } from '#workflows/messages.ts';
import { getEnv } from '#server/env.server.ts';
import { logger } from '#server/log.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { planView, type MembershipPlanView } from './membership-views.server.ts';

/** A plan as the admin pages show it: what shoppers see, and its status and Stripe sync. */
export interface AdminPlanView extends MembershipPlanView {
  status: PlanStatus;
  stripeProductId: string | null;
  stripePriceId: string | null;
  stripePriceAmount: number | null;
  version: number;
  synced: boolean;
  syncError: string | null;
  createdAt: string;
}

export function adminPlanView(p: MembershipPlan): AdminPlanView {
  return {
    ...planView(p),
    status: p.status,
    stripeProductId: p.stripeProductId,
    stripePriceId: p.stripePriceId,
    stripePriceAmount: p.stripePriceAmount,
    version: p.version,
    synced: p.syncedVersion >= p.version,
    syncError: p.syncError,
    createdAt: p.createdAt.toISOString(),
  };
}

/** Every plan, the active ones first, cheapest first. */
export async function listPlans(em: EntityManager): Promise<AdminPlanView[]> {
  const plans = await em.find(MembershipPlan, {}, { orderBy: { status: 'asc', price: 'asc', id: 'asc' } });
  return plans.map(adminPlanView);
}

export async function loadPlanOr404(em: EntityManager, id: string | undefined): Promise<MembershipPlan> {
  const n = /^\d{1,9}$/.test(id ?? '') ? Number(id) : 0;
  const plan = n > 0 ? await em.findOne(MembershipPlan, { id: n }) : null;
  if (!plan) throw new Response('No such membership plan', { status: 404 });
  return plan;
}

/** Hands the plan's current version to its sync workflow; false when Temporal did not answer (the record is kept). */
export async function startPlanSync(plan: Pick<MembershipPlan, 'id' | 'name' | 'version'>): Promise<boolean> {
  try {
    await getTemporalClient().workflow.start<typeof syncMembershipPlan>('syncMembershipPlan', {
      workflowId: planSyncWorkflowId(plan.id, plan.version),
      taskQueue: TASK_QUEUES.commerce,
      args: [{ planId: plan.id, name: plan.name }],
      // A double-submitted form (or "sync again") reaches the same workflow.
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `Sync membership plan ${plan.name} (v${plan.version}) to Stripe`,
    });
    return true;
  } catch (err) {
    if (err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError') return true;
    logger.error({ err, planId: plan.id }, `membership plan ${plan.name}: the sync workflow could not be started`);
    return false;
  }
}

export type SavePlanResult = { ok: true; id: number; synced: boolean } | { ok: false; field: string | null; message: string };

const nameTaken = (name: string): SavePlanResult => ({ ok: false, field: 'name', message: `There is already a plan called ${name}` });

/** Another plan with this name, whatever its case (the column is unique as typed; two names apart only by case confuse). */
async function nameInUse(em: EntityManager, name: string, exceptId: number | null): Promise<boolean> {
  const rows = await em
    .getConnection()
    .execute<Array<{ id: number }>>('select id from membership_plans where lower(name) = lower(?) and id <> ? limit 1', [
      name,
      exceptId ?? 0,
    ]);
  return rows.length > 0;
}

function apply(plan: MembershipPlan, input: MembershipPlanInput): void {
  plan.name = input.name;
  plan.description = input.description;
  plan.price = input.price;
  plan.creditsPerPeriod = input.creditsPerPeriod;
  plan.trialDays = input.trialDays;
  plan.unusedCredits = input.unusedCredits;
  plan.status = input.status;
}

async function flushOrNameTaken(em: EntityManager, name: string): Promise<SavePlanResult | null> {
  try {
    await em.flush();
    return null;
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      em.clear();
      return nameTaken(name);
    }
    throw err;
  }
}

/** A new plan in the shop's currency (version 1), then its sync workflow. */
export async function createPlan(em: EntityManager, input: MembershipPlanInput): Promise<SavePlanResult> {
  if (await nameInUse(em, input.name, null)) return nameTaken(input.name);
  const plan = new MembershipPlan({
    name: input.name,
    price: input.price,
    currency: getEnv().SHOP_CURRENCY,
    creditsPerPeriod: input.creditsPerPeriod,
  });
  apply(plan, input);
  em.persist(plan);
  const refused = await flushOrNameTaken(em, input.name);
  if (refused) return refused;
  return { ok: true, id: plan.id, synced: await startPlanSync(plan) };
}

/**
 * Saves the form over the plan: a change is a new version for the sync workflow; saving it unchanged hands the
 * current version to its workflow again (which retries a sync that failed).
 */
export async function updatePlan(em: EntityManager, plan: MembershipPlan, input: MembershipPlanInput): Promise<SavePlanResult> {
  if (await nameInUse(em, input.name, plan.id)) return nameTaken(input.name);
  const changed = (Object.keys(input) as Array<keyof MembershipPlanInput>).some((k) => plan[k] !== input[k]);
  apply(plan, input);
  if (changed) plan.version += 1;
  const refused = await flushOrNameTaken(em, input.name);
  if (refused) return refused;
  return { ok: true, id: plan.id, synced: await startPlanSync(plan) };
}
