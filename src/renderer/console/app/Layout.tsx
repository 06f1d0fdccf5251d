/** The shell around every page: brand, the navigation for this person's roles, language and theme, who, log out. */
import type { ComponentChildren } from 'preact';
import { Languages, type Language } from '../../ui/language';
import type { ThemeChoice } from '../../ui/theme';
import type { Me, PageDefinition } from '../pages/pageTypes';
import { Button } from '../../ui/Button';
import { ShellText as T } from './strings';

export interface LayoutProps {
  me: Me;
  lang: Language;
  nav: PageDefinition[];
  current: string;
  theme: ThemeChoice;
  onLanguage(lang: Language): void;
  onTheme(theme: ThemeChoice): void;
  onLogout(): void;
  children: ComponentChildren;
}

const LANGUAGE_NAMES: Record<Language, string> = { id: 'Bahasa Indonesia', en: 'English' };

export function Layout(p: LayoutProps) {
  const t = (x: { id: string; en: string }) => x[p.lang];
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="#/">
          {t(T.brand)}
        </a>
        <nav class="topnav" aria-label={t(T.nav)}>
          <ul>
            {p.nav.map((page) => (
              <li key={page.path}>
                <a href={`#/${page.path}`} aria-current={page.path === p.current ? 'page' : undefined} data-nav={page.path}>
                  {page.title[p.lang]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="spacer" />
        <span class="field-inline">
          <label for="shell-lang">{t(T.language)}</label>
          <select id="shell-lang" value={p.lang} onChange={(e) => p.onLanguage((e.target as HTMLSelectElement).value as Language)}>
            {Languages.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </span>
        <span class="field-inline">
          <label for="shell-theme">{t(T.theme)}</label>
          <select id="shell-theme" value={p.theme} onChange={(e) => p.onTheme((e.target as HTMLSelectElement).value as ThemeChoice)}>
            <option value="system">{t(T.themeSystem)}</option>
            <option value="light">{t(T.themeLight)}</option>
            <option value="dark">{t(T.themeDark)}</option>
          </select>
        </span>
        <span class="who" data-testid="who">
          {p.me.displayName}
        </span>
        <Button small data-testid="logout" onClick={p.onLogout}>
          {t(T.logout)}
        </Button>
      </header>
      <main class="page" id="main">
        {p.children}
      </main>
    </div>
  );
}
