/**
 * The console session: who is logged in (GET /api/v1/auth/me on load, so a reload keeps the session), the CSRF token
 * handed to the ApiClient, and the way back to the login page when the server says the session is over (401).
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { isRole } from '../../../shared/roles';
import type { Me } from '../pages/pageTypes';
import { ApiError, type ApiClient } from './api';

export type SessionState = { kind: 'loading' } | { kind: 'anonymous'; ended: boolean } | { kind: 'in'; me: Me };

interface UserLike {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
}

export function meOf(user: UserLike): Me {
  return { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles.filter(isRole) };
}

/**
 * The ApiClient pages get: the same calls, but a 401 on any of them ends the session in the UI (the login page shows)
 * instead of each page handling it.
 */
export function sessionApi(api: ApiClient, onUnauthorized: () => void): ApiClient {
  const watch = <T>(p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) onUnauthorized();
      throw err;
    });
  return {
    get: (p) => watch(api.get(p)),
    post: (p, b) => watch(api.post(p, b)),
    put: (p, b) => watch(api.put(p, b)),
    patch: (p, b) => watch(api.patch(p, b)),
    delete: (p) => watch(api.delete(p)),
    upload: (p, f, on) => watch(api.upload(p, f, on)),
    events: (p, on) => api.events(p, on),
    setCsrfToken: (t) => api.setCsrfToken(t),
  };
}

export function useSession(base: ApiClient): {
  state: SessionState;
  api: ApiClient;
  loggedIn(user: UserLike, csrfToken: string): void;
  logout(): Promise<void>;
} {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const ended = useCallback(() => {
    base.setCsrfToken(null);
    setState((s) => (s.kind === 'in' ? { kind: 'anonymous', ended: true } : s));
  }, [base]);
  const api = useMemo(() => sessionApi(base, ended), [base, ended]);
  useEffect(() => {
    let live = true;
    base
      .get<{ user: UserLike | null; csrfToken?: string }>('/api/v1/auth/me')
      .then((r) => {
        if (!live) return;
        if (!r.user) return setState({ kind: 'anonymous', ended: false });
        base.setCsrfToken(r.csrfToken ?? null);
        setState({ kind: 'in', me: meOf(r.user) });
      })
      .catch(() => live && setState({ kind: 'anonymous', ended: false }));
    return () => {
      live = false;
    };
  }, [base]);
  const loggedIn = useCallback(
    (user: UserLike, csrfToken: string) => {
      base.setCsrfToken(csrfToken);
      setState({ kind: 'in', me: meOf(user) });
    },
    [base],
  );
  const logout = useCallback(async () => {
    try {
      await base.post('/api/v1/auth/logout');
    } finally {
      base.setCsrfToken(null);
      setState({ kind: 'anonymous', ended: false });
    }
  }, [base]);
  return { state, api, loggedIn, logout };
}
