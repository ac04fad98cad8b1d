/** What each form on the admin's product page sends as its intent (the page's action dispatches on it). */
export const PRODUCT_INTENTS = { product: 'product', variant: 'variant', change: 'change' } as const;
