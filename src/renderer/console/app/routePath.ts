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
