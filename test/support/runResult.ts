/** A CommandRunner result as a successful, instant, silent run would give it, with the fields a test cares about. */
import type { RunResult } from '../../src/main/core/process/commandRunner';

export function runResult(partial: Partial<RunResult> = {}): RunResult {
  return {
    exitCode: 0,
    signal: null,
    stdout: '',
    stderr: '',
    timedOut: false,
    truncated: false,
    durationMs: 1,
    ...partial,
  };
}
