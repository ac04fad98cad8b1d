import { Price } from '#app/components/price.tsx';
import type { CartTotals } from '#core/pricing.ts';
import { CheckoutForm } from './checkout-form.tsx';

/** Subtotal, shipping and total as the cart stands (optimistic while changes are in flight), and "Check out". */
export function CartSummary({ totals, problems }: { totals: CartTotals; problems: string[] }) {
  return (
    <section className="summary" aria-label="Order summary">
      <dl>
        <dt>Subtotal</dt>
        <dd>
          <Price amount={totals.subtotal} currency={totals.currency} />
        </dd>
        {totals.needsShipping ? (
          <>
            <dt>Shipping</dt>
            <dd>{totals.shipping === 0 ? 'Free' : <Price amount={totals.shipping} currency={totals.currency} />}</dd>
          </>
        ) : null}
        <dt className="summary__total">Total</dt>
        <dd className="summary__total" data-testid="cart-total">
          <Price amount={totals.total} currency={totals.currency} />
        </dd>
      </dl>
      {totals.untilFreeShipping ? (
        <p className="muted">
          Spend <Price amount={totals.untilFreeShipping} currency={totals.currency} /> more on posters and goods for free shipping.
        </p>
      ) : null}
      <p className="muted">Discount codes can be entered on the payment page. Taxes are shown there.</p>
      {problems.length ? (
        <div className="alert alert-warning" role="alert" data-testid="cart-problems">
          <p>Change these items to check out:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : (
        <CheckoutForm busyText="Starting checkout…">Check out</CheckoutForm>
      )}
    </section>
  );
}
