/** The intents of the admin order page's forms: each form's button sends one (name="intent") and the action switches on it. */
export const ORDER_INTENTS = {
  note: 'note',
  refund: 'refund',
  restartRefund: 'restart-refund',
  ship: 'ship',
  delivered: 'delivered',
  resend: 'resend',
  rerender: 'rerender',
  regenerateLinks: 'regenerate-links',
  correctInvoice: 'correct-invoice',
  resubmitPrints: 'resubmit-prints',
  cancelPrints: 'cancel-prints',
} as const;
