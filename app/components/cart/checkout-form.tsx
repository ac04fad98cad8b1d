import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import { Field } from '#app/components/field.tsx';
import { Price } from '#app/components/price.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import type { PointsOffer } from '#core/points-choice.ts';

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
export function CheckoutForm({ children, busyText, points }: { children: ReactNode; busyText: string; points?: PointsField | null }) {
  return (
    <Form method="post" action="/checkout" className="stack">
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
