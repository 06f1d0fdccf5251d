/** Follows the URL hash as the console's route (parsing in routePath.ts, free of Preact for unit tests). */
import { useEffect, useState } from 'preact/hooks';
import { parseHash, type HashRoute } from './routePath';

export { parseHash, routeHash, type HashRoute } from './routePath';

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
