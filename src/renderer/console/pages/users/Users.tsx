/**
 * Users, teams and roles (admins): people paged and searched on the server, added and edited (roles, team, NIP,
 * qualification, disabled), their single-sign-on link removed, and teams with their Ketua Tim. Every change goes through the people routes, which audit it.
 */
import { useState } from 'preact/hooks';
import type { TeamView, UserView } from '../../../../shared/peopleApi';
import { Roles, type Role } from '../../../../shared/roles';
import { Button } from '../../../ui/Button';
import { DataTable, type Column } from '../../../ui/DataTable';
import { Dialog } from '../../../ui/Dialog';
import { errorTextOf } from '../../../ui/errorText';
import { useToasts } from '../../../ui/Toasts';
import { useLoaded } from '../../../ui/useLoaded';
import type { PageProps } from '../pageTypes';
import { SsoLinkCell } from './SsoLinkCell';
import { Teams } from './Teams';
import { UserForm } from './UserForm';
import { RoleText, UsersText as T } from './usersText';

const LIMIT = 25;

export function Users({ api, lang }: PageProps) {
  const t = (x: { id: string; en: string }) => x[lang];
  const toasts = useToasts();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<UserView | null>(null);
  const teams = useLoaded(() => api.get<{ items: TeamView[] }>('/api/v1/teams'), []);
  const users = useLoaded(() => {
    const q = new URLSearchParams({ limit: String(LIMIT), offset: String(offset) });
    if (search.trim()) q.set('search', search.trim());
    if (role) q.set('role', role);
    if (includeDisabled) q.set('includeDisabled', 'true');
    return api.get<{ total: number; items: UserView[] }>(`/api/v1/users?${q.toString()}`);
  }, [search, role, includeDisabled, offset]);
  const teamList = teams.data?.items ?? [];
  const teamName = (id: string | null) => (id ? (teamList.find((x) => x.id === id)?.name ?? id) : '—');

  async function setDisabled(u: UserView, disabled: boolean) {
    try {
      await api.patch(`/api/v1/users/${encodeURIComponent(u.id)}`, { disabled });
      toasts.show(t(T.saved), 'ok');
      users.reload();
    } catch (err) {
      toasts.show(errorTextOf(err, lang), 'bad');
    }
  }

  const columns: Column<UserView>[] = [
    { key: 'name', header: t(T.displayName), cell: (u) => u.displayName },
    { key: 'username', header: t(T.username), cell: (u) => <code>{u.username}</code> },
    { key: 'nip', header: t(T.nip), cell: (u) => u.nip ?? '—' },
    { key: 'team', header: t(T.team), cell: (u) => teamName(u.teamId) },
    { key: 'roles', header: t(T.roles), cell: (u) => u.roles.map((r) => RoleText[r][lang]).join(', ') },
    {
      key: 'status',
      header: t(T.status),
      cell: (u) => (
        <span class={`badge tone-${u.disabled ? 'idle' : 'ok'}`}>{u.disabled ? t(T.disabled) : t(T.active)}</span>
      ),
    },
    { key: 'sso', header: t(T.sso), cell: (u) => <SsoLinkCell api={api} lang={lang} user={u} onRemoved={() => users.reload()} /> },
    {
      key: 'actions',
      header: '',
      cell: (u) => (
        <div class="btn-row">
          <Button small onClick={() => setEditing(u)} aria-label={`${t(T.edit)} ${u.displayName}`}>
            {t(T.edit)}
          </Button>
          <Button small variant={u.disabled ? 'default' : 'danger'} onClick={() => void setDisabled(u, !u.disabled)}>
            {u.disabled ? t(T.enable) : t(T.disable)}
          </Button>
        </div>
      ),
    },
  ];
  return (
    <section>
      <h1>{t(T.title)}</h1>
      <section class="card" aria-labelledby="new-user-title">
        <h2 id="new-user-title">{t(T.create)}</h2>
        <UserForm
          api={api}
          lang={lang}
          teams={teamList}
          onDone={() => {
            toasts.show(t(T.created), 'ok');
            users.reload();
            teams.reload();
          }}
        />
      </section>
      <h2>{t(T.users)}</h2>
      <div class="filters">
        <span class="field-inline">
          <label for="users-search">{t(T.search)}</label>
          <input
            id="users-search"
            type="search"
            value={search}
            onInput={(e) => {
              setSearch((e.target as HTMLInputElement).value);
              setOffset(0);
            }}
          />
        </span>
        <span class="field-inline">
          <label for="users-role">{t(T.role)}</label>
          <select
            id="users-role"
            value={role}
            onChange={(e) => {
              setRole((e.target as HTMLSelectElement).value as Role | '');
              setOffset(0);
            }}
          >
            <option value="">{t(T.anyRole)}</option>
            {Roles.map((r) => (
              <option key={r} value={r}>
                {RoleText[r][lang]}
              </option>
            ))}
          </select>
        </span>
        <label class="check-inline">
          <input
            type="checkbox"
            checked={includeDisabled}
            onChange={(e) => setIncludeDisabled((e.target as HTMLInputElement).checked)}
          />
          {t(T.showDisabled)}
        </label>
      </div>
      {users.error ? <p class="form-error">{errorTextOf(users.error, lang)}</p> : null}
      <DataTable
        caption={t(T.users)}
        columns={columns}
        rows={users.data?.items ?? []}
        rowKey={(u) => u.id}
        total={users.data?.total ?? 0}
        offset={offset}
        limit={LIMIT}
        onOffset={setOffset}
        lang={lang}
        loading={users.loading}
      />
      <Teams api={api} lang={lang} teams={teamList} error={teams.error} onChanged={() => teams.reload()} />
      <Dialog
        open={editing !== null}
        title={`${t(T.editTitle)}: ${editing?.displayName ?? ''}`}
        onClose={() => setEditing(null)}
      >
        {editing ? (
          <UserForm
            api={api}
            lang={lang}
            teams={teamList}
            user={editing}
            onCancel={() => setEditing(null)}
            onDone={() => {
              toasts.show(t(T.saved), 'ok');
              setEditing(null);
              users.reload();
              teams.reload();
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}
