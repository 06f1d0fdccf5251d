/**
 * Detection through a package manager's own database: dpkg-query, rpm, winget list, choco list, brew list. Each
 * answers installed and which version; a wanted version must match exactly (Debian epoch 0 aside).
 */
import type { DetectionRule } from '../../../../shared/install/manifest';
import { BREW_ENV } from '../backends/brew';
import { signedExitCode } from '../backends/exitCodeTable';
import { dpkgOptionArgs } from '../dpkgOptions';
import { failed, firstLine, probe, versionVerdict, type DetectDeps, type DetectResult } from './probe';

/** winget list: APPINSTALLER_CLI_ERROR_NO_APPLICATIONS_FOUND. */
const WINGET_NOT_FOUND = signedExitCode(0x8a150014);

/** Debian versions: an explicit epoch 0 is the same as none ("0:1.2" = "1.2"). */
function sameDebianVersion(a: string, b: string): boolean {
  return a.replace(/^0:/, '') === b.replace(/^0:/, '');
}

/** Present and sane, as the inventory counts it: want install or hold (held is installed all the same), ok, installed. */
function dpkgStatusInstalled(status: string): boolean {
  const [want, eflag, state] = status.split(' ');
  return (want === 'install' || want === 'hold') && eflag === 'ok' && state === 'installed';
}

export async function detectDpkg(
  rule: Extract<DetectionRule, { kind: 'dpkg' }>,
  deps: DetectDeps,
): Promise<DetectResult> {
  const args = [...dpkgOptionArgs(deps.dpkg, 'dpkg-query'), '-W', '--showformat=${Status}\t${Version}\n', rule.package];
  const p = await probe(deps, 'dpkg-query', args, { LC_ALL: 'C' });
  if (!p.ok) return p.result;
  // Exit 1 is "no packages found matching": never heard of, or removed and purged.
  if (p.run.exitCode === 1) return { installed: false, detail: `dpkg: ${rule.package} is not installed` };
  if (p.run.exitCode !== 0) return failed(`dpkg-query exited with ${p.run.exitCode}: ${firstLine(p.run.stderr)}`);
  // A name without :arch lists every architecture installed (multiarch): one line each.
  const lines = p.run.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
  const installed = lines.filter(([status = '']) => dpkgStatusInstalled(status)).map(([, version = '']) => version);
  if (installed.length === 0) {
    const status = lines[0]?.[0] ?? 'unknown';
    return { installed: false, detail: `dpkg: ${rule.package} is not installed (status "${status}")` };
  }
  return versionVerdict('dpkg', rule.package, installed, rule.version, sameDebianVersion);
}

export async function detectRpm(
  rule: Extract<DetectionRule, { kind: 'rpm' }>,
  deps: DetectDeps,
): Promise<DetectResult> {
  // One line per installed instance: kernels and multilib packages can be there several times.
  const p = await probe(deps, 'rpm', ['-q', '--qf', '%{VERSION}-%{RELEASE}\n', rule.package], { LC_ALL: 'C' });
  if (!p.ok) return p.result;
  // rpm -q prints "package X is not installed" on stdout and exits 1.
  if (p.run.exitCode === 1) return { installed: false, detail: `rpm: ${rule.package} is not installed` };
  if (p.run.exitCode !== 0) return failed(`rpm exited with ${p.run.exitCode}: ${firstLine(p.run.stderr)}`);
  const present = p.run.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // A rule may name "1.2.3" (any release) or "1.2.3-4.el9" (exactly).
  return versionVerdict('rpm', rule.package, present, rule.version, (v, w) => v === w || v.startsWith(`${w}-`));
}

export async function detectWinget(
  rule: Extract<DetectionRule, { kind: 'winget' }>,
  deps: DetectDeps,
): Promise<DetectResult> {
  const args = ['list', '--exact', '--id', rule.id, '--accept-source-agreements', '--disable-interactivity'];
  const p = await probe(deps, 'winget', args);
  if (!p.ok) return p.result;
  const code = p.run.exitCode === null ? null : signedExitCode(p.run.exitCode);
  if (code === WINGET_NOT_FOUND) return { installed: false, detail: `winget: ${rule.id} is not installed` };
  if (code !== 0) return failed(`winget list exited with ${code ?? p.run.signal}`);
  // A table "Name  Id  Version  [Available]  Source": the version is the column after the id. Spinner frames end in \r.
  for (const line of p.run.stdout.split(/\r?\n|\r/)) {
    const cells = line.trim().split(/\s+/);
    const at = cells.findIndex((c) => c.toLowerCase() === rule.id.toLowerCase());
    if (at >= 0 && cells[at + 1])
      return { installed: true, version: cells[at + 1], detail: `winget: ${rule.id} ${cells[at + 1]} installed` };
  }
  return { installed: true, detail: `winget: ${rule.id} installed` };
}

export async function detectChoco(
  rule: Extract<DetectionRule, { kind: 'choco' }>,
  deps: DetectDeps,
): Promise<DetectResult> {
  // Chocolatey v2 lists local packages only; --limit-output prints "name|version".
  const p = await probe(deps, 'choco', ['list', '--exact', rule.id, '--limit-output']);
  if (!p.ok) return p.result;
  // 2 is "nothing found" when the useEnhancedExitCodes feature is on.
  if (p.run.exitCode !== 0 && p.run.exitCode !== 2)
    return failed(`choco list exited with ${p.run.exitCode ?? p.run.signal}`);
  for (const line of p.run.stdout.split(/\r?\n/)) {
    const [name = '', version = ''] = line.trim().split('|');
    if (name.toLowerCase() === rule.id.toLowerCase()) {
      return { installed: true, ...(version ? { version } : {}), detail: `choco: ${rule.id} ${version} installed` };
    }
  }
  return { installed: false, detail: `choco: ${rule.id} is not installed` };
}

export async function detectBrew(
  rule: Extract<DetectionRule, { kind: 'brew' }>,
  deps: DetectDeps,
): Promise<DetectResult> {
  const p = await probe(deps, 'brew', ['list', '--versions', rule.name], { ...BREW_ENV });
  if (!p.ok) return p.result;
  // "name 1.2.3 1.2.2" (every installed version); exit 1 and nothing printed when absent.
  const [, version] = p.run.stdout.trim().split(/\s+/);
  if (p.run.exitCode === 0 && version)
    return { installed: true, version, detail: `brew: ${rule.name} ${version} installed` };
  if (p.run.exitCode === 0 || p.run.exitCode === 1)
    return { installed: false, detail: `brew: ${rule.name} is not installed` };
  return failed(`brew exited with ${p.run.exitCode ?? p.run.signal}: ${firstLine(p.run.stderr)}`);
}
