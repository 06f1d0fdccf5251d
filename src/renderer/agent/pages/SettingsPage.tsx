/** Pengaturan: which server, the connection now (live), what waits in the outbox, the language and the logs folder. */
import { pick } from '../../ui/language';
import { useApp } from '../appContext';
import { T } from '../strings';

export function SettingsPage(_props: { params: string[] }) {
  const { lang, status, setLanguage } = useApp();
  const none = pick(T.settings.none, lang);
  return (
    <section aria-labelledby="page-title" class="page">
      <h1 id="page-title">{pick(T.settings.title, lang)}</h1>
      <div class="card">
        <dl class="facts">
          <dt>{pick(T.settings.server, lang)}</dt>
          <dd class="mono">{status?.serverUrl ?? none}</dd>
          <dt>{pick(T.settings.connection, lang)}</dt>
          <dd aria-live="polite">
            <span class={`dot dot-${status?.connection ?? 'connecting'}`} aria-hidden="true" />
            {status ? pick(T.connection[status.connection], lang) : pick(T.chrome.loading, lang)}
          </dd>
          <dt>{pick(T.settings.agentId, lang)}</dt>
          <dd class="mono">{status?.agentId ?? none}</dd>
          <dt>{pick(T.settings.outbox, lang)}</dt>
          <dd>{status?.outbox ?? none}</dd>
          <dt>{pick(T.settings.queuedRequests, lang)}</dt>
          <dd>{status?.queuedRequests ?? none}</dd>
          <dt>{pick(T.settings.installing, lang)}</dt>
          <dd>{status?.installing ? `${status.installing.itemName ?? status.installing.jobId} (${status.installing.state})` : pick(T.settings.nothing, lang)}</dd>
          <dt>{pick(T.settings.logs, lang)}</dt>
          <dd class="mono">{status?.logsDir ?? none}</dd>
        </dl>
      </div>
      <fieldset class="card">
        <legend>{pick(T.chrome.language, lang)}</legend>
        {(['id', 'en'] as const).map((l) => (
          <label key={l} class="radio" lang={l}>
            <input type="radio" name="language" value={l} checked={lang === l} onChange={() => setLanguage(l)} />
            {l === 'id' ? 'Bahasa Indonesia' : 'English'}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
