// Remix matches a page's path against the whole route tree several times per request: the server runtime's match,
// <RemixServer>'s routes and the initial manifest (once for the path and once for each of its parents). Each time,
// @remix-run/router's matchRoutes flattens and ranks every route of the tree and compiles route patterns into regular
// expressions until one matches: a tenth to a sixth of a signed-in page's CPU in a profile at 16 connections. The
// answer depends only on the tree's shape (ids, paths, index and case flags, nesting) and the path, and the trees are
// rebuilt from the same build on every request, so the matches are remembered by shape and path (a bounded LRU) and
// handed back for the tree asked about: the same route objects, pathnames and params a fresh match would give.
// The router's own query() calls its internal matchRoutes, which this does not reach.
import { createRequire } from 'node:module';
import type { AgnosticRouteMatch, AgnosticRouteObject } from '@remix-run/router';
import { LRUCache } from 'lru-cache';

type MatchRoutes = (
  routes: AgnosticRouteObject[],
  location: string | { pathname?: string },
  basename?: string,
) => AgnosticRouteMatch[] | null;

interface Shape {
  /** Interned: trees of the same shape share it. */
  key: number;
  byId: Map<string, AgnosticRouteObject>;
}

interface Remembered {
  ids: string[];
  pathnames: string[];
  pathnameBases: string[];
  params: Record<string, string | undefined>;
}

/** Paths whose matches are remembered per tree shape (the storefront's pages, the orders being looked at). */
const MATCHES_REMEMBERED = 5000;
/** Distinct tree shapes (one per build, a few more while a dev server reloads); past this many, forgotten. */
const SHAPES_REMEMBERED = 16;

/** The tree's shape, or null when a route has no id of its own (then every call is matched afresh). */
function shapeOf(routes: AgnosticRouteObject[], shapes: Map<string, number>): Shape | null {
  const byId = new Map<string, AgnosticRouteObject>();
  const describe = (list: AgnosticRouteObject[]): string | null => {
    let text = '[';
    for (const route of list) {
      if (typeof route.id !== 'string' || byId.has(route.id)) return null;
      byId.set(route.id, route);
      const children = route.children ? describe(route.children) : '';
      if (children === null) return null;
      text += `${JSON.stringify([route.id, route.path ?? null, route.index === true, route.caseSensitive === true])}${children},`;
    }
    return `${text}]`;
  };
  const text = describe(routes);
  if (text === null) return null;
  let key = shapes.get(text);
  if (key === undefined) {
    if (shapes.size >= SHAPES_REMEMBERED) shapes.clear();
    key = ++shapeCount;
    shapes.set(text, key);
  }
  return { key, byId };
}

/** Shapes seen so far: a forgotten shape seen again gets a new number, never an old one's. */
let shapeCount = 0;

/** matchRoutes answering from memory for paths it has matched on a tree of the same shape. */
export function memoizedMatchRoutes(matchRoutes: MatchRoutes): MatchRoutes {
  const shapes = new Map<string, number>();
  const shapeOfTree = new WeakMap<AgnosticRouteObject[], Shape | null>();
  const remembered = new LRUCache<string, Remembered | 'none'>({ max: MATCHES_REMEMBERED });
  return (routes, location, basename) => {
    let shape = shapeOfTree.get(routes);
    if (shape === undefined) {
      shape = shapeOf(routes, shapes);
      shapeOfTree.set(routes, shape);
    }
    const pathname = typeof location === 'string' ? location.replace(/[?#].*$/s, '') : location.pathname;
    if (!shape || pathname === undefined) return matchRoutes(routes, location, basename);
    const key = `${shape.key}\u0000${basename ?? '/'}\u0000${pathname}`;
    const known = remembered.get(key);
    if (known === 'none') return null;
    if (known) {
      const params = { ...known.params };
      const byId = shape.byId;
      return known.ids.map((id, i) => ({
        params,
        pathname: known.pathnames[i]!,
        pathnameBase: known.pathnameBases[i]!,
        route: byId.get(id)!,
      }));
    }
    const matches = matchRoutes(routes, location, basename);
    remembered.set(
      key,
      matches
        ? {
            ids: matches.map((m) => m.route.id!),
            pathnames: matches.map((m) => m.pathname),
            pathnameBases: matches.map((m) => m.pathnameBase),
            params: { ...matches.at(-1)?.params },
          }
        : 'none',
    );
    return matches;
  };
}

let installed = false;

/** Marks the memoized matchRoutes, so a test can tell that Remix's own modules call it. */
export const MEMOIZED = Symbol.for('atelier.memoizedMatchRoutes');

/**
 * Replaces @remix-run/router's exported matchRoutes (the CommonJS module Remix's server runtime, @remix-run/react and
 * react-router all call it through) with the memoized one. Once per process.
 */
export function memoizeRemixRouteMatching(): void {
  if (installed) return;
  installed = true;
  const router = createRequire(import.meta.url)('@remix-run/router') as { matchRoutes: MatchRoutes };
  router.matchRoutes = Object.assign(memoizedMatchRoutes(router.matchRoutes), { [MEMOIZED]: true });
}
