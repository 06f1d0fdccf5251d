/**
 * The console's routes are URL hashes (`#/queue`, `#/pcs/<id>`): the server serves one index.html for every page, and
 * a hash never reaches the server's logs. Segments are URI-decoded; an empty hash is the role's first page.
 */
import { useEffect, useState } from 'preact/hooks';

export interface HashRoute {
  path: string;
  params: string[];
}

export function parseHash(hash: string): HashRoute {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('?')[0]!
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path: parts[0] ?? '', params: parts.slice(1) };
}

export function routeHash(path: string, ...params: string[]): string {
  return `#/${[path, ...params].map(encodeURIComponent).join('/')}`;
}

/** The current route, following hashchange. */
export function useHashRoute(win: Pick<Window, 'location' | 'addEventListener' | 'removeEventListener'> = window): HashRoute {
  const [route, setRoute] = useState(() => parseHash(win.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(win.location.hash));
    win.addEventListener('hashchange', on);
    return () => win.removeEventListener('hashchange', on);
  }, [win]);
  return route;
}
