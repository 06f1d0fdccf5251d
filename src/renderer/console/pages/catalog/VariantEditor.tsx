/** One installer variant: where it runs, how it installs (a package id or an uploaded file), and how it is detected. */
import { ArtifactKinds, KindOs } from '../../../../shared/catalog';
import type { ArtifactRecord } from '../../../../shared/repository';
import { InstallerKinds, OsFamilies, type DetectionRule } from '../../../../shared/install/manifest';
import { Button } from '../../../ui/Button';
import type { Language } from '../../../ui/language';
import { CatalogText as T } from './catalogText';
import type { VariantDraft } from './itemDraft';
import { problemsAt, type ItemProblem } from './itemProblems';

const DetectionKinds: DetectionRule['kind'][] = [
  'dpkg',
  'rpm',
  'file',
  'registry',
  'command',
  'winget',
  'choco',
  'brew',
];
/** The detection that goes with each kind, offered when the kind changes. */
const DefaultDetection: Record<string, DetectionRule['kind']> = {
  winget: 'winget',
  choco: 'choco',
  apt: 'dpkg',
  deb: 'dpkg',
  brew: 'brew',
  msi: 'registry',
  exe: 'registry',
  pkg: 'file',
  archive: 'file',
};

export interface VariantEditorProps {
  index: number;
  value: VariantDraft;
  artifacts: readonly ArtifactRecord[];
  problems: readonly ItemProblem[];
  lang: Language;
  onChange(v: VariantDraft): void;
  onRemove?(): void;
  onUp?(): void;
}

export function VariantEditor({
  index,
  value: v,
  artifacts,
  problems,
  lang,
  onChange,
  onRemove,
  onUp,
}: VariantEditorProps) {
  const t = (x: { id: string; en: string }) => x[lang];
  const id = (f: string) => `variant-${index}-${f}`;
  const base = `/variants/${index}`;
  const usesFile = ArtifactKinds.includes(v.kind);
  const errorsOf = (path: string) => problemsAt(problems, `${base}/${path}`);
  const fieldError = (path: string) => {
    const list = errorsOf(path);
    return list.length ? (
      <span class="form-error" id={id(`${path.replace(/\//g, '-')}-error`)}>
        {list.map((p) => p.text[lang]).join(' ')}
      </span>
    ) : null;
  };
  const set = (patch: Partial<VariantDraft>) => onChange({ ...v, ...patch });
  return (
    <fieldset class="card" data-variant={index}>
      <legend>
        {t(T.variants).split(' (')[0]} {index + 1}
      </legend>
      <div class="filters">
        <span class="field-inline">
          <label for={id('os')}>{t(T.os)}</label>
          <select
            id={id('os')}
            value={v.os}
            onChange={(e) => set({ os: (e.target as HTMLSelectElement).value as VariantDraft['os'] })}
          >
            {OsFamilies.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </span>
        <span class="field-inline">
          <label for={id('kind')}>{t(T.kind)}</label>
          <select
            id={id('kind')}
            value={v.kind}
            onChange={(e) => {
              const kind = (e.target as HTMLSelectElement).value as VariantDraft['kind'];
              set({
                kind,
                detectionKind: DefaultDetection[kind] ?? v.detectionKind,
                os: KindOs[kind].includes(v.os) ? v.os : KindOs[kind][0]!,
              });
            }}
          >
            {InstallerKinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          {fieldError('kind')}
        </span>
        {usesFile ? (
          <span class="field-inline">
            <label for={id('artifact')}>{t(T.artifact)}</label>
            <select
              id={id('artifact')}
              value={v.artifactSha256}
              onChange={(e) => {
                const sha = (e.target as HTMLSelectElement).value;
                const a = artifacts.find((x) => x.sha256 === sha);
                set({
                  artifactSha256: sha,
                  artifact: a ? { sha256: a.sha256, sizeBytes: a.sizeBytes, fileName: a.fileName } : null,
                  packageId: '',
                });
              }}
            >
              <option value="">{t(T.chooseArtifact)}</option>
              {artifacts.map((a) => (
                <option key={a.sha256} value={a.sha256}>
                  {a.fileName} · {a.sha256.slice(0, 12)}…
                </option>
              ))}
            </select>
            {fieldError('artifact')}
          </span>
        ) : (
          <span class="field-inline">
            <label for={id('package')}>{t(T.packageId)}</label>
            <input
              id={id('package')}
              maxLength={200}
              value={v.packageId}
              aria-invalid={errorsOf('packageId').length ? 'true' : 'false'}
              onInput={(e) =>
                set({ packageId: (e.target as HTMLInputElement).value, artifact: null, artifactSha256: '' })
              }
            />
            {fieldError('packageId')}
          </span>
        )}
        <span class="field-inline">
          <label for={id('detection')}>{t(T.detection)}</label>
          <select
            id={id('detection')}
            value={v.detectionKind}
            onChange={(e) =>
              set({ detectionKind: (e.target as HTMLSelectElement).value as VariantDraft['detectionKind'] })
            }
          >
            {DetectionKinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </span>
        <span class="field-inline">
          <label for={id('detection-value')}>{t(T.detectionValue)}</label>
          {v.detectionKind === 'command' ? (
            <textarea
              id={id('detection-value')}
              value={v.detectionValue}
              onInput={(e) => set({ detectionValue: (e.target as HTMLTextAreaElement).value })}
            />
          ) : (
            <input
              id={id('detection-value')}
              maxLength={1024}
              value={v.detectionValue}
              onInput={(e) => set({ detectionValue: (e.target as HTMLInputElement).value })}
            />
          )}
          {fieldError('detection')}
        </span>
        {v.detectionKind === 'dpkg' || v.detectionKind === 'rpm' || v.detectionKind === 'registry' ? (
          <span class="field-inline">
            <label for={id('detection-extra')}>{v.detectionKind === 'registry' ? 'valueName' : t(T.version)}</label>
            <input
              id={id('detection-extra')}
              maxLength={256}
              value={v.detectionExtra}
              onInput={(e) => set({ detectionExtra: (e.target as HTMLInputElement).value })}
            />
          </span>
        ) : null}
        <span class="field-inline">
          <label for={id('args')}>{t(T.args)}</label>
          <textarea
            id={id('args')}
            value={v.args}
            rows={2}
            onInput={(e) => set({ args: (e.target as HTMLTextAreaElement).value })}
          />
          {fieldError('args')}
        </span>
        <span class="field-inline">
          <label for={id('timeout')}>{t(T.timeout)}</label>
          <input
            id={id('timeout')}
            type="number"
            min={10}
            max={21600}
            value={v.timeoutSec}
            onInput={(e) => set({ timeoutSec: (e.target as HTMLInputElement).value })}
          />
          {fieldError('timeoutSec')}
        </span>
      </div>
      <div class="btn-row">
        {onUp ? (
          <Button small onClick={onUp}>
            {t(T.up)}
          </Button>
        ) : null}
        {onRemove ? (
          <Button small variant="danger" onClick={onRemove}>
            {t(T.removeVariant)}
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}
