import { Fragment } from 'react';
import { Price } from '#app/components/price.tsx';
import { countryName } from '#core/tax-rates.ts';
import { computeTax, formatRate, taxedCountry, type TaxBehavior, type TaxBreakdown, type TaxLineInput } from '#core/tax.ts';

/** What the VAT of the session depends on but the country (the server's `sessionTaxInput`), as the loader sends it. */
export interface PaymentTaxInput {
  lines: TaxLineInput[];
  discount: number;
  shipping: number;
  behavior: TaxBehavior;
  enabled: boolean;
}

/**
 * The session's VAT for a country, worked out as the payment will fix it (core/tax.ts): on the server while
 * rendering, and in the browser as the country changes. What is charged is worked out again on the server at payment.
 */
export const paymentBreakdown = (input: PaymentTaxInput, country: string): TaxBreakdown => computeTax({ ...input, country });

export interface PaymentSummaryProps {
  currency: string;
  lines: ReadonlyArray<{ name: string; description: string; unitAmount: number; quantity: number }>;
  shippingRate: { displayName: string; amount: number } | null;
  promoCode: string | null;
  taxEnabled: boolean;
  breakdown: TaxBreakdown;
  /** The country the VAT is worked out for; `estimated` while it is the seller's, the payer not having chosen one. */
  country: string;
  estimated: boolean;
}

/** The lines (with their VAT rate) and the amounts: subtotal, discount, shipping, VAT per rate, total, net. */
export function PaymentSummary({
  currency,
  lines,
  shippingRate,
  promoCode,
  taxEnabled,
  breakdown,
  country,
  estimated,
}: PaymentSummaryProps) {
  const inclusive = breakdown.behavior === 'inclusive';
  const taxed = taxEnabled && taxedCountry(country);
  const where = countryName(country);
  const subtotal = breakdown.lines.reduce((s, l) => s + l.amount, 0);
  const discount = breakdown.lines.reduce((s, l) => s + l.discount, 0);
  const vatRows = taxed
    ? breakdown.byRate.map((r) => ({ key: String(r.rate), label: `VAT (${where}, ${formatRate(r.rate)})`, amount: r.tax }))
    : taxEnabled
      ? [{ key: 'none', label: 'VAT', amount: 0 }]
      : [];
  return (
    <>
      <ul className="stack" aria-label="Items">
        {lines.map((l, i) => (
          <li key={i}>
            {l.quantity} × {l.name} — <span className="muted">{l.description}</span>{' '}
            <Price amount={l.unitAmount * l.quantity} currency={currency} />
            {taxed ? <span className="muted"> ({lineRateLabel(breakdown.lines[i]?.rate ?? 0, inclusive)})</span> : null}
          </li>
        ))}
      </ul>
      <section className="summary" aria-label="Order summary" data-testid="payment-summary">
        <dl>
          <dt>Subtotal{taxEnabled ? (inclusive ? ' (incl. VAT)' : ' (excl. VAT)') : ''}</dt>
          <dd>
            <Price amount={subtotal} currency={currency} />
          </dd>
          {discount > 0 ? (
            <>
              <dt>Discount{promoCode ? ` (${promoCode})` : ''}</dt>
              <dd>
                −<Price amount={discount} currency={currency} />
              </dd>
            </>
          ) : null}
          {shippingRate ? (
            <>
              <dt>Shipping ({shippingRate.displayName})</dt>
              <dd>{shippingRate.amount === 0 ? 'Free' : <Price amount={shippingRate.amount} currency={currency} />}</dd>
            </>
          ) : null}
          {!inclusive ? <Rows rows={vatRows} currency={currency} /> : null}
          <dt className="summary__total">Total{taxEnabled ? ' (incl. VAT)' : ''}</dt>
          <dd className="summary__total" data-testid="payment-total">
            <Price amount={breakdown.gross} currency={currency} />
          </dd>
          {inclusive && taxEnabled ? (
            <>
              <Rows rows={vatRows.map((r) => ({ ...r, label: `Includes ${r.label}` }))} currency={currency} />
              <dt>Net (excl. VAT)</dt>
              <dd>
                <Price amount={breakdown.net} currency={currency} />
              </dd>
            </>
          ) : null}
        </dl>
        {taxEnabled ? (
          <p className="muted" data-testid="vat-note">
            {!taxed ? (
              <>No VAT is charged for {where}.</>
            ) : inclusive ? (
              <>
                Includes VAT of <Price amount={breakdown.tax} currency={currency} /> for {where}.
              </>
            ) : (
              <>
                VAT of <Price amount={breakdown.tax} currency={currency} /> for {where} is added to the prices.
              </>
            )}{' '}
            {estimated ? <>Estimated for {where} until you choose a country.</> : null}
          </p>
        ) : null}
      </section>
    </>
  );
}

function Rows({ rows, currency }: { rows: ReadonlyArray<{ key: string; label: string; amount: number }>; currency: string }) {
  return rows.map((r) => (
    <Fragment key={r.key}>
      <dt>{r.label}</dt>
      <dd>
        <Price amount={r.amount} currency={currency} />
      </dd>
    </Fragment>
  ));
}

const lineRateLabel = (rate: number, inclusive: boolean) => `${inclusive ? 'incl. ' : ''}VAT ${formatRate(rate)}`;
