/**
 * Detection rules: is the software a variant installs present (and at the wanted version)? Run before an install
 * (already there → success without running) and after it. Each rule reads one source — dpkg, rpm, a file, the
 * Windows registry, a command, winget, choco, brew — through the CommandRunner. It never throws: a rule that cannot
 * be evaluated (tool missing, timeout) answers `installed: false` with errorCode DETECTION_FAILED and says why.
 */
import fs from 'node:fs';
import type { DetectionRule } from '../../../shared/install/manifest';
import { isSafePackageId, platformPath } from './backends/variantInputs';
import { detectBrew, detectChoco, detectDpkg, detectRpm, detectWinget } from './detection/packageManagers';
import { failed, probe, type DetectDeps, type DetectResult } from './detection/probe';
import { detectRegistry } from './detection/registry';
import { expandWindowsVars } from './expandWindowsVars';

export type { DetectDeps, DetectResult } from './detection/probe';

function detectFile(rule: Extract<DetectionRule, { kind: 'file' }>, deps: DetectDeps): DetectResult {
  const file = deps.platform === 'win32' ? expandWindowsVars(rule.path, deps.env ?? process.env) : rule.path;
  // A relative path would be looked up from wherever the service happens to run.
  if (!platformPath(deps.platform).isAbsolute(file)) return failed(`file: not an absolute path: ${file}`);
  return fs.existsSync(file)
    ? { installed: true, detail: `file: ${file} exists` }
    : { installed: false, detail: `file: no ${file}` };
}

async function detectCommand(
  rule: Extract<DetectionRule, { kind: 'command' }>,
  deps: DetectDeps,
): Promise<DetectResult> {
  const [file, ...args] = rule.argv;
  if (file === undefined) return failed('command: empty argv');
  let pattern: RegExp | undefined;
  try {
    pattern = rule.stdoutMatches === undefined ? undefined : new RegExp(rule.stdoutMatches);
  } catch (err) {
    return failed(`command: bad stdoutMatches: ${(err as Error).message}`);
  }
  const p = await probe(deps, file, args);
  // For a command rule, the program missing is the plainest "not installed" there is.
  if (!p.ok) return p.toolMissing ? { installed: false, detail: `command: no ${file}` } : p.result;
  const wantedCode = rule.exitCode ?? 0;
  if (p.run.exitCode !== wantedCode) {
    return {
      installed: false,
      detail: `command: ${file} exited with ${p.run.exitCode ?? p.run.signal}, ${wantedCode} wanted`,
    };
  }
  if (!pattern) return { installed: true, detail: `command: ${file} exited with ${wantedCode}` };
  const match = pattern.exec(p.run.stdout);
  if (!match) return { installed: false, detail: `command: ${file} output does not match /${rule.stdoutMatches}/` };
  // A capture group, when the pattern has one, is the version ("^git version (\S+)").
  const version = match[1] ? { version: match[1] } : {};
  return { installed: true, ...version, detail: `command: ${file} output matches /${rule.stdoutMatches}/` };
}

/** The name a package-manager rule passes to its tool, checked again here (defence in depth, as the backends do). */
function ruleName(rule: DetectionRule): string | undefined {
  switch (rule.kind) {
    case 'dpkg':
    case 'rpm':
      return rule.package;
    case 'winget':
    case 'choco':
      return rule.id;
    case 'brew':
      return rule.name;
    default:
      return undefined;
  }
}

export async function detect(rule: DetectionRule, deps: DetectDeps): Promise<DetectResult> {
  try {
    const name = ruleName(rule);
    if (name !== undefined && !isSafePackageId(name)) {
      return failed(`${rule.kind}: refused package id ${JSON.stringify(name)}`);
    }
    switch (rule.kind) {
      case 'dpkg':
        return await detectDpkg(rule, deps);
      case 'rpm':
        return await detectRpm(rule, deps);
      case 'file':
        return detectFile(rule, deps);
      case 'registry':
        return await detectRegistry(rule, deps);
      case 'command':
        return await detectCommand(rule, deps);
      case 'winget':
        return await detectWinget(rule, deps);
      case 'choco':
        return await detectChoco(rule, deps);
      case 'brew':
        return await detectBrew(rule, deps);
      default:
        return failed(`unknown detection rule ${JSON.stringify((rule as { kind?: unknown }).kind)}`);
    }
  } catch (err) {
    // dpkgOptionArgs refusing a relative path, a runner that broke its promise: still an answer, never a throw.
    const kind = String((rule as { kind?: unknown } | null)?.kind);
    return failed(`${kind}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
