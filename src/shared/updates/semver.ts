/**
 * Strict semantic versions (semver.org 2.0.0) for the agent's own releases: `MAJOR.MINOR.PATCH[-pre][+build]`, compared
 * by precedence (build metadata ignored, a pre-release before its release, numeric identifiers numerically). Stricter
 * than install/compareVersions.ts, which reads the loose versions PCs report and ignores pre-release tags: an update
 * must never be a downgrade, and "1.2.0-rc.1" is older than "1.2.0".
 */
const SEMVER =
  /^(0|[1-9]\d{0,15})\.(0|[1-9]\d{0,15})\.(0|[1-9]\d{0,15})(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

export const SEMVER_PATTERN = SEMVER.source;

/** The version, or null when `text` is not a strict semantic version (at most 64 characters). */
export function parseSemVer(text: string): SemVer | null {
  if (typeof text !== 'string' || text.length > 64) return null;
  const m = SEMVER.exec(text);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ? m[4].split('.') : [] };
}

function compareIdentifiers(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  if (an !== bn) return an ? -1 : 1; // numeric identifiers have lower precedence than alphanumeric ones
  return a < b ? -1 : a > b ? 1 : 0;
}

/** -1, 0 or 1 as `a` precedes, equals or follows `b`. */
export function compareSemVer(a: SemVer, b: SemVer): -1 | 0 | 1 {
  const sign = (n: number): -1 | 0 | 1 => (n < 0 ? -1 : n > 0 ? 1 : 0);
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return sign(a[k] - b[k]);
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return sign(b.prerelease.length - a.prerelease.length); // a release follows its pre-releases
  }
  const n = Math.max(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < n; i++) {
    if (a.prerelease[i] === undefined) return -1;
    if (b.prerelease[i] === undefined) return 1;
    const c = compareIdentifiers(a.prerelease[i]!, b.prerelease[i]!);
    if (c !== 0) return sign(c);
  }
  return 0;
}
