// Which Remix route a request reaches, worked out the way Remix works it out. The Express adapter builds
// the request's URL from the raw target, and the URL parser collapses dot segments, escaped ones too
// ("/webhooks/%2e%2e/cart" is "/cart"); the router then matches the decoded path. A check that depends on
// the route (the origin check's exemptions, body limits, the developer pages) asks this, never the raw
// path, so it sees the route that will answer.
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router';
import type { Request } from 'express';
import { LRUCache } from 'lru-cache';

/** The fields of a Remix build's route manifest that matching needs. */
export interface RouteEntry {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
}
export type RouteManifest = Record<string, RouteEntry | undefined>;

export interface RouteMatch {
  /** The Remix route id of the deepest matching route, or null when no route matches. */
  routeId: string | null;
  params: Record<string, string>;
}

function routeTree(manifest: RouteManifest, parentId: string | undefined): AgnosticRouteObject[] {
  return Object.values(manifest)
    .filter((r): r is RouteEntry => r !== undefined && r.parentId === parentId)
    .map((r) =>
      r.index
        ? { id: r.id, index: true, path: r.path, caseSensitive: r.caseSensitive }
        : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: routeTree(manifest, r.id) },
    );
}

/** Paths whose route match is remembered (the storefront's pages, the orders being looked at): a bounded LRU. */
const MATCHES_REMEMBERED = 2000;

/** Matches paths against the build's routes as Remix does (@remix-run/router's matchRoutes). */
export function createRouteMatcher(manifest: RouteManifest): (pathname: string) => RouteMatch {
  const tree = routeTree(manifest, undefined);
  // matchRoutes flattens and ranks the whole route tree on every call: a quarter of the web's CPU on a cached
  // storefront page (a profile at 64 connections). The answer depends only on the path, so recent paths are remembered.
  const recent = new LRUCache<string, RouteMatch>({ max: MATCHES_REMEMBERED });
  return (pathname) => {
    const known = recent.get(pathname);
    if (known) return known;
    const matches = matchRoutes(tree, pathname);
    const leaf = matches?.at(-1);
    const params: Record<string, string> = {};
    if (leaf?.route.id) for (const [k, v] of Object.entries(leaf.params)) if (typeof v === 'string') params[k] = v;
    const match: RouteMatch = leaf?.route.id ? { routeId: leaf.route.id, params } : { routeId: null, params: {} };
    recent.set(pathname, match);
    return match;
  };
}

/**
 * The pathname Remix routes a request target by: the raw target appended to an origin, as the Express
 * adapter does, and parsed. Null when that is not a URL.
 */
export function routedPathname(originalUrl: string): string | null {
  try {
    return new URL(`http://routed.invalid${originalUrl}`).pathname;
  } catch {
    return null;
  }
}

/** The route an Express request reaches, matched once per request. */
export type RequestRouteOf = (req: Request) => RouteMatch;

export function createRequestRouteOf(manifest: RouteManifest): RequestRouteOf {
  const match = createRouteMatcher(manifest);
  const seen = new WeakMap<Request, RouteMatch>();
  return (req) => {
    let found = seen.get(req);
    if (!found) {
      const pathname = routedPathname(req.originalUrl);
      found = pathname === null ? { routeId: null, params: {} } : match(pathname);
      seen.set(req, found);
    }
    return found;
  };
}
