import { LocalCheckoutSession } from '#db/entities/local-checkout-session.ts';
import { Order } from '#db/entities/order.ts';
import type { ServerDeps } from '#server/deps.server.ts';

/**
 * Makes sure the order's session can no longer be paid, unless it has been already: answers what the
 * session is now (`complete` means paid, its webhook on the way).
 */
export async function expireCheckoutSession(
  { orm, stripe }: Pick<ServerDeps, 'orm' | 'stripe'>,
  { orderNumber }: { orderNumber: string },
): Promise<{ status: 'expired' | 'complete' | 'none' }> {
  const em = orm.em.fork();
  const order = await em.findOneOrFail(Order, { orderNumber });
  const sessionId = order.stripeCheckoutSessionId;
  if (!sessionId) return { status: 'none' };
  if (stripe) {
    const current = await stripe.checkout.sessions.retrieve(sessionId);
    if (current.status === 'complete') return { status: 'complete' };
    if (current.status === 'expired') return { status: 'expired' };
    try {
      await stripe.checkout.sessions.expire(sessionId);
      return { status: 'expired' };
    } catch (err) {
      // It may have been completed between our two calls: ask once more rather than guess.
      const after = await stripe.checkout.sessions.retrieve(sessionId);
      if (after.status === 'complete') return { status: 'complete' };
      if (after.status === 'expired') return { status: 'expired' };
      throw err;
    }
  }
  const updated = await em.nativeUpdate(LocalCheckoutSession, { sessionId, status: 'open' }, { status: 'expired' });
  if (updated) return { status: 'expired' };
  const local = await em.findOne(LocalCheckoutSession, { sessionId });
  return { status: local?.status === 'complete' ? 'complete' : 'expired' };
}
