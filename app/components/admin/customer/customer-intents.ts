/** The intents of the admin customer page's forms: each form's button sends one (name="intent") and the action switches on it. */
export const CUSTOMER_INTENTS = {
  block: 'block',
  unblock: 'unblock',
  role: 'role',
  deleteAccount: 'delete-account',
  points: 'adjust-points',
} as const;
