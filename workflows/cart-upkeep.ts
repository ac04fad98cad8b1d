import { patched, proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import { UPKEEP_BATCH } from './activity-options';
import type { CampaignActivities } from '#worker/activities/campaign-types.ts';

const db =
  proxyActivities<
    Pick<CampaignActivities, 'remindQuietCarts' | 'markIdleCartsAbandoned' | 'findQuietCarts' | 'markCartReminded' | 'enrolInCampaign'>
  >(UPKEEP_BATCH);

const BATCH = 200;
/** At most this many batches per run; the rest wait for the next run (keeps one run's history small). */
const MAX_ROUNDS = 10;

export interface CartUpkeepResult {
  /** Carts whose customer entered (or rejoined) the abandoned-cart campaign. */
  reminded: number;
  /** Enrolments that failed; their carts stay due for a later batch or run (absent in runs before patch remind-quiet-carts-set). */
  failed?: number;
  /** Runs before patch remind-quiet-carts-set only: carts marked abandoned. */
  abandoned?: number;
}

/**
 * Started by the `cart-upkeep` Schedule (hourly by default): carts quiet for CART_QUIET_MINUTES with items and
 * an address enter the abandoned-cart campaign (once per change of the cart), a batch at a time, each batch one
 * activity. Idle carts stay active (how long a cart has been idle is its last_activity_at). Unpaid orders need
 * nothing here: each checkout workflow cancels its own order when its session expires.
 */
export async function cartUpkeep(): Promise<CartUpkeepResult> {
  if (!patched('remind-quiet-carts-set')) return cartUpkeepPerCart();
  let reminded = 0;
  let failed = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    setCurrentDetails(`reminding quiet carts: ${reminded} so far`);
    const batch = await db.remindQuietCarts({ limit: BATCH });
    reminded += batch.reminded;
    failed += batch.failed;
    // A full batch may mean more are waiting; when none of it could be done, the next would only find the same carts.
    if (batch.carts < BATCH || batch.failed === batch.carts) break;
  }
  setCurrentDetails(
    `done: ${reminded} carts entered the abandoned-cart campaign${failed ? `; ${failed} enrolments failed (those carts stay due)` : ''}`,
  );
  return { reminded, failed };
}

/** Runs started before patch remind-quiet-carts-set: two activities per cart, then the idle carts (a no-op activity). */
async function cartUpkeepPerCart(): Promise<CartUpkeepResult> {
  let abandoned = 0;
  let reminded = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    setCurrentDetails(`reminding quiet carts: ${reminded} so far`);
    const { carts } = await db.findQuietCarts({ limit: BATCH });
    for (const cart of carts) {
      const enrolled = await db.enrolInCampaign({
        campaign: 'abandoned-cart',
        customerId: cart.customerId,
        email: cart.email,
        context: { cartId: cart.cartId },
      });
      // Marked after enrolment: a crash in between enrols again next run, which joins the running campaign.
      await db.markCartReminded({ cartId: cart.cartId });
      if (enrolled.outcome !== 'skipped') reminded += 1;
    }
    if (carts.length < BATCH) break;
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    setCurrentDetails(`marking idle carts abandoned: ${abandoned} so far (${reminded} carts reminded)`);
    const batch = await db.markIdleCartsAbandoned({ limit: BATCH });
    abandoned += batch.abandoned;
    if (batch.abandoned < BATCH) break;
  }
  setCurrentDetails(`done: ${reminded} carts entered the abandoned-cart campaign; ${abandoned} marked abandoned`);
  return { abandoned, reminded };
}
