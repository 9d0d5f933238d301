import type { ComponentType } from 'preact';
import { Store, useStore } from './store';

/** Path parameters of a matched route (":line" in "/worklist/:line"). */
export type Params = Record<string, string>;

export interface Location {
  path: string;
  query: URLSearchParams;
}

/**
 * History-API routing: the centre answers every non-API path with index.html (SPA fallback), so a reload or
 * a shared link opens the same screen.
 */
export const location = new Store<Location>(current());

function current(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

window.addEventListener('popstate', () => location.set(current()));

export function navigate(to: string, replace = false): void {
  if (to === window.location.pathname + window.location.search) {
    return;
  }
  if (replace) {
    history.replaceState(null, '', to);
  } else {
    history.pushState(null, '', to);
  }
  location.set(current());
}

export function useLocation(): Location {
  return useStore(location);
}

export interface RouteMatch<R> {
  route: R;
  params: Params;
}

/** The first route whose pattern matches the path; segments starting with ':' capture one path segment. */
export function match<R extends { path: string }>(routes: readonly R[], path: string): RouteMatch<R> | null {
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) {
      continue;
    }
    const params: Params = {};
    const ok = pattern.every((p, i) => {
      if (p.startsWith(':')) {
        params[p.slice(1)] = decodeURIComponent(parts[i]);
        return true;
      }
      return p === parts[i];
    });
    if (ok) {
      return { route, params };
    }
  }
  return null;
}

/** A screen: shown for its path when `allow` (the user's roles) lets the user see it. */
export interface Route<C = unknown> {
  path: string;
  view: ComponentType<{ params: Params; query: URLSearchParams }>;
  allow: (user: C, params: Params) => boolean;
}

/** Follows a same-origin link without reloading the page (ctrl/middle click still opens a new tab; a download stays one). */
export function onLinkClick(e: MouseEvent): void {
  const a = (e.target as Element).closest('a');
  if (!a || a.target || a.hasAttribute('download') || a.origin !== window.location.origin || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) {
    return;
  }
  e.preventDefault();
  navigate(a.pathname + a.search);
}
