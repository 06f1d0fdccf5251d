/**
 * The installer's preset (resources/pasang-agent.json; see build/preset/README.md): which server to enroll with and
 * the enrollment token, filled in at install time for silent mass deployment. On Windows an MSI cannot write the
 * file, so it leaves the values under HKLM\SOFTWARE\Pasang\Preset, read when the file's values are empty.
 */
import fs from 'node:fs';
import type { CommandRunner } from '../core/process/commandRunner';

export interface Preset {
  serverUrl?: string;
  enrollmentToken?: string;
}

export const PRESET_REGISTRY_KEY = 'HKLM\\SOFTWARE\\Pasang\\Preset';

export class PresetError extends Error {}

function checked(raw: unknown, where: string): Preset {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PresetError(`${where}: not a JSON object`);
  const r = raw as Record<string, unknown>;
  const out: Preset = {};
  for (const key of ['serverUrl', 'enrollmentToken'] as const) {
    const v = r[key];
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string') throw new PresetError(`${where}: ${key} must be a string`);
    out[key] = v.trim();
  }
  if (out.serverUrl && !/^https?:\/\/[^\s"']+$/.test(out.serverUrl)) throw new PresetError(`${where}: serverUrl must be an http(s) URL`);
  if (!!out.serverUrl !== !!out.enrollmentToken) throw new PresetError(`${where}: serverUrl and enrollmentToken go together`);
  return out;
}

/** Parses `reg query KEY` output: lines of `    name    REG_SZ    value`. */
export function parseRegQuery(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s{2,}(\S+)\s+REG_(?:SZ|EXPAND_SZ)\s+(.*)$/.exec(line);
    if (m) values[m[1]!] = m[2]!.trim();
  }
  return values;
}

export async function readPreset(file: string, options: { platform: NodeJS.Platform; runner: CommandRunner }): Promise<Preset> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new PresetError(`cannot read preset ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new PresetError(`preset ${file} is not valid JSON`);
  }
  const fromFile = checked(raw, `preset ${file}`);
  if (fromFile.serverUrl || options.platform !== 'win32') return fromFile;
  const r = await options.runner.run('reg', ['query', PRESET_REGISTRY_KEY], { timeoutMs: 10_000 });
  if (r.exitCode !== 0) return fromFile; // no key: nothing preset
  return checked(parseRegQuery(r.stdout), PRESET_REGISTRY_KEY);
}
