// HTTP caching of pages that look the same for every guest (catalog, product pages). A guest has no
// cookie at all; anyone with one (a cart, a session) may see their own cart count or name, so their
// copy is private. Shared caches (the web server's own page cache, a CDN) keep the guest copy briefly.

/** Seconds a shared cache may serve the guest copy, and serve it stale while one request refreshes it. */
export const GUEST_PAGE_SHARED_MAX_AGE = 5;
export const GUEST_PAGE_STALE_WHILE_REVALIDATE = 30;

export const PRIVATE_PAGE = 'private, no-cache';

export function isGuestRequest(request: Request): boolean {
  return !request.headers.has('Cookie') && !request.headers.has('Authorization');
}

/**
 * Cache-Control and Vary for a page that only differs by cookie. `shareable: false` for content made
 * from the request (e.g. a personalisation in the query string), which stays private either way.
 */
export function pageCacheHeaders(request: Request, { shareable = true }: { shareable?: boolean } = {}): Record<string, string> {
  const guest = shareable && isGuestRequest(request);
  return {
    'Cache-Control': guest
      ? `public, max-age=0, s-maxage=${GUEST_PAGE_SHARED_MAX_AGE}, stale-while-revalidate=${GUEST_PAGE_STALE_WHILE_REVALIDATE}`
      : PRIVATE_PAGE,
    Vary: 'Cookie',
  };
}

/** For a route's `headers` export: the caching headers its action or loader chose (the action's win). */
export function routeCacheHeaders({ actionHeaders, loaderHeaders }: { actionHeaders: Headers; loaderHeaders: Headers }): Headers {
  const source = actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders;
  const headers = new Headers();
  for (const name of ['Cache-Control', 'Vary']) {
    const value = source.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}
