import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { CampaignActivities } from '#worker/activities/campaign-types.ts';

const db = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

const BATCH = 200;
/** At most this many carts per run; the rest wait for the next run (keeps one run's history small). */
const MAX_ROUNDS = 10;

/**
 * Started by the `cart-upkeep` Schedule (hourly by default): carts quiet for CART_QUIET_MINUTES with
 * items and an address enter the abandoned-cart campaign (once per change of the cart), and carts idle
 * past CART_IDLE_HOURS become abandoned. Unpaid orders need nothing here: each checkout workflow
 * cancels its own order when its session expires.
 */
export async function cartUpkeep(): Promise<{ abandoned: number; reminded: number }> {
  let abandoned = 0;
  let reminded = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    setCurrentDetails(`reminding quiet carts: ${reminded} so far`);
    const { carts } = await db.findQuietCarts({ limit: BATCH });
    for (const cart of carts) {
      const enrolled = await db.enrolInCampaign({ campaign: 'abandoned-cart', customerId: cart.customerId, email: cart.email, context: { cartId: cart.cartId } });
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
