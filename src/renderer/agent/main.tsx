/**
 * The tray window's entry: the preload put the typed AgentApi on `window.pasang` (src/shared/agentApiBridge.ts); the
 * page has no other way to the agent, no network (CSP connect-src 'none') and no Node.
 */
import { render } from 'preact';
import type { AgentApi } from '../../shared/agentApi';
import { BRIDGE_GLOBAL } from '../../shared/agentApiBridge';
import { LanguageState } from '../ui/language';
import { App, NoBridge } from './App';

function storageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const root = document.getElementById('app')!;
const api = (window as unknown as Record<string, AgentApi | undefined>)[BRIDGE_GLOBAL];
const storage = storageOrNull();
if (api) render(<App api={api} storage={storage} />, root);
else render(<NoBridge lang={new LanguageState(storage).value} />, root);
