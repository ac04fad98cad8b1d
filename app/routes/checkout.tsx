import type { ActionFunctionArgs } from '@remix-run/node';
import { Link, json, redirect, useActionData } from '@remix-run/react';
import { CheckoutForm } from '#app/components/cart/checkout-form.tsx';
import { heldByOwnCheckout, loadCart, viewCart } from '#app/utils/cart.server.ts';
import { startCheckout } from '#server/checkout/start-checkout.server.ts';
import { db } from '#server/db.server.ts';
import { getUser } from '#app/utils/session.server.ts';
import { checkoutOffers, saveCheckoutChoice } from '#app/utils/cart-points.server.ts';
import { parsePointsChoice, type CreditsOffer, type PointsOffer } from '#core/points-choice.ts';
import { getEnv } from '#server/env.server.ts';

// POST only. No redirect here: after a no-JS form post Remix runs this loader to render the action's
// answer, and a redirect would hide the reason checkout could not start.
export function loader() {
  return null;
}

const noPoints = {
  points: null as PointsOffer | null,
  pointsValue: null as string | null,
  pointsError: null as string | null,
  credits: null as CreditsOffer | null,
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (user?.blocked) {
    return json(
      {
        reason: `Your account is blocked, so it cannot place orders. Reason: ${user.blockedReason ?? 'none given'}.`,
        retryable: false,
        ...noPoints,
      },
      { status: 403 },
    );
  }
  const em = await db();
  const cart = await loadCart(em, request);
  if (!cart || cart.items.length === 0) return redirect('/cart', 303);
  // The points to spend and whether credits pay for the files, when the form offered them: a bad number of points is
  // refused with the reason by the field, the input kept.
  const form = await request.formData();
  const { points: offer, credits } = await checkoutOffers(em, cart, getEnv());
  let points = cart.pointsToUse;
  if (form.has('points')) {
    const raw = String(form.get('points'));
    const choice = parsePointsChoice(raw, offer);
    if (!choice.ok)
      return json(
        { ...noPoints, reason: choice.message, retryable: true, points: offer, pointsValue: raw, pointsError: choice.message, credits },
        { status: 400 },
      );
    points = choice.points;
  }
  const payWithCredits = form.has('creditsOffered') ? form.get('credits') === 'on' : cart.payWithCredits;
  await saveCheckoutChoice(em, cart, { points, payWithCredits });
  // Archived, sold out or short since they were added: said here by name (the order's own check, under the
  // stock locks, still decides for the items that change in between).
  const { problems } = viewCart(cart, await heldByOwnCheckout(em, cart));
  if (problems.length)
    return json(
      { reason: `${problems.join(' ')} Your cart is kept: change it, then check out again.`, retryable: false, ...noPoints },
      { status: 409 },
    );
  const result = await startCheckout(em, cart);
  if (result.ok) return redirect(result.checkoutUrl, 303);
  // Short of points or credits (spent by another checkout meanwhile): the form again, to choose otherwise.
  const retry = result.retryable || Boolean(offer) || Boolean(credits);
  // Balances as they are now, after the other checkout took its share.
  const now = offer || credits ? await checkoutOffers(em, cart, getEnv()) : { points: null, credits: null };
  return json(
    {
      reason: result.reason,
      retryable: retry,
      points: offer && now.points,
      pointsValue: null,
      pointsError: null,
      credits: credits && now.credits,
    },
    { status: result.retryable ? 503 : 409 },
  );
}

export default function CheckoutProblem() {
  const data = useActionData<typeof action>();
  if (!data) {
    return (
      <div className="stack">
        <h1>Checkout</h1>
        <p>Checkout starts from your cart.</p>
        <p>
          <Link to="/cart" className="btn btn-primary">
            Go to your cart
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="stack">
      <h1>Checkout</h1>
      <p className="alert alert-error" role="alert">
        {data?.reason ?? 'Checkout could not be started.'}
      </p>
      <div className="cluster">
        {data?.retryable ? (
          <CheckoutForm
            busyText="Trying again…"
            points={data.points ? { offer: data.points, value: data.pointsValue ?? undefined, error: data.pointsError } : null}
            credits={data.credits}
          >
            Try again
          </CheckoutForm>
        ) : null}
        <Link to="/cart" className="btn btn-secondary">
          Back to your cart
        </Link>
      </div>
    </div>
  );
}
