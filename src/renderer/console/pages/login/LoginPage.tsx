/**
 * Login with a local account: username and password; the TOTP field appears when the server answers TOTP_REQUIRED;
 * a lock-out (429) says how long to wait. When the server has single sign-on (OIDC), an SSO button leads to the
 * identity provider; a refused SSO login comes back as `?sso_error=CODE` and is explained here. Nothing is kept in the
 * browser but the session cookie the server sets.
 */
import { useEffect, useState } from 'preact/hooks';
import { SSO_ERROR_PARAM, type LoginMethodsResponse } from '../../../../shared/loginMethods';
import { Button } from '../../../ui/Button';
import { errorText } from '../../../ui/errorText';
import { Languages, type Language } from '../../../ui/language';
import { ApiError, type ApiClient } from '../../app/api';

export interface LoginPageProps {
  api: ApiClient;
  lang: Language;
  onLanguage(lang: Language): void;
  /** Shown above the form (e.g. the session ended). */
  notice: string | null;
  onLoggedIn(user: { id: string; username: string; displayName: string; roles: string[] }, csrfToken: string): void;
}

const T = {
  title: { id: 'Masuk ke Konsol Pasang', en: 'Log in to the Pasang console' },
  subtitle: { id: 'Permintaan instalasi perangkat lunak — SOP-052/17000/2025', en: 'Software-installation requests — SOP-052/17000/2025' },
  username: { id: 'Nama pengguna', en: 'Username' },
  password: { id: 'Kata sandi', en: 'Password' },
  totp: { id: 'Kode autentikator (6 digit)', en: 'Authenticator code (6 digits)' },
  submit: { id: 'Masuk', en: 'Log in' },
  or: { id: 'atau', en: 'or' },
  sso: { id: 'Masuk dengan SSO', en: 'Log in with SSO' },
  locked: {
    id: (s: number) => `Terlalu banyak percobaan gagal. Login dikunci sementara; coba lagi dalam ${Math.ceil(s / 60)} menit.`,
    en: (s: number) => `Too many failed attempts. Login is locked for now; try again in ${Math.ceil(s / 60)} min.`,
  },
};

export function LoginPage({ api, lang, onLanguage, notice, onLoggedIn }: LoginPageProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sso, setSso] = useState<LoginMethodsResponse['oidc']>(null);
  const [ssoError, setSsoError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .get<LoginMethodsResponse>('/api/v1/auth/methods')
      .then((m) => live && setSso(m.oidc))
      // An older server without the route, or none reachable: the password form is all there is.
      .catch(() => undefined);
    // The code a refused SSO login came back with, read once and taken off the address (a reload must not repeat it).
    const url = new URL(window.location.href);
    const code = url.searchParams.get(SSO_ERROR_PARAM);
    if (code) {
      setSsoError(code);
      url.searchParams.delete(SSO_ERROR_PARAM);
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    }
    return () => {
      live = false;
    };
  }, [api]);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSsoError(null);
    try {
      const r = await api.post<{ user: { id: string; username: string; displayName: string; roles: string[] }; csrfToken: string }>('/api/v1/auth/login', {
        username: username.trim(),
        password,
        ...(needTotp && totp ? { totp: totp.trim() } : {}),
      });
      onLoggedIn(r.user, r.csrfToken);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'SERVER_UNREACHABLE';
      if (code === 'TOTP_REQUIRED') setNeedTotp(true);
      if (err instanceof ApiError && err.status === 429) {
        const s = Number((err.details as { retryAfterSec?: unknown } | undefined)?.retryAfterSec ?? 300);
        setError(T.locked[lang](Number.isFinite(s) && s > 0 ? s : 300));
      } else setError(errorText(code, lang));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login" id="main">
      <div class="card">
        <h1>{T.title[lang]}</h1>
        <p class="muted">{T.subtitle[lang]}</p>
        {notice ? (
          <p class="notice" role="status">
            {notice}
          </p>
        ) : null}
        <form onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
          <label for="login-username">{T.username[lang]}</label>
          <input id="login-username" name="username" autocomplete="username" required value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
          <label for="login-password">{T.password[lang]}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
          {needTotp ? (
            <>
              <label for="login-totp">{T.totp[lang]}</label>
              <input
                id="login-totp"
                name="totp"
                inputMode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                autoFocus
                value={totp}
                onInput={(e) => setTotp((e.target as HTMLInputElement).value)}
              />
            </>
          ) : null}
          {error ? (
            <p class="form-error" id="login-error" role="alert">
              {error}
            </p>
          ) : null}
          <Button type="submit" variant="primary" busy={busy}>
            {T.submit[lang]}
          </Button>
        </form>
        {ssoError ? (
          <p class="form-error" id="sso-error" role="alert">
            {errorText(ssoError, lang)}
          </p>
        ) : null}
        {sso ? (
          <>
            <p class="login-or muted">{T.or[lang]}</p>
            {/* A plain link, not a fetch: the browser itself goes to the identity provider and comes back. */}
            <a class="btn sso-login" href={sso.startPath} data-testid="sso-login">
              {sso.label ?? T.sso[lang]}
            </a>
          </>
        ) : null}
        <p class="btn-row" style={{ marginTop: '1rem' }}>
          {Languages.map((l) => (
            <Button key={l} small aria-pressed={l === lang ? 'true' : 'false'} onClick={() => onLanguage(l)}>
              {l === 'id' ? 'Bahasa Indonesia' : 'English'}
            </Button>
          ))}
        </p>
      </div>
    </main>
  );
}
