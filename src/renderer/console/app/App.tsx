/**
 * The console: the session decides between the login page and the shell; the hash decides the page, opened only when
 * the person's roles allow it (a forbidden `#/…` shows "not allowed", not the page).
 */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { LanguageState, Language } from '../../ui/language';
import type { ThemeState, ThemeChoice } from '../../ui/theme';
import { ToastContext, Toasts, useToastState } from '../../ui/Toasts';
import { pages as allPages } from '../pages/registry';
import type { PageDefinition } from '../pages/pageTypes';
import { LoginPage } from '../pages/login/LoginPage';
import type { ApiClient } from './api';
import { mayOpen, navPages } from './access';
import { useHashRoute } from './hashRoute';
import { Layout } from './Layout';
import { useSession } from './session';
import { OfficeTimeContext, useServerOfficeTime } from './officeTime';
import { ShellText as T } from './strings';

export interface AppProps {
  api: ApiClient;
  language: LanguageState;
  theme: ThemeState;
  /** @default pages/registry.ts */
  pages?: readonly PageDefinition[];
}

export function App({ api: base, language, theme, pages = allPages }: AppProps) {
  const [lang, setLang] = useState<Language>(language.value);
  const [themeChoice, setThemeChoice] = useState<ThemeChoice>(theme.value);
  const session = useSession(base);
  const route = useHashRoute();
  const toasts = useToastState();
  const officeTime = useServerOfficeTime(session.api, session.state.kind === 'in');
  useEffect(() => language.onChange(setLang), [language]);
  // Before the frame is painted, with the text it belongs to.
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const t = (x: { id: string; en: string }) => x[lang];

  const state = session.state;
  if (state.kind === 'loading') return <p class="page" aria-busy="true">{t(T.loading)}</p>;
  if (state.kind === 'anonymous') {
    return (
      <LoginPage
        api={base}
        lang={lang}
        onLanguage={(l) => language.set(l)}
        notice={state.ended ? t(T.sessionEnded) : null}
        onLoggedIn={session.loggedIn}
      />
    );
  }
  // Pages write times in the office's zone, which the server says: they wait for it (one small read).
  if (!officeTime) return <p class="page" aria-busy="true">{t(T.loading)}</p>;
  const me = state.me;
  const nav = navPages(pages, me.roles);
  const page = route.path === '' ? nav[0] : pages.find((p) => p.path === route.path);
  let body;
  if (!page) body = <p class="notice">{nav.length === 0 ? t(T.noPages) : t(T.notFound)}</p>;
  else if (!mayOpen(page, me.roles))
    body = (
      <section class="notice" role="alert" data-testid="not-allowed">
        <h1>{t(T.notAllowedTitle)}</h1>
        <p>{t(T.notAllowed)}</p>
      </section>
    );
  else {
    const Page = page.component;
    // keyed by path and params: moving to another ticket or PC starts the page afresh (its streams closed).
    body = <Page key={`${page.path}/${route.params.join('/')}`} api={session.api} me={me} lang={lang} params={route.params} navigate={(h) => (window.location.hash = h)} />;
  }
  return (
    <OfficeTimeContext.Provider value={officeTime}>
      <ToastContext.Provider value={toasts.api}>
        <Layout
          me={me}
          lang={lang}
          nav={nav}
          current={page?.path ?? ''}
          theme={themeChoice}
          onLanguage={(l) => language.set(l)}
          onTheme={(c) => {
            theme.set(c);
            setThemeChoice(c);
          }}
          onLogout={() => void session.logout()}
        >
          {body}
        </Layout>
        <Toasts toasts={toasts.toasts} dismiss={toasts.dismiss} closeLabel={t(T.close)} />
      </ToastContext.Provider>
    </OfficeTimeContext.Provider>
  );
}
