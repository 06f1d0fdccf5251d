/**
 * Add or edit a person: name, NIP (checked here by the same rule the server applies, with its reason in the page's
 * language), e-mail, team, roles, technician qualification, and an initial password when adding. The server's
 * refusal is shown translated by its code.
 */
import { useState } from 'preact/hooks';
import { normalizeNip } from '../../../../shared/people/nip';
import { Qualifications, type Qualification } from '../../../../shared/people/qualifications';
import type { TeamView, UserView } from '../../../../shared/peopleApi';
import { Roles, type Role } from '../../../../shared/roles';
import { Button } from '../../../ui/Button';
import { errorTextOf } from '../../../ui/errorText';
import type { Language } from '../../../ui/language';
import type { ApiClient } from '../../app/api';
import { RoleText, UsersText as T } from './usersText';

export interface UserFormProps {
  api: ApiClient;
  lang: Language;
  teams: readonly TeamView[];
  /** Editing this person; absent: adding one. */
  user?: UserView;
  onDone(user: UserView): void;
  onCancel?(): void;
}

export function UserForm({ api, lang, teams, user, onDone, onCancel }: UserFormProps) {
  const t = (x: { id: string; en: string }) => x[lang];
  const prefix = user ? 'edit' : 'new';
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [nip, setNip] = useState(user?.nip ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [teamId, setTeamId] = useState(user?.teamId ?? '');
  const [roles, setRoles] = useState<Role[]>(user?.roles ?? ['employee']);
  const [qualification, setQualification] = useState<Qualification | ''>(
    (user?.qualification as Qualification | null | undefined) ?? '',
  );
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nipCheck = nip.trim() ? normalizeNip(nip) : null;
  const nipError = nipCheck && !nipCheck.ok ? nipCheck.reason[lang] : null;

  async function submit(e: Event) {
    e.preventDefault();
    if (nipError) return;
    if (roles.length === 0) {
      setError(t(T.needRole));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const common = {
        displayName: displayName.trim(),
        roles,
      };
      const saved = user
        ? await api.patch<UserView>(`/api/v1/users/${encodeURIComponent(user.id)}`, {
            ...common,
            nip: nip.trim() || null,
            email: email.trim() || null,
            teamId: teamId || null,
            qualification: qualification || null,
          })
        : await api.post<UserView>('/api/v1/users', {
            ...common,
            username: username.trim(),
            ...(nip.trim() ? { nip: nip.trim() } : {}),
            ...(email.trim() ? { email: email.trim() } : {}),
            ...(teamId ? { teamId } : {}),
            ...(qualification ? { qualification } : {}),
            ...(password ? { password } : {}),
          });
      onDone(saved);
      if (!user) {
        setUsername('');
        setDisplayName('');
        setNip('');
        setEmail('');
        setPassword('');
      }
    } catch (err) {
      setError(errorTextOf(err, lang));
    } finally {
      setBusy(false);
    }
  }

  const id = (f: string) => `${prefix}-user-${f}`;
  return (
    <form onSubmit={submit} data-testid={`${prefix}-user-form`}>
      <div class="filters">
        {user ? null : (
          <span class="field-inline">
            <label for={id('username')}>{t(T.username)}</label>
            <input
              id={id('username')}
              required
              minLength={2}
              maxLength={64}
              pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
              value={username}
              onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
            />
          </span>
        )}
        <span class="field-inline">
          <label for={id('name')}>{t(T.displayName)}</label>
          <input
            id={id('name')}
            required
            maxLength={200}
            value={displayName}
            onInput={(e) => setDisplayName((e.target as HTMLInputElement).value)}
          />
        </span>
        <span class="field-inline">
          <label for={id('nip')}>{t(T.nip)}</label>
          <input
            id={id('nip')}
            inputMode="numeric"
            maxLength={40}
            value={nip}
            aria-invalid={nipError ? 'true' : 'false'}
            aria-describedby={nipError ? id('nip-error') : undefined}
            onInput={(e) => setNip((e.target as HTMLInputElement).value)}
          />
          {nipError ? (
            <span id={id('nip-error')} class="form-error" role="alert">
              {nipError}
            </span>
          ) : null}
        </span>
        <span class="field-inline">
          <label for={id('email')}>{t(T.email)}</label>
          <input
            id={id('email')}
            type="email"
            maxLength={254}
            value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
        </span>
        <span class="field-inline">
          <label for={id('team')}>{t(T.team)}</label>
          <select id={id('team')} value={teamId} onChange={(e) => setTeamId((e.target as HTMLSelectElement).value)}>
            <option value="">{t(T.noTeam)}</option>
            {teams.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {tm.name}
              </option>
            ))}
          </select>
        </span>
        <span class="field-inline">
          <label for={id('qualification')}>{t(T.qualification)}</label>
          <select
            id={id('qualification')}
            value={qualification}
            onChange={(e) => setQualification((e.target as HTMLSelectElement).value as Qualification | '')}
          >
            <option value="">{t(T.noQualification)}</option>
            {(Object.keys(Qualifications) as Qualification[]).map((q) => (
              <option key={q} value={q}>
                {Qualifications[q][lang]}
              </option>
            ))}
          </select>
        </span>
        {user ? null : (
          <span class="field-inline">
            <label for={id('password')}>{t(T.password)}</label>
            <input
              id={id('password')}
              type="password"
              autoComplete="new-password"
              maxLength={256}
              value={password}
              onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
            />
          </span>
        )}
        <fieldset class="field-inline">
          <legend>{t(T.roles)}</legend>
          {Roles.map((r) => (
            <label class="check-inline" key={r}>
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={(e) =>
                  setRoles((e.target as HTMLInputElement).checked ? [...roles, r] : roles.filter((x) => x !== r))
                }
              />
              {RoleText[r][lang]}
            </label>
          ))}
        </fieldset>
      </div>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="btn-row">
        {onCancel ? <Button onClick={onCancel}>{lang === 'id' ? 'Batal' : 'Cancel'}</Button> : null}
        <Button type="submit" variant="primary" busy={busy} disabled={Boolean(nipError)}>
          {user ? t(T.save) : t(T.create)}
        </Button>
      </div>
    </form>
  );
}
