/** The technician console's entry: the API client, the remembered language and theme, and the app. */
import { render } from 'preact';
import { LanguageState } from '../ui/language';
import { ThemeState } from '../ui/theme';
import { createApiClient } from './app/api';
import { App } from './app/App';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled by policy: choices last for the page only
  }
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App api={createApiClient()} language={new LanguageState(storage())} theme={new ThemeState(storage(), document.documentElement)} />, root);
}
