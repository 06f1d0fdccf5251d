/**
 * What every detection rule shares: its dependencies, its answer, and the probe that runs a tool and turns a missing
 * tool, a start error or a timeout into a DETECTION_FAILED answer instead of an exception.
 */
import { ErrorCodes } from '../../../../shared/errors';
import type { CommandRunner, RunResult } from '../../process/commandRunner';
import type { DpkgOptions } from '../dpkgOptions';

export interface DetectDeps {
  runner: CommandRunner;
  platform: NodeJS.Platform;
  /** dpkg-query's root/admindir (tests use an isolated database). */
  dpkg?: DpkgOptions;
  /** Environment for probes and `%VAR%` expansion. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Per probe; winget may refresh its source index first. @default 120_000 */
  timeoutMs?: number;
}

export interface DetectResult {
  installed: boolean;
  version?: string;
  /** One line for the job log and the technician: what was looked at and what was found. */
  detail: string;
  /** Set when the rule could not be evaluated: `installed: false` then means "unknown", not "absent". */
  errorCode?: typeof ErrorCodes.DETECTION_FAILED;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** Probes print a line or a small table; more than this is not an answer we can use. */
const MAX_PROBE_OUTPUT = 256 * 1024;

export function failed(detail: string): DetectResult {
  return { installed: false, detail, errorCode: ErrorCodes.DETECTION_FAILED };
}

export function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0]?.trim() ?? '';
}

/** `toolMissing`: the program does not exist here (ENOENT), which some rules read as a plain "not installed". */
export type Probe = { ok: true; run: RunResult } | { ok: false; result: DetectResult; toolMissing: boolean };

/** Runs a probe; a missing tool, a start error or a timeout become a DETECTION_FAILED result. */
export async function probe(
  deps: DetectDeps,
  file: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<Probe> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const run = await deps.runner.run(file, args, {
    timeoutMs,
    maxOutputBytes: MAX_PROBE_OUTPUT,
    env: { ...(deps.env ?? process.env), ...extraEnv },
  });
  if (run.errorCode === 'ENOENT') return { ok: false, result: failed(`${file} is not installed`), toolMissing: true };
  if (run.error !== undefined) {
    return { ok: false, result: failed(`${file} could not run: ${run.error}`), toolMissing: false };
  }
  if (run.timedOut) return { ok: false, result: failed(`${file} timed out after ${timeoutMs} ms`), toolMissing: false };
  return { ok: true, run };
}

/** With a wanted version, installed only when one of the present versions is it. */
export function versionVerdict(
  source: string,
  name: string,
  present: string[],
  wanted: string | undefined,
  same: (present: string, wanted: string) => boolean,
): DetectResult {
  const version = wanted === undefined ? present[0] : present.find((v) => same(v, wanted));
  if (version === undefined) {
    return {
      installed: false,
      version: present[0],
      detail: `${source}: ${name} ${present.join(', ')} installed, ${wanted} wanted`,
    };
  }
  return { installed: true, ...(version ? { version } : {}), detail: `${source}: ${name} ${version} installed` };
}
