/**
 * Homebrew formulae and casks, from `brew list --versions` ("name version [version…]" a line). brew lives outside the
 * service PATH (/opt/homebrew on Apple silicon, /usr/local on Intel), so the known prefixes are tried first.
 */
import { access, constants } from 'node:fs/promises';
import type { InstalledSoftware } from '../../../../shared/protocol/inventory';
import type { CommandRunner } from '../../process/commandRunner';
import { compact, text } from '../schemaValues';
import { runListing, ToolMissingError, type ListingOptions } from './runListing';

export const BrewPaths: readonly string[] = ['/opt/homebrew/bin/brew', '/usr/local/bin/brew'];

/** Orders versions such as "1.10.2_1" and "1.9" by their numeric parts. */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[._\-+]/);
  const pb = b.split(/[._\-+]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return 0;
}

/** One entry per formula; with several versions kept in the Cellar, the newest is the one in use. */
export function parseBrew(output: string): InstalledSoftware[] {
  const out: InstalledSoftware[] = [];
  for (const line of output.split('\n')) {
    const [rawName, ...versions] = line.trim().split(/\s+/);
    const name = text(rawName, 512);
    if (name === undefined) continue;
    const newest = versions.sort(compareVersions).at(-1);
    out.push(compact({ name, version: text(newest, 256), source: 'brew' as const }));
  }
  return out;
}

async function findBrew(): Promise<string> {
  for (const p of BrewPaths) {
    try {
      await access(p, constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return 'brew';
}

export async function collectBrew(runner: CommandRunner, options: ListingOptions = {}): Promise<InstalledSoftware[]> {
  const brew = await findBrew();
  // Listing must never turn into a network call or an auto-update.
  const env = { ...process.env, HOMEBREW_NO_AUTO_UPDATE: '1', HOMEBREW_NO_ANALYTICS: '1', HOMEBREW_NO_ENV_HINTS: '1' };
  try {
    return parseBrew(await runListing(runner, brew, ['list', '--versions'], { ...options, env }));
  } catch (err) {
    if (err instanceof ToolMissingError) throw new ToolMissingError('brew');
    throw err;
  }
}
