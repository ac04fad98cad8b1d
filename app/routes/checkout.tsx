import type { ActionFunctionArgs } from '@remix-run/node';
import { Form, Link, json, redirect, useActionData } from '@remix-run/react';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { loadCart } from '#app/utils/cart.server.ts';
import { startCheckout } from '#app/utils/checkout.server.ts';
import { db } from '#app/utils/db.server.ts';

export function loader() {
  // POST only; a person who lands here goes to their cart.
  return redirect('/cart', 303);
}

export async function action({ request }: ActionFunctionArgs) {
  const em = await db();
  const cart = await loadCart(em, request);
  if (!cart || cart.items.length === 0) return redirect('/cart', 303);
  const result = await startCheckout(em, cart);
  if (result.ok) return redirect(result.checkoutUrl, 303);
  return json({ reason: result.reason, retryable: result.retryable }, { status: result.retryable ? 503 : 409 });
}

export default function CheckoutProblem() {
  const data = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>Checkout</h1>
      <p className="alert alert-error" role="alert">
        {data?.reason ?? 'Checkout could not be started.'}
      </p>
      <div className="cluster">
        {data?.retryable ? (
          <Form method="post" action="/checkout">
            <SubmitButton busyText="Trying again…">Try again</SubmitButton>
          </Form>
        ) : null}
        <Link to="/cart" className="btn btn-secondary">
          Back to your cart
        </Link>
      </div>
    </div>
  );
}
