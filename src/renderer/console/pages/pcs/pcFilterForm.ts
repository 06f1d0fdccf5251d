/**
 * The PC filter (src/shared/pcFilter.ts) as the console's form holds it: every field as typed, sizes in GB (GiB, as
 * Windows and the spec check's sentences say "8 GB"), turned into the filter by the shared parser — so the form, the
 * URL hash and the server agree on every name and bound. Free of the DOM, for unit tests.
 */
import { parsePcFilterQuery, PcFilterKeys, type PcFilter, type PcFilterKey, type PcFilterParse } from '../../../../shared/pcFilter';

export type PcFilterForm = Record<PcFilterKey, string>;

const GiB = 1024 ** 3;
/** The byte fields, shown and typed in GB. */
const InGb: readonly PcFilterKey[] = ['minMemoryBytes', 'minFreeDiskBytes'];

export function emptyPcFilterForm(): PcFilterForm {
  return Object.fromEntries(PcFilterKeys.map((k) => [k, ''])) as PcFilterForm;
}

export function formOfPcFilter(filter: PcFilter): PcFilterForm {
  const form = emptyPcFilterForm();
  for (const key of PcFilterKeys) {
    const v = filter[key];
    if (v === undefined) continue;
    form[key] = InGb.includes(key) ? String(Math.round(((v as number) / GiB) * 10) / 10) : String(v);
  }
  return form;
}

/** The filter the form asks for, or the shared parser's sentence on what is wrong (a GB figure that is no number). */
export function pcFilterOfForm(form: PcFilterForm): PcFilterParse {
  const q = new URLSearchParams();
  for (const key of PcFilterKeys) {
    const raw = form[key].trim();
    if (raw === '') continue;
    // The program's version and state mean nothing without it (their fields are disabled then): left out, not refused.
    if ((key === 'softwareMinVersion' || key === 'softwareMissing') && form.software.trim() === '') continue;
    if (InGb.includes(key)) {
      const gb = Number(raw.replace(',', '.'));
      if (!Number.isFinite(gb) || gb < 0) return { ok: false, message: `${key} must be a number of GB`, key };
      q.set(key, String(Math.round(gb * GiB)));
    } else q.set(key, raw);
  }
  return parsePcFilterQuery(q);
}
