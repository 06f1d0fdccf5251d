/**
 * The console's routes are URL hashes (`#/queue`, `#/pcs/<id>`): the server serves one index.html for every page, and
 * a hash never reaches the server's logs. Segments are URI-decoded; an empty hash is the role's first page.
 */
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

/** The query part of a route hash (`#/pcs?os=linux` → `os=linux`): page state a reload keeps, such as a list's filter. */
export function hashQuery(hash: string): URLSearchParams {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

/** A route hash with a query part (none when the query is empty). */
export function routeHashWithQuery(query: URLSearchParams, path: string, ...params: string[]): string {
  const q = query.toString();
  return q ? `${routeHash(path, ...params)}?${q}` : routeHash(path, ...params);
}
