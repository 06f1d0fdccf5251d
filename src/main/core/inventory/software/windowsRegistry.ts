/**
 * Installed Windows programs as "Apps & features" lists them: the Uninstall keys of HKLM (64- and 32-bit views), of
 * HKCU and of every user hive loaded under HKU, read with `reg query KEY /s` and parsed. Entries without a
 * DisplayName, system components and patches of another entry are skipped, as Windows itself hides them.
 */
import type { InstalledSoftware } from '../../../../shared/protocol/inventory';
import type { CommandRunner } from '../../process/commandRunner';
import { compact, compareText, int, text } from '../schemaValues';
import { dedupeSoftware } from './dedupeSoftware';
import { runListing, type ListingOptions } from './runListing';

const UNINSTALL = 'Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall';

/** The keys always read, with the architecture their entries imply (WOW6432Node holds the 32-bit view). */
export const UninstallKeys: readonly { key: string; arch?: string }[] = [
  { key: `HKLM\\${UNINSTALL}` },
  { key: 'HKLM\\Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall', arch: 'x86' },
  { key: `HKCU\\${UNINSTALL}` },
];

/** One registry key as `reg query` printed it: its path and its values by name (name lower-cased). */
export interface RegistryKey {
  path: string;
  values: Map<string, { type: string; data: string }>;
}

// "    Name    REG_TYPE    data": four spaces are reg.exe's separator; a name may itself contain spaces.
const ValueLine = /^ {4}(.*?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;

/** Splits `reg query /s` output into keys. A line that is neither a key nor a value continues the previous value. */
export function parseRegQuery(output: string): RegistryKey[] {
  const keys: RegistryKey[] = [];
  let current: RegistryKey | undefined;
  let lastValue: { type: string; data: string } | undefined;
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      lastValue = undefined;
      continue;
    }
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line)) {
      current = { path: line.trim(), values: new Map() };
      keys.push(current);
      lastValue = undefined;
      continue;
    }
    const m = ValueLine.exec(line);
    if (m && current) {
      lastValue = { type: m[2]!, data: m[3] ?? '' };
      current.values.set(m[1]!.trim().toLowerCase(), lastValue);
    } else if (lastValue) {
      // A REG_SZ with an embedded line break is printed over several lines. A space stands in for the break: these
      // values end up as one-line names and versions.
      lastValue.data += ` ${line.trim()}`;
    }
  }
  return keys;
}

/** REG_DWORD data is printed as hex ("0x1"). */
function dword(value: { type: string; data: string } | undefined): number | undefined {
  if (!value) return undefined;
  const s = value.data.trim();
  const n = /^0x[0-9a-f]+$/i.test(s) ? parseInt(s, 16) : Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** InstallDate is YYYYMMDD by convention; anything else (some installers write other formats) is kept as is. */
export function isoInstallDate(value: string | undefined): string | undefined {
  const s = value?.trim();
  const m = s ? /^(\d{4})(\d{2})(\d{2})$/.exec(s) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : text(s, 64);
}

const UpdateReleaseTypes = new Set(['update', 'hotfix', 'security update', 'service pack']);

/**
 * Turns parsed keys into software entries. `arch` is what the key implies (x86 under WOW6432Node), unless the entry
 * says otherwise.
 */
export function softwareFromRegistryKeys(keys: readonly RegistryKey[], arch?: string): InstalledSoftware[] {
  const out: InstalledSoftware[] = [];
  for (const key of keys) {
    const v = key.values;
    const name = text(v.get('displayname')?.data, 512);
    if (name === undefined) continue;
    if (dword(v.get('systemcomponent')) === 1) continue;
    // Patches and updates of another product carry their parent's key: Windows lists them under the parent.
    if (v.has('parentkeyname')) continue;
    const releaseType = v.get('releasetype')?.data.trim().toLowerCase();
    if (releaseType && UpdateReleaseTypes.has(releaseType)) continue;
    const kib = dword(v.get('estimatedsize'));
    out.push(
      compact({
        name,
        version: text(v.get('displayversion')?.data, 256),
        publisher: text(v.get('publisher')?.data, 512),
        arch: text(arch, 64),
        installDate: isoInstallDate(v.get('installdate')?.data),
        sizeBytes: kib === undefined ? undefined : int(kib * 1024),
        source: 'windows-registry' as const,
      }),
    );
  }
  return out;
}

/** `parseRegQuery` + `softwareFromRegistryKeys`: the output of one `reg query KEY /s`. */
export function parseWindowsRegistry(output: string, arch?: string): InstalledSoftware[] {
  return softwareFromRegistryKeys(parseRegQuery(output), arch);
}

/** The user hives loaded under HKU (S-1-5-21-…), from the output of `reg query HKU`. */
export function parseLoadedUserHives(output: string): string[] {
  return output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => /^HKEY_USERS\\S-1-5-21-[\d-]+$/i.test(l))
    .map((l) => l.replace(/^HKEY_USERS/i, 'HKU'))
    .sort(compareText);
}

export async function collectWindowsRegistry(
  runner: CommandRunner,
  options: ListingOptions = {},
): Promise<InstalledSoftware[]> {
  // The agent runs as a service, where HKCU is the service account's hive: per-user installs (Chrome, VS Code,
  // Teams, Zoom) of the people using the PC live in their own hives under HKU.
  let userKeys: { key: string; arch?: string }[] = [];
  try {
    const hives = parseLoadedUserHives(await runListing(runner, 'reg', ['query', 'HKU'], options));
    userKeys = hives.map((hive) => ({ key: `${hive}\\${UNINSTALL}` }));
  } catch {
    // HKU not listable: HKCU alone is still read below.
  }
  const keys = [...UninstallKeys, ...userKeys];
  // reg.exe writes in the console's OEM code page: a name outside it arrives with '?' in place of the character.
  // `reg export` (UTF-16) would keep it, at the cost of temporary files; the names stay recognisable as they are.
  const results = await Promise.allSettled(
    keys.map(async ({ key, arch }) =>
      parseWindowsRegistry(await runListing(runner, 'reg', ['query', key, '/s'], options), arch),
    ),
  );
  // reg exits 1 for a key that does not exist (no WOW6432Node on 32-bit Windows, a user without per-user apps):
  // a failure is fatal only when no key could be read at all.
  const ok = results.filter((r): r is PromiseFulfilledResult<InstalledSoftware[]> => r.status === 'fulfilled');
  if (ok.length === 0) {
    const first = results[0];
    throw first && first.status === 'rejected' ? first.reason : new Error('no Uninstall key could be read');
  }
  return dedupeSoftware(ok.flatMap((r) => r.value));
}
