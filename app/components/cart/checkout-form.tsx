import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import { SubmitButton } from '#app/components/submit-button.tsx';

/**
 * Starts checkout: a POST to /checkout with no fields, since the server prices the cart itself (nothing
 * about money is read from a form). The answer is a redirect to the payment page, or /checkout's page
 * saying why checkout could not start.
 */
export function CheckoutForm({ children, busyText }: { children: ReactNode; busyText: string }) {
  return (
    <Form method="post" action="/checkout">
      <SubmitButton pendingAction="/checkout" busyText={busyText}>
        {children}
      </SubmitButton>
    </Form>
  );
}
