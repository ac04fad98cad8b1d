// The database side of a drip run: its row (the admin's counts come from these) and the conditions its steps wait on.
import type { CampaignCondition, CampaignContext, CampaignId } from '#core/campaigns.ts';
import { CampaignRun } from '#db/entities/campaign.ts';
import { Cart } from '#db/entities/cart.ts';
import { User } from '#db/entities/user.ts';
import type { DripEnd } from '#workflows/campaign-messages.ts';
import type { DbDeps } from '#server/deps.server.ts';

/** Records the enrolment (idempotent by runKey). */
export async function startCampaignRun(
  { orm }: Pick<DbDeps, 'orm'>,
  {
    campaign,
    customerId,
    email,
    workflowId,
    runKey,
    context,
  }: { campaign: CampaignId; customerId: number; email: string; workflowId: string; runKey: string; context: CampaignContext },
): Promise<void> {
  const em = orm.em.fork();
  await em
    .createQueryBuilder(CampaignRun)
    .insert({
      campaign,
      userId: customerId,
      email,
      workflowId,
      runKey,
      status: 'running',
      stepIndex: 0,
      emailsSent: 0,
      context: { ...context },
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .onConflict('run_key')
    .ignore()
    .execute();
}

/** Progress and the end of a run, for the admin page. */
export async function updateCampaignRun(
  { orm }: Pick<DbDeps, 'orm'>,
  {
    runKey,
    stepIndex,
    stepId,
    emailsSent,
    ended,
  }: { runKey: string; stepIndex: number; stepId: string | null; emailsSent: number; ended: DripEnd | null },
): Promise<void> {
  const em = orm.em.fork();
  await em.nativeUpdate(
    CampaignRun,
    { runKey },
    { stepIndex, stepId, emailsSent, updatedAt: new Date(), ...(ended ? { status: ended, endedAt: new Date() } : {}) },
  );
}

/** Whether a campaign condition holds now: the cart was bought, the customer ordered (since the run started). */
export async function checkCampaignCondition(
  { orm }: Pick<DbDeps, 'orm'>,
  {
    condition,
    customerId,
    runKey,
    context,
  }: { condition: CampaignCondition; customerId: number; runKey: string; context: CampaignContext },
): Promise<boolean> {
  const em = orm.em.fork();
  const conn = em.getConnection();
  if (condition === 'cart-recovered') {
    if (!context.cartId) return true;
    const cart = await em.findOne(Cart, { id: context.cartId }, { populate: ['items'] });
    if (!cart || cart.status === 'checked_out' || cart.items.length === 0) return true;
    const bought = await conn.execute<Array<{ n: string }>>('select count(*) as n from orders where cart_id = ? and paid_at is not null', [
      cart.id,
    ]);
    return Number(bought[0]?.n ?? 0) > 0;
  }
  const user = await em.findOne(User, { id: customerId });
  if (!user) return false;
  let since: Date | null = null;
  if (condition === 'ordered-since-start') {
    const run = await em.findOne(CampaignRun, { runKey });
    since = run?.createdAt ?? new Date(0);
  }
  const rows = await conn.execute<Array<{ n: string }>>(
    `select count(*) as n from orders where (customer_id = ? or email = ?) and paid_at is not null ${since ? 'and paid_at > ?' : ''}`,
    since ? [user.id, user.email, since] : [user.id, user.email],
  );
  return Number(rows[0]?.n ?? 0) > 0;
}
