/**
 * The tray window: one document, the page named by the URL fragment (the tray menu opens `#/request`, …), a header
 * with the pages, the language and the theme, and a banner while the PC is offline. The agent's status and ticket
 * events are subscribed once here and handed to the pages.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AgentApi, AgentStatusView } from '../../shared/agentApi';
import type { TicketEvent } from '../../shared/protocol/userOps';
import { TrayPages, type TrayPage } from '../../shared/trayPages';
import { LanguageState, pick, type Language } from '../ui/language';
import { AppContext, type AppContextValue } from './appContext';
import { PendingRequests } from './pendingRequests';
import { pageHash, parseRoute, type Route } from './router';
import { errorText } from './errorText';
import { T } from './strings';
import { ThemeState, type ThemeChoice } from '../ui/theme';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { MyPcPage } from './pages/MyPcPage';
import { MyRequestsPage } from './pages/MyRequestsPage';
import { RequestPage } from './pages/RequestPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignOffPage } from './pages/SignOffPage';

export interface AppProps {
  api: AgentApi;
  storage: Storage | null;
  /** @default the window's location */
  location?: Pick<Location, 'hash'>;
  /** @default Date.now */
  now?: () => number;
}

const PAGES: Record<TrayPage, (props: { params: string[] }) => preact.JSX.Element> = {
  request: RequestPage,
  'my-requests': MyRequestsPage,
  approvals: ApprovalsPage,
  'sign-off': SignOffPage,
  'my-pc': MyPcPage,
  settings: SettingsPage,
};

export function App({ api, storage, now = Date.now }: AppProps) {
  const languages = useMemo(() => new LanguageState(storage), [storage]);
  const pending = useMemo(() => new PendingRequests(storage), [storage]);
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  const [lang, setLang] = useState<Language>(() => route.lang ?? languages.value);
  const themes = useMemo(() => new ThemeState(storage, document.documentElement), [storage]);
  const [theme, setTheme] = useState<ThemeChoice>(() => themes.value);
  const [status, setStatus] = useState<AgentStatusView | null>(null);
  // The agent could not be asked at all (the service is not running): said in the banner, by code.
  const [statusError, setStatusError] = useState<unknown>(null);
  const [ticketEvent, setTicketEvent] = useState<{ seq: number; event: TicketEvent | null }>({ seq: 0, event: null });
  const [failedCommands, setFailed] = useState<AppContextValue['failedCommands']>(new Map());
  // Roles as the server knows them; null until known (offline, or not linked yet): then every page is listed.
  const [roles, setRoles] = useState<readonly string[] | null>(null);

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => languages.onChange(setLang), [languages]);
  // A new page: focus goes to its content, so a screen reader starts there rather than at the old position.
  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, [route.page]);
  useEffect(() => {
    if (route.lang) languages.set(route.lang);
  }, [route.lang, languages]);
  // Before the frame is painted, with the text it belongs to (a screen reader must not read English as Indonesian).
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${pick(T.nav[route.page], lang)} — Pasang`;
  }, [lang, route.page]);
  useLayoutEffect(() => themes.set(theme), [theme, themes]);

  useEffect(() => {
    let live = true;
    api.status().then(
      (s) => live && setStatus(s),
      (err: unknown) => live && setStatusError(err),
    );
    const offStatus = api.onStatus((s) => {
      setStatus(s);
      setStatusError(null);
      // The agent's queue is empty: every request this window queued has reached the server (or failed, below).
      if (s.queuedRequests === 0) pending.clear();
    });
    const offTicket = api.onTicketEvent((event) => setTicketEvent((prev) => ({ seq: prev.seq + 1, event })));
    const offFailed = api.onCommandFailed((f) => {
      const itemName = pending.list().find((p) => p.requestId === f.requestId)?.itemName ?? null;
      pending.remove(f.requestId);
      setFailed((prev) => new Map([...prev, [f.requestId, { code: f.code, itemName }]]));
    });
    return () => {
      live = false;
      offStatus();
      offTicket();
      offFailed();
    };
  }, [api, pending]);

  const connected = status?.connection === 'connected';
  useEffect(() => {
    if (!connected) return;
    let live = true;
    api.whoami().then((me) => live && setRoles(me ? me.roles : null), () => undefined);
    return () => {
      live = false;
    };
  }, [api, connected]);

  const navigate = useCallback((page: TrayPage, ...params: string[]) => {
    window.location.hash = pageHash(page, ...params);
  }, []);

  const setLanguage = useCallback((l: Language) => languages.set(l), [languages]);
  const ctx: AppContextValue = { api, lang, status, ticketEvent, failedCommands, pending, storage, navigate, setLanguage, now };
  const Page = PAGES[route.page];
  const offline = status !== null && status.connection !== 'connected';

  return (
    <AppContext.Provider value={ctx}>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {pick(T.chrome.skip, lang)}
      </a>
      <header class="app-header">
        <div class="brand">
          <svg class="brand-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <rect x="2" y="3" width="20" height="14" rx="2" />
            <path d="M8 21h8M12 17v4M8 10l3 3 5-6" />
          </svg>
          <span>{pick(T.chrome.appName, lang)}</span>
        </div>
        <nav aria-label={pick(T.nav.label, lang)}>
          <ul class="nav">
            {TrayPages.filter((p) => p !== 'approvals' || roles === null || roles.includes('team_lead') || route.page === p).map((p) => (
              <li key={p}>
                <a href={pageHash(p)} aria-current={p === route.page ? 'page' : undefined}>
                  {pick(T.nav[p], lang)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="header-controls">
          <div class="segmented" role="group" aria-label={pick(T.chrome.language, lang)}>
            {(['id', 'en'] as const).map((l) => (
              <button key={l} type="button" aria-pressed={lang === l} onClick={() => languages.set(l)} lang={l}>
                {l === 'id' ? 'ID' : 'EN'}
                <span class="sr-only">{l === 'id' ? ' Bahasa Indonesia' : ' English'}</span>
              </button>
            ))}
          </div>
          <label class="theme-select">
            <span class="sr-only">{pick(T.chrome.theme, lang)}</span>
            <select value={theme} onChange={(e) => setTheme((e.currentTarget as HTMLSelectElement).value as ThemeChoice)}>
              {(['system', 'light', 'dark'] as const).map((c) => (
                <option key={c} value={c}>
                  {pick(c === 'system' ? T.chrome.themeSystem : c === 'light' ? T.chrome.themeLight : T.chrome.themeDark, lang)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <div aria-live="polite" class="banner-slot">
        {statusError ? <div class="banner banner-offline">{errorText(statusError, lang)}</div> : null}
        {offline && !statusError ? <div class="banner banner-offline">{pick(T.chrome.offline, lang)}</div> : null}
      </div>
      <main id="main" tabIndex={-1}>
        <Page key={route.page} params={route.params} />
      </main>
    </AppContext.Provider>
  );
}

/** The skip link moves focus without changing the fragment (the fragment names the page). */
function skipToMain(e: Event): void {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

export function NoBridge({ lang }: { lang: Language }) {
  return (
    <main id="main">
      <p class="notice notice-error" role="alert">
        {pick(T.chrome.noBridge, lang)}
      </p>
    </main>
  );
}
