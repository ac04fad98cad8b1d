import { Price } from '#app/components/price.tsx';
import type { CartVatEstimate } from '#core/cart-tax.ts';
import type { CreditsOffer, PointsOffer } from '#core/points-choice.ts';
import type { CartTotals } from '#core/pricing.ts';
import { CheckoutForm } from './checkout-form.tsx';

/**
 * Subtotal, shipping and total as the cart stands (optimistic while changes are in flight), the VAT estimated for the
 * seller's country (inside the total, or added to it when prices exclude VAT; nothing with VAT off), and "Check out".
 */
export function CartSummary({
  totals,
  vat,
  problems,
  points,
  credits,
}: {
  totals: CartTotals;
  vat: CartVatEstimate | null;
  problems: string[];
  points: PointsOffer | null;
  credits: CreditsOffer | null;
}) {
  const added = vat?.behavior === 'exclusive' ? vat : null;
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
        {added ? (
          <>
            <dt>VAT (estimated for {added.countryName})</dt>
            <dd data-testid="cart-vat">
              <Price amount={added.tax} currency={totals.currency} />
            </dd>
          </>
        ) : null}
        <dt className="summary__total">Total</dt>
        <dd className="summary__total" data-testid="cart-total">
          <Price amount={added ? added.total : totals.total} currency={totals.currency} />
        </dd>
      </dl>
      {vat && !added ? (
        <p className="muted" data-testid="cart-vat">
          Includes VAT of <Price amount={vat.tax} currency={totals.currency} /> (estimated for {vat.countryName}; worked out for your
          country at payment)
        </p>
      ) : null}
      {added ? <p className="muted">VAT is worked out for your country at payment.</p> : null}
      {totals.untilFreeShipping ? (
        <p className="muted">
          Spend <Price amount={totals.untilFreeShipping} currency={totals.currency} /> more on posters and goods for free shipping.
        </p>
      ) : null}
      <p className="muted">Discount codes can be entered on the payment page{points ? ' (not together with points)' : ''}.</p>
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
        <CheckoutForm busyText="Starting checkout…" points={points ? { offer: points } : null} credits={credits}>
          Check out
        </CheckoutForm>
      )}
    </section>
  );
}
