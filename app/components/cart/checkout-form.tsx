import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import { Field } from '#app/components/field.tsx';
import { Price } from '#app/components/price.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import type { CreditsOffer, PointsOffer } from '#core/points-choice.ts';

export interface PointsField {
  offer: PointsOffer;
  /** What was typed, kept when the server refused it. */
  value?: string;
  error?: string | null;
}

/**
 * Starts checkout: a POST to /checkout. The server prices the cart itself (nothing about money is read from a form);
 * a signed-in customer with points says how many to spend. The answer is a redirect to the payment page, or /checkout's
 * page saying why checkout could not start.
 */
export function CheckoutForm({
  children,
  busyText,
  points,
  credits,
}: {
  children: ReactNode;
  busyText: string;
  points?: PointsField | null;
  credits?: CreditsOffer | null;
}) {
  return (
    <Form method="post" action="/checkout" className="stack">
      {credits ? <CreditsChoice {...credits} /> : null}
      {points ? <PointsInput {...points} /> : null}
      <SubmitButton pendingAction="/checkout" busyText={busyText}>
        {children}
      </SubmitButton>
    </Form>
  );
}

function PointsInput({ offer, value, error }: PointsField) {
  return (
    <Field
      label="Points to use"
      name="points"
      id="points"
      type="text"
      inputMode="numeric"
      autoComplete="off"
      defaultValue={value ?? (offer.selected ? String(offer.selected) : '')}
      error={error}
      hint={
        <span data-testid="points-offer">
          You have {offer.available.toLocaleString('en-IE')} points (worth{' '}
          <Price amount={offer.available * offer.pointValue} currency={offer.currency} />
          ). Up to {offer.maxUsable.toLocaleString('en-IE')} can be used on this order; they come off its price at payment.
        </span>
      }
    />
  );
}

function CreditsChoice({ available, needed, selected }: CreditsOffer) {
  return (
    <div className="form-field">
      <input type="hidden" name="creditsOffered" value="1" />
      <label>
        <input type="checkbox" name="credits" defaultChecked={selected} aria-describedby="credits-hint" /> Pay for the files with my print
        credits
      </label>
      <p id="credits-hint" className="field-hint" data-testid="credits-offer">
        The files in your cart take {needed} credit{needed === 1 ? '' : 's'}; you have {available}.
      </p>
    </div>
  );
}
