/**
 * A person's single-sign-on link in the users table: whether an identity of the office's provider logs them in, and —
 * only when one does — a button that removes it after a confirmation (their account at the provider was made again;
 * the next SSO login links again by e-mail). The server audits the removal with it.
 */
import { useState } from 'preact/hooks';
import { oidcLinkPath } from '../../../../shared/oidcLinkApi';
import type { UserView } from '../../../../shared/peopleApi';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/Dialog';
import type { Language } from '../../../ui/language';
import { useToasts } from '../../../ui/Toasts';
import type { ApiClient } from '../../app/api';
import { UsersText as T } from './usersText';

export interface SsoLinkCellProps {
  api: ApiClient;
  lang: Language;
  user: UserView;
  onRemoved(): void;
}

export function SsoLinkCell({ api, lang, user, onRemoved }: SsoLinkCellProps) {
  const toasts = useToasts();
  const [asking, setAsking] = useState(false);
  if (!user.ssoLinked) return <span>—</span>;
  return (
    <span class="btn-row">
      <span class="badge tone-info">{T.ssoLinked[lang]}</span>
      <Button small variant="danger" onClick={() => setAsking(true)} aria-label={`${T.removeSso[lang]}: ${user.displayName}`}>
        {T.removeSso[lang]}
      </Button>
      <ConfirmDialog
        open={asking}
        title={T.removeSsoTitle[lang]}
        message={T.removeSsoQ[lang](user.displayName)}
        confirmLabel={T.removeSso[lang]}
        variant="danger"
        lang={lang}
        onClose={() => setAsking(false)}
        onConfirm={async () => {
          await api.delete(oidcLinkPath(user.id));
          toasts.show(T.ssoRemoved[lang], 'ok');
          onRemoved();
        }}
      />
    </span>
  );
}
