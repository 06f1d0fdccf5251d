/**
 * Klaim akun komputer (on the Approvals page, for a Ketua Tim): OS accounts on office PCs that named a team member's
 * NIP at their first request. The Ketua Tim confirms that the account is that person's, or refuses the claim (the
 * account is then unknown again). Hidden for anyone the server does not let decide (FORBIDDEN).
 */
import { useState } from 'preact/hooks';
import type { OsAccountClaim, OsAccountClaimDecision } from '../../../shared/protocol/userOps';
import { pick } from '../../ui/language';
import { useApp, useLoad } from '../appContext';
import { Notice } from '../components/Notice';
import { errorCode, errorText } from '../errorText';
import { formatTime } from '../format';
import { T } from '../strings';

/** `refresh`: any change re-reads the claims (a ticket event, the page's refresh button). */
export function OsAccountClaims({ refresh }: { refresh: string }) {
  const { api, lang } = useApp();
  const loaded = useLoad(() => api.osAccountClaims(), [refresh]);
  // Decided here: kept on screen with the outcome until the next refresh.
  const [decided, setDecided] = useState<Map<string, OsAccountClaimDecision>>(new Map());
  if (loaded.error && errorCode(loaded.error) === 'FORBIDDEN') return null;
  const rows = [...(loaded.data?.items ?? [])];
  return (
    <section aria-labelledby="claims-title" class="claims">
      <h2 id="claims-title">{pick(T.claims.title, lang)}</h2>
      <p class="intro">{pick(T.claims.intro, lang)}</p>
      {loaded.error ? <Notice kind="error">{errorText(loaded.error, lang)}</Notice> : null}
      <ul class="tickets" aria-busy={loaded.loading}>
        {rows.map((c) => (
          <ClaimRow key={c.id} claim={c} decided={decided.get(c.id) ?? null} onDecided={(d) => setDecided((prev) => new Map(prev).set(c.id, d))} />
        ))}
      </ul>
      {!loaded.loading && loaded.data && rows.length === 0 ? <p class="empty">{pick(T.claims.none, lang)}</p> : null}
    </section>
  );
}

function ClaimRow({ claim, decided, onDecided }: { claim: OsAccountClaim; decided: OsAccountClaimDecision | null; onDecided(d: OsAccountClaimDecision): void }) {
  const { api, lang } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const headingId = `claim-${claim.id}`;

  async function decide(decision: OsAccountClaimDecision) {
    setBusy(true);
    setError(null);
    try {
      await api.decideOsAccountClaim(claim.id, decision);
      onDecided(decision);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="ticket card claim" aria-labelledby={headingId} data-claim-id={claim.id}>
      <h3 id={headingId}>
        {claim.person.name}
        {claim.person.nip ? ` · NIP ${claim.person.nip}` : ''}
      </h3>
      <dl class="facts">
        <dt>{pick(T.claims.osUser, lang)}</dt>
        <dd>{claim.osUser}</dd>
        <dt>{pick(T.claims.pc, lang)}</dt>
        <dd>{claim.hostname ?? claim.agentId ?? pick(T.claims.anyPc, lang)}</dd>
        <dt>{pick(T.claims.claimedAt, lang)}</dt>
        <dd>{formatTime(claim.claimedAt, lang)}</dd>
      </dl>
      {decided === null ? (
        <div class="actions">
          <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void decide('confirm')} aria-describedby={headingId}>
            {pick(T.claims.confirm, lang)}
          </button>
          <button type="button" class="btn btn-danger" disabled={busy} onClick={() => void decide('refuse')} aria-describedby={headingId}>
            {pick(T.claims.refuse, lang)}
          </button>
        </div>
      ) : (
        <Notice kind="ok">{pick(decided === 'confirm' ? T.claims.confirmed : T.claims.refused, lang)}</Notice>
      )}
      {error ? <Notice kind="error">{errorText(error, lang)}</Notice> : null}
    </li>
  );
}
