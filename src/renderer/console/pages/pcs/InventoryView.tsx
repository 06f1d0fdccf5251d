/**
 * A PC's full inventory, section by section, whatever each holds: objects as fact lists, lists as tables with the
 * union of their fields. Every value is shown as text (a PC may report anything), and installed software has its own
 * searchable table.
 */
import { useState } from 'preact/hooks';
import type { Inventory, InstalledSoftware } from '../../../../shared/protocol/inventory';
import { Button } from '../../../ui/Button';
import type { Language } from '../../../ui/language';
import { PcText as T } from './pcText';

const SECTION_NAMES: Record<string, { id: string; en: string }> = {
  system: { id: 'Sistem', en: 'System' },
  baseboard: { id: 'Papan induk', en: 'Baseboard' },
  bios: { id: 'BIOS', en: 'BIOS' },
  cpu: { id: 'CPU', en: 'CPU' },
  memory: { id: 'Memori', en: 'Memory' },
  disks: { id: 'Disk', en: 'Disks' },
  fileSystems: { id: 'Sistem berkas', en: 'File systems' },
  gpus: { id: 'GPU', en: 'GPUs' },
  displays: { id: 'Layar', en: 'Displays' },
  controllers: { id: 'Pengendali PCI', en: 'PCI controllers' },
  network: { id: 'Jaringan', en: 'Network' },
  os: { id: 'Sistem operasi', en: 'Operating system' },
  users: { id: 'Sesi pengguna', en: 'User sessions' },
  battery: { id: 'Baterai', en: 'Battery' },
  problems: { id: 'Masalah pengumpulan', en: 'Collection problems' },
};

export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function Facts({ obj }: { obj: Record<string, unknown> }) {
  return (
    <dl class="facts">
      {Object.entries(obj).map(([k, v]) =>
        Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' ? (
          <>
            <dt key={`${k}-t`}>{k}</dt>
            <dd key={`${k}-d`}>
              <Rows rows={v as Record<string, unknown>[]} label={k} />
            </dd>
          </>
        ) : (
          <>
            <dt key={`${k}-t`}>{k}</dt>
            <dd key={`${k}-d`}>{valueText(v)}</dd>
          </>
        ),
      )}
    </dl>
  );
}

function Rows({ rows, label }: { rows: Record<string, unknown>[]; label: string }) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <div class="table-wrap">
      <table class="data">
        <caption class="sr-only">{label}</caption>
        <thead>
          <tr>
            {keys.map((k) => (
              <th key={k} scope="col">
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {keys.map((k) => (
                <td key={k}>{valueText(r[k])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InventoryView({ inventory, lang }: { inventory: Inventory; lang: Language }) {
  // Sections are objects or lists; the scalars beside them (machineId, collectedAt, stamps the server adds) are not.
  const sections = Object.entries(inventory).filter(([k, v]) => k !== 'software' && typeof v === 'object' && v !== null);
  return (
    <div data-testid="inventory">
      {sections.map(([k, v]) => {
        if (k === 'problems' && Object.keys(v as object).length === 0) return null;
        return (
          <details key={k} open={k === 'os' || k === 'cpu' || k === 'memory'}>
            <summary>
              <strong>{SECTION_NAMES[k]?.[lang] ?? k}</strong>
            </summary>
            {Array.isArray(v) ? <Rows rows={v as Record<string, unknown>[]} label={k} /> : <Facts obj={v as Record<string, unknown>} />}
          </details>
        );
      })}
    </div>
  );
}

const PAGE = 50;

/** Installed software: searched and paged here (one PC's list, at most 20,000 rows, is already in the browser). */
export function SoftwareTable({ software, lang }: { software: readonly InstalledSoftware[]; lang: Language }) {
  const [q, setQ] = useState('');
  const [shown, setShown] = useState(PAGE);
  const needle = q.trim().toLowerCase();
  const rows = needle ? software.filter((s) => s.name.toLowerCase().includes(needle) || (s.publisher ?? '').toLowerCase().includes(needle)) : software;
  const t = (x: { id: string; en: string }) => x[lang];
  return (
    <div data-testid="software">
      <div class="filters" role="search">
        <span class="field-inline">
          <label for="sw-search">{t(T.softwareSearch)}</label>
          <input
            id="sw-search"
            type="search"
            value={q}
            onInput={(e) => {
              setQ((e.target as HTMLInputElement).value);
              setShown(PAGE);
            }}
          />
        </span>
        <span class="muted" aria-live="polite">
          {rows.length} / {software.length}
        </span>
      </div>
      <div class="table-wrap">
        <table class="data">
          <caption class="sr-only">{t(T.installed)}</caption>
          <thead>
            <tr>
              <th scope="col">{t(T.name)}</th>
              <th scope="col">{t(T.version)}</th>
              <th scope="col">{t(T.publisher)}</th>
              <th scope="col">{t(T.source)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, shown).map((s, i) => (
              <tr key={`${s.source}-${s.name}-${s.arch ?? ''}-${i}`}>
                <td>{s.name}</td>
                <td>{s.version ?? '—'}</td>
                <td>{s.publisher ?? '—'}</td>
                <td>{s.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length > shown ? (
          <div class="pager">
            <Button small onClick={() => setShown((n) => n + PAGE * 4)}>
              {t(T.more)}
            </Button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
