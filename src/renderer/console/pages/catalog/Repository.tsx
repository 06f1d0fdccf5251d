/**
 * The installer repository: upload a file with a progress bar (the raw file as the body, as the server takes it), its
 * SHA-256 shown once stored; and the files already there with their SHA-256, which is what a variant names. Uploading
 * is for admins; technicians see the list.
 */
import { useState } from 'preact/hooks';
import { ArtifactFileNameMaxLength, ArtifactFileNamePattern, type ArtifactRecord } from '../../../../shared/repository';
import { Button } from '../../../ui/Button';
import { DataTable } from '../../../ui/DataTable';
import { formatBytes } from '../../../ui/duration';
import { useOfficeTime } from '../../app/officeTime';
import { errorTextOf } from '../../../ui/errorText';
import type { Language } from '../../../ui/language';
import { ProgressBar } from '../../../ui/ProgressBar';
import type { Loaded } from '../../../ui/useLoaded';
import type { ApiClient } from '../../app/api';
import { CatalogText as T } from './catalogText';

export interface RepositoryProps {
  api: ApiClient;
  lang: Language;
  canUpload: boolean;
  artifacts: Loaded<{ total: number; items: ArtifactRecord[] }>;
  offset: number;
  onOffset(offset: number): void;
  limit: number;
}

export function Repository({ api, lang, canUpload, artifacts, offset, onOffset, limit }: RepositoryProps) {
  const timeAt = useOfficeTime(lang);
  const t = (x: { id: string; en: string }) => x[lang];
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [result, setResult] = useState<{ created: boolean; artifact: ArtifactRecord } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const nameOk = file ? ArtifactFileNamePattern.test(file.name) && file.name.length <= ArtifactFileNameMaxLength : true;

  async function upload(e: Event) {
    e.preventDefault();
    if (!file || !nameOk) return;
    setError(null);
    setResult(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const r = await api.upload<{ created: boolean; artifact: ArtifactRecord }>(
        `/api/v1/repository/artifacts?fileName=${encodeURIComponent(file.name)}`,
        file,
        (sent, total) => setProgress({ sent, total }),
      );
      setResult(r);
      artifacts.reload();
    } catch (err) {
      setError(errorTextOf(err, lang));
    } finally {
      setProgress(null);
    }
  }

  return (
    <section aria-labelledby="repo-title">
      <h2 id="repo-title">{t(T.repository)}</h2>
      {canUpload ? (
        <form class="card" onSubmit={upload} data-testid="upload-form">
          <h3>{t(T.upload)}</h3>
          <div class="filters">
            <span class="field-inline">
              <label for="upload-file">{t(T.chooseFile)}</label>
              <input
                id="upload-file"
                type="file"
                onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
              />
            </span>
            <Button type="submit" variant="primary" disabled={!file || !nameOk} busy={progress !== null}>
              {t(T.upload)}
            </Button>
          </div>
          {!nameOk ? <p class="form-error">{t(T.badFileName)}</p> : null}
          {progress ? (
            <div>
              <ProgressBar fraction={progress.total ? progress.sent / progress.total : null} label={t(T.uploading)} />
              <span class="muted">
                {t(T.uploading)} {formatBytes(progress.sent)} / {formatBytes(progress.total)}
              </span>
            </div>
          ) : null}
          <div aria-live="polite" data-testid="upload-result">
            {result ? (
              <p>
                {result.created ? t(T.uploaded) : t(T.already)}{' '}
                <code data-testid="uploaded-sha256">{result.artifact.sha256}</code>
              </p>
            ) : null}
            {error ? (
              <p class="form-error" role="alert">
                {error}
              </p>
            ) : null}
          </div>
        </form>
      ) : null}
      {artifacts.error ? <p class="form-error">{errorTextOf(artifacts.error, lang)}</p> : null}
      <DataTable
        caption={t(T.repository)}
        columns={[
          { key: 'name', header: t(T.fileName), cell: (a) => a.fileName },
          { key: 'size', header: t(T.size), cell: (a) => formatBytes(a.sizeBytes) },
          {
            key: 'sha',
            header: t(T.sha256),
            cell: (a) => <code style={{ overflowWrap: 'anywhere' }}>{a.sha256}</code>,
          },
          { key: 'at', header: t(T.uploadedAt), cell: (a) => timeAt(a.uploadedAt) },
        ]}
        rows={artifacts.data?.items ?? []}
        rowKey={(a) => a.sha256}
        total={artifacts.data?.total ?? 0}
        offset={offset}
        limit={limit}
        onOffset={onOffset}
        lang={lang}
        loading={artifacts.loading}
      />
    </section>
  );
}
