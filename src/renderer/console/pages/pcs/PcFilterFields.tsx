/**
 * The PC filter's controls (src/shared/pcFilter.ts), one labelled field per filter field: host name, connection, OS,
 * the users' team, an installed program (at a minimum version, installed or not), and specs (RAM, free system disk,
 * CPU cores and model). Used by the PCs page and by the bulk push's PC chooser, each with its own id prefix; the
 * caller holds the form and decides when it becomes a filter.
 */
import type { TeamView } from '../../../../shared/peopleApi';
import type { Language } from '../../../ui/language';
import { useLoaded } from '../../../ui/useLoaded';
import type { ApiClient } from '../../app/api';
import type { PcFilterForm } from './pcFilterForm';
import { PcText as T } from './pcText';

export interface PcFilterFieldsProps {
  api: ApiClient;
  lang: Language;
  /** Element ids are `<idPrefix>-<field>` (`pc-search`, `push-team`, …). */
  idPrefix: string;
  form: PcFilterForm;
  onChange(form: PcFilterForm): void;
}

export function PcFilterFields({ api, lang, idPrefix, form, onChange }: PcFilterFieldsProps) {
  const t = (x: { id: string; en: string }) => x[lang];
  const teams = useLoaded(() => api.get<{ items: TeamView[] }>('/api/v1/teams'), []);
  const set = (key: keyof PcFilterForm) => (e: Event) => onChange({ ...form, [key]: (e.target as HTMLInputElement | HTMLSelectElement).value });
  const id = (name: string) => `${idPrefix}-${name}`;
  const text = (name: string, key: keyof PcFilterForm, label: { id: string; en: string }, extra: Record<string, unknown> = {}) => (
    <span class="field-inline">
      <label for={id(name)}>{t(label)}</label>
      <input id={id(name)} value={form[key]} onInput={set(key)} {...extra} />
    </span>
  );
  const hasProgram = form.software.trim() !== '';
  return (
    <>
      {text('search', 'search', T.search, { type: 'search', maxLength: 100 })}
      <span class="field-inline">
        <label for={id('online')}>{t(T.online)}</label>
        <select id={id('online')} value={form.online} onChange={set('online')}>
          <option value="">{t(T.any)}</option>
          <option value="true">{t(T.isOnline)}</option>
          <option value="false">{t(T.isOffline)}</option>
        </select>
      </span>
      <span class="field-inline">
        <label for={id('os')}>{t(T.os)}</label>
        <select id={id('os')} value={form.os} onChange={set('os')}>
          <option value="">{t(T.any)}</option>
          <option value="windows">Windows</option>
          <option value="linux">Linux</option>
          <option value="macos">macOS</option>
          <option value="other">{t(T.otherOs)}</option>
        </select>
      </span>
      <span class="field-inline">
        <label for={id('team')}>{t(T.team)}</label>
        <select id={id('team')} value={form.teamId} onChange={set('teamId')}>
          <option value="">{t(T.any)}</option>
          {(teams.data?.items ?? []).map((tm) => (
            <option key={tm.id} value={tm.id}>
              {tm.name}
            </option>
          ))}
          {/* A team named by the URL that is not (yet) in the list stays chosen rather than silently dropped. */}
          {form.teamId && teams.data && !teams.data.items.some((tm) => tm.id === form.teamId) ? <option value={form.teamId}>{form.teamId}</option> : null}
        </select>
      </span>
      {text('software', 'software', T.program, { type: 'search', maxLength: 256, title: t(T.programHint), placeholder: t(T.programHint) })}
      {text('software-version', 'softwareMinVersion', T.programMinVersion, { maxLength: 64, inputMode: 'decimal', disabled: !hasProgram, size: 8 })}
      <span class="field-inline">
        <label for={id('software-state')}>{t(T.programState)}</label>
        <select id={id('software-state')} value={form.softwareMissing === 'true' ? 'true' : ''} onChange={set('softwareMissing')} disabled={!hasProgram}>
          <option value="">{t(T.programInstalled)}</option>
          <option value="true">{t(T.programMissing)}</option>
        </select>
      </span>
      {text('min-ram', 'minMemoryBytes', T.minRam, { type: 'number', min: 0, step: 'any', size: 5 })}
      {text('min-disk', 'minFreeDiskBytes', T.minDisk, { type: 'number', min: 0, step: 'any', size: 5 })}
      {text('min-cores', 'minCpuCores', T.minCores, { type: 'number', min: 1, max: 4096, step: 1, size: 4 })}
      {text('cpu', 'cpu', T.cpuModel, { type: 'search', maxLength: 100 })}
    </>
  );
}
