/** Teams with their Ketua Tim (a person holding team_lead) and member count: add, rename, change the lead, delete empty ones. */
import { useState } from 'preact/hooks';
import type { TeamView, UserView } from '../../../../shared/peopleApi';
import { Button } from '../../../ui/Button';
import { errorTextOf } from '../../../ui/errorText';
import type { Language } from '../../../ui/language';
import { useToasts } from '../../../ui/Toasts';
import { useLoaded } from '../../../ui/useLoaded';
import type { ApiClient } from '../../app/api';
import { UsersText as T } from './usersText';

export interface TeamsProps {
  api: ApiClient;
  lang: Language;
  teams: readonly TeamView[];
  error: unknown;
  onChanged(): void;
}

export function Teams({ api, lang, teams, error, onChanged }: TeamsProps) {
  const t = (x: { id: string; en: string }) => x[lang];
  const toasts = useToasts();
  const leads = useLoaded(() => api.get<{ items: UserView[] }>('/api/v1/users?role=team_lead&limit=500'), [teams]);
  const [name, setName] = useState('');
  const [leadUserId, setLeadUserId] = useState('');
  const [busy, setBusy] = useState(false);
  const leadList = leads.data?.items ?? [];

  async function act(fn: () => Promise<unknown>) {
    try {
      await fn();
      toasts.show(t(T.saved), 'ok');
      onChanged();
    } catch (err) {
      toasts.show(errorTextOf(err, lang), 'bad');
    }
  }

  return (
    <section aria-labelledby="teams-title">
      <h2 id="teams-title">{t(T.teams)}</h2>
      {error ? <p class="form-error">{errorTextOf(error, lang)}</p> : null}
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          void act(async () => {
            await api.post('/api/v1/teams', { name: name.trim(), ...(leadUserId ? { leadUserId } : {}) });
            setName('');
            setLeadUserId('');
          }).finally(() => setBusy(false));
        }}
      >
        <span class="field-inline">
          <label for="team-name">{t(T.teamName)}</label>
          <input
            id="team-name"
            required
            maxLength={100}
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
        </span>
        <span class="field-inline">
          <label for="team-lead">{t(T.lead)}</label>
          <select
            id="team-lead"
            value={leadUserId}
            onChange={(e) => setLeadUserId((e.target as HTMLSelectElement).value)}
          >
            <option value="">{t(T.noLead)}</option>
            {leadList.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
        </span>
        <Button type="submit" variant="primary" busy={busy}>
          {t(T.addTeam)}
        </Button>
      </form>
      <div class="table-wrap">
        <table class="data">
          <caption class="sr-only">{t(T.teams)}</caption>
          <thead>
            <tr>
              <th scope="col">{t(T.teamName)}</th>
              <th scope="col">{t(T.lead)}</th>
              <th scope="col">{t(T.members)}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {teams.map((tm) => (
              <tr key={tm.id}>
                <td>{tm.name}</td>
                <td>
                  <label class="sr-only" for={`lead-${tm.id}`}>
                    {t(T.lead)} {tm.name}
                  </label>
                  <select
                    id={`lead-${tm.id}`}
                    value={tm.leadUserId ?? ''}
                    onChange={(e) => {
                      const v = (e.target as HTMLSelectElement).value;
                      void act(() =>
                        api.patch(`/api/v1/teams/${encodeURIComponent(tm.id)}`, { leadUserId: v || null }),
                      );
                    }}
                  >
                    <option value="">{t(T.noLead)}</option>
                    {leadList.map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.displayName}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{tm.memberCount}</td>
                <td>
                  <Button
                    small
                    variant="danger"
                    disabled={tm.memberCount > 0}
                    onClick={() => void act(() => api.delete(`/api/v1/teams/${encodeURIComponent(tm.id)}`))}
                  >
                    {t(T.deleteTeam)}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
