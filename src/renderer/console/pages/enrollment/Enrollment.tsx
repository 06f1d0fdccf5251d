/**
 * Enrollment tokens (admins): create one with a number of uses and an expiry; the token is shown once — the server
 * stores only its hash — with the exact commands that enroll a PC with it. Below, the tokens made so far, each
 * revocable (TokenList).
 */
import { useEffect, useState } from 'preact/hooks';
import { Button } from '../../../ui/Button';
import { errorTextOf } from '../../../ui/errorText';
import { useOfficeTime } from '../../app/officeTime';
import type { PageProps } from '../pageTypes';
import { installCommands } from './installCommands';
import { TokenList } from './TokenList';

const T = {
  title: { id: 'Token pendaftaran PC', en: 'PC enrollment tokens' },
  intro: {
    id: 'Token mendaftarkan PC ke server ini. Token hanya ditampilkan sekali: salin perintah di bawah sebelum meninggalkan halaman.',
    en: 'A token enrolls PCs with this server. It is shown only once: copy the commands below before leaving the page.',
  },
  uses: { id: 'Jumlah pemakaian', en: 'Number of uses' },
  unlimited: { id: 'Tanpa batas pemakaian', en: 'Unlimited uses' },
  expiry: { id: 'Berlaku (jam)', en: 'Valid for (hours)' },
  noExpiry: { id: 'Tanpa kedaluwarsa', en: 'Never expires' },
  note: { id: 'Catatan (mis. ruang atau tim)', en: 'Note (e.g. room or team)' },
  serverUrl: { id: 'Alamat server untuk PC', en: 'Server address for PCs' },
  create: { id: 'Buat token', en: 'Create token' },
  token: { id: 'Token', en: 'Token' },
  expires: { id: 'Kedaluwarsa', en: 'Expires' },
  never: { id: 'tidak pernah', en: 'never' },
  once: { id: 'Ditampilkan sekali saja.', en: 'Shown this once only.' },
  commands: { id: 'Perintah pemasangan', en: 'Install commands' },
  copy: { id: 'Salin', en: 'Copy' },
  copied: { id: 'Tersalin', en: 'Copied' },
};

interface Created {
  id: string;
  token: string;
  expiresAt: string | null;
}

export function Enrollment({ api, lang }: PageProps) {
  const t = (x: { id: string; en: string }) => x[lang];
  const timeAt = useOfficeTime(lang);
  const [made, setMade] = useState(0);
  const [uses, setUses] = useState('10');
  const [unlimited, setUnlimited] = useState(false);
  const [hours, setHours] = useState('72');
  const [noExpiry, setNoExpiry] = useState(false);
  const [note, setNote] = useState('');
  const [serverUrl, setServerUrl] = useState(window.location.origin);
  const [version, setVersion] = useState('x.y.z');
  const [created, setCreated] = useState<Created | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    // The installers are named by the version the server was built with (one version for server and agent).
    fetch('/healthz', { credentials: 'same-origin' })
      .then((r) => r.json() as Promise<{ version?: string }>)
      .then((h) => h.version && setVersion(h.version))
      .catch(() => undefined);
  }, []);

  async function create(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        uses: unlimited ? null : Number(uses),
        expiresInSec: noExpiry ? null : Math.round(Number(hours) * 3600),
        ...(note.trim() ? { note: note.trim() } : {}),
      };
      setCreated(await api.post<Created>('/api/v1/enroll-tokens', body));
      setMade((n) => n + 1);
    } catch (err) {
      setError(errorTextOf(err, lang));
    } finally {
      setBusy(false);
    }
  }

  async function copy(key: string, text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(key);
    } catch {
      setCopied(null);
    }
  }

  const url = serverUrl.trim().replace(/\/+$/, '');
  return (
    <section>
      <h1>{t(T.title)}</h1>
      <p class="muted">{t(T.intro)}</p>
      <form class="card" onSubmit={create}>
        <div class="filters">
          <span class="field-inline">
            <label for="enroll-uses">{t(T.uses)}</label>
            <input
              id="enroll-uses"
              type="number"
              min={1}
              max={1000000}
              required={!unlimited}
              disabled={unlimited}
              value={uses}
              onInput={(e) => setUses((e.target as HTMLInputElement).value)}
            />
          </span>
          <label class="check-inline">
            <input
              type="checkbox"
              checked={unlimited}
              onChange={(e) => setUnlimited((e.target as HTMLInputElement).checked)}
            />
            {t(T.unlimited)}
          </label>
          <span class="field-inline">
            <label for="enroll-hours">{t(T.expiry)}</label>
            <input
              id="enroll-hours"
              type="number"
              min={1}
              max={8784}
              required={!noExpiry}
              disabled={noExpiry}
              value={hours}
              onInput={(e) => setHours((e.target as HTMLInputElement).value)}
            />
          </span>
          <label class="check-inline">
            <input
              type="checkbox"
              checked={noExpiry}
              onChange={(e) => setNoExpiry((e.target as HTMLInputElement).checked)}
            />
            {t(T.noExpiry)}
          </label>
          <span class="field-inline">
            <label for="enroll-note">{t(T.note)}</label>
            <input
              id="enroll-note"
              maxLength={256}
              value={note}
              onInput={(e) => setNote((e.target as HTMLInputElement).value)}
            />
          </span>
          <span class="field-inline">
            <label for="enroll-server">{t(T.serverUrl)}</label>
            <input
              id="enroll-server"
              type="url"
              required
              pattern="https?://.+"
              size={32}
              value={serverUrl}
              onInput={(e) => setServerUrl((e.target as HTMLInputElement).value)}
            />
          </span>
        </div>
        {error ? (
          <p class="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <Button type="submit" variant="primary" busy={busy}>
          {t(T.create)}
        </Button>
      </form>
      {created ? (
        <section class="card" aria-labelledby="token-title" data-testid="enroll-token">
          <h2 id="token-title">{t(T.token)}</h2>
          <p role="status">
            <strong>{t(T.once)}</strong>
          </p>
          <dl class="facts">
            <dt>{t(T.token)}</dt>
            <dd>
              <code data-testid="enroll-token-value">{created.token}</code>
            </dd>
            <dt>{t(T.expires)}</dt>
            <dd>{created.expiresAt ? timeAt(created.expiresAt) : t(T.never)}</dd>
          </dl>
          <h3>{t(T.commands)}</h3>
          {installCommands(url, created.token, version).map((c) => (
            <div key={c.key} data-command={c.key}>
              <h4 id={`cmd-${c.key}`}>{c.title[lang]}</h4>
              <pre
                class="mono"
                aria-labelledby={`cmd-${c.key}`}
                style={{
                  whiteSpace: 'pre-wrap',
                  overflowWrap: 'anywhere',
                  background: 'var(--surface-2)',
                  padding: '0.5rem',
                  borderRadius: 'var(--radius)',
                }}
              >
                {c.command}
              </pre>
              <Button small onClick={() => void copy(c.key, c.command)}>
                {copied === c.key ? t(T.copied) : t(T.copy)}
              </Button>
            </div>
          ))}
        </section>
      ) : null}
      <TokenList api={api} lang={lang} refreshKey={made} />
    </section>
  );
}
