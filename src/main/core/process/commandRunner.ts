/**
 * The one adapter over child_process for everything the agent starts (inventory probes now, installers later): argv
 * only, never a shell; output captured with a cap; a timeout that kills the whole process tree. It never rejects.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface RunOptions {
  /** Kill the process tree and resolve with `timedOut: true` after this long. @default 60_000 */
  timeoutMs?: number;
  /** Bytes kept per stream; past it the TAIL is kept (an installer's last lines say why it failed). @default 1 MiB */
  maxOutputBytes?: number;
  /** The child's whole environment (not merged). @default process.env */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called once the process runs, with its pid: the install engine journals it to find a running installer again after a crash. */
  onSpawn?(pid: number): void;
}

export interface RunResult {
  /** null when the process was killed by a signal, timed out or never started. */
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** True when stdout or stderr went past `maxOutputBytes` and lost its head. */
  truncated: boolean;
  durationMs: number;
  /** Why the process could not be started or watched, e.g. "spawn dpkg-query ENOENT". */
  error?: string;
  /** The errno code behind `error` ('ENOENT' = no such program), so callers branch on a code, not on text. */
  errorCode?: string;
}

export interface CommandRunner {
  run(file: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

export interface CommandRunnerOptions {
  /** @default process.platform */
  platform?: NodeJS.Platform;
  /**
   * After the process exits, how long to wait for its pipes to close. A grandchild that outlives it (an installer
   * that starts a service) can hold stdout open forever; past this we stop reading instead of waiting with it.
   * @default 2000
   */
  closeGraceMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/** Collects a stream's chunks, dropping the oldest bytes once more than `max` have arrived. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.max && this.chunks.length > 0) {
      const head = this.chunks[0]!;
      const excess = this.size - this.max;
      this.truncated = true;
      if (head.length <= excess) {
        this.chunks.shift();
        this.size -= head.length;
      } else {
        this.chunks[0] = head.subarray(excess);
        this.size -= excess;
      }
    }
  }

  text(): string {
    let buf = Buffer.concat(this.chunks, this.size);
    if (this.truncated) {
      // The cut may land inside a UTF-8 sequence: skip continuation bytes rather than start with U+FFFD.
      let start = 0;
      while (start < buf.length && start < 3 && (buf[start]! & 0xc0) === 0x80) start++;
      buf = buf.subarray(start);
    }
    return buf.toString('utf8');
  }
}

/** Kills the child and everything it started. Errors are ignored: the tree may already be gone. */
function killTree(child: ChildProcess, platform: NodeJS.Platform): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (platform === 'win32') {
    // Windows has no process groups to signal: taskkill /T walks the parent-child tree.
    const killer = spawn('taskkill', ['/PID', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    killer.on('error', () => child.kill('SIGKILL'));
    return;
  }
  try {
    // The child was spawned detached, so it leads its own process group: a negative pid signals the whole group.
    process.kill(-pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

export function createCommandRunner(runnerOptions: CommandRunnerOptions = {}): CommandRunner {
  const platform = runnerOptions.platform ?? process.platform;
  const closeGraceMs = runnerOptions.closeGraceMs ?? 2000;

  function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const started = performance.now();
    const stdout = new TailBuffer(maxOutputBytes);
    const stderr = new TailBuffer(maxOutputBytes);

    return new Promise<RunResult>((resolve) => {
      let settled = false;
      let timedOut = false;
      let exitCode: number | null = null;
      let signal: string | null = null;
      let graceTimer: NodeJS.Timeout | undefined;
      let child: ChildProcess;

      const finish = (error?: NodeJS.ErrnoException) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeoutTimer);
        clearTimeout(graceTimer);
        // Stop reading pipes a surviving grandchild may still hold, so they do not keep the event loop alive.
        child?.stdout?.destroy();
        child?.stderr?.destroy();
        const result: RunResult = {
          exitCode,
          signal,
          stdout: stdout.text(),
          stderr: stderr.text(),
          timedOut,
          truncated: stdout.truncated || stderr.truncated,
          durationMs: Math.round(performance.now() - started),
        };
        if (error) {
          result.error = error.message;
          if (typeof error.code === 'string') result.errorCode = error.code;
        }
        resolve(result);
      };

      try {
        child = spawn(file, args, {
          stdio: ['ignore', 'pipe', 'pipe'],
          // POSIX: a new process group, so a timeout can kill grandchildren too. On Windows `detached` would open a
          // new console window instead; taskkill /T handles the tree there.
          detached: platform !== 'win32',
          windowsHide: true,
          shell: false,
          env: options.env ?? process.env,
          cwd: options.cwd,
        });
      } catch (err) {
        // spawn throws synchronously for bad arguments (e.g. a NUL byte in argv, EINVAL for .cmd files on Windows).
        const e = err instanceof Error ? (err as NodeJS.ErrnoException) : new Error(String(err));
        settled = true;
        resolve({
          exitCode: null,
          signal: null,
          stdout: '',
          stderr: '',
          timedOut: false,
          truncated: false,
          durationMs: Math.round(performance.now() - started),
          error: e.message,
          ...(typeof (e as NodeJS.ErrnoException).code === 'string'
            ? { errorCode: (e as NodeJS.ErrnoException).code }
            : {}),
        });
        return;
      }

      if (child.pid !== undefined) options.onSpawn?.(child.pid);
      child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
      // A failed spawn (ENOENT, EACCES) arrives here; so would a failed kill, which must not end the run early.
      child.on('error', (err: NodeJS.ErrnoException) => {
        if (child.pid === undefined) finish(err);
      });
      child.on('exit', (code, sig) => {
        exitCode = code;
        signal = sig;
        clearTimeout(timeoutTimer);
        clearTimeout(graceTimer);
        graceTimer = setTimeout(() => finish(), closeGraceMs);
      });
      child.on('close', (code, sig) => {
        exitCode = code ?? exitCode;
        signal = sig ?? signal;
        finish();
      });

      // Declared last: the handlers above only run from later events, by when it exists.
      const timeoutTimer = setTimeout(() => {
        timedOut = true;
        killTree(child, platform);
        // A process stuck in uninterruptible sleep ignores SIGKILL for a while: do not wait on it forever.
        graceTimer = setTimeout(() => finish(), closeGraceMs + 3000);
      }, timeoutMs);
    });
  }

  return { run };
}
