import { readFileSync } from 'node:fs';
import { createCommandRunner } from '../../../../../src/main/core/process/commandRunner';

/** True while the process exists and is not a zombie waiting for a parent that will never reap it. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

const posix = process.platform !== 'win32';
const describePosix = posix ? describe : describe.skip;

describePosix('createCommandRunner', () => {
  const runner = createCommandRunner();

  describe('run', () => {
    it('returns the exit code and both streams of a process that ends by itself', async () => {
      const r = await runner.run('sh', ['-c', 'echo out; echo err >&2; exit 3']);
      expect(r).toMatchObject({ exitCode: 3, signal: null, stdout: 'out\n', stderr: 'err\n', timedOut: false });
      expect(r.truncated).toBe(false);
      expect(r.error).toBeUndefined();
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('passes arguments as argv, never through a shell', async () => {
      const tricky = '$(echo pwned); `id` && echo "quoted" * ;';
      const r = await runner.run('printf', ['%s', tricky]);
      expect(r.stdout).toBe(tricky);
    });

    it('uses the given environment and working directory', async () => {
      const r = await runner.run('sh', ['-c', 'echo "$PASANG_TEST_VAR"; pwd'], {
        env: { PATH: process.env.PATH, PASANG_TEST_VAR: 'hello' },
        cwd: '/tmp',
      });
      expect(r.stdout).toBe('hello\n/tmp\n');
    });

    it('reports the signal of a process killed from outside', async () => {
      const r = await runner.run('sh', ['-c', 'kill -TERM $$']);
      expect(r.exitCode).toBeNull();
      expect(r.signal).toBe('SIGTERM');
      expect(r.timedOut).toBe(false);
    });

    it('resolves with an error code instead of rejecting when the program does not exist', async () => {
      const r = await runner.run('pasang-no-such-program', ['--version']);
      expect(r.exitCode).toBeNull();
      expect(r.errorCode).toBe('ENOENT');
      expect(r.error).toMatch(/ENOENT/);
      expect(r.timedOut).toBe(false);
    });

    it('kills a process that runs past its timeout and says so', async () => {
      const r = await runner.run('sleep', ['30'], { timeoutMs: 200 });
      expect(r.timedOut).toBe(true);
      expect(r.exitCode).toBeNull();
      expect(r.signal).toBe('SIGKILL');
      expect(r.durationMs).toBeLessThan(5000);
    });

    it('kills the grandchildren of a timed-out process too', async () => {
      // The shell prints its background child's pid, then waits on it: both must die at the timeout.
      const r = await runner.run('sh', ['-c', 'sleep 30 & echo $!; wait'], { timeoutMs: 300 });
      expect(r.timedOut).toBe(true);
      const grandchild = Number(r.stdout.trim());
      expect(grandchild).toBeGreaterThan(0);
      // SIGKILL is delivered asynchronously: give the kernel a moment.
      for (let i = 0; i < 50 && isAlive(grandchild); i++) await new Promise((res) => setTimeout(res, 20));
      expect(isAlive(grandchild)).toBe(false);
    });

    it('does not wait forever on a grandchild that keeps the output pipe open after the process exits', async () => {
      const quick = createCommandRunner({ closeGraceMs: 100 });
      // The background sleep inherits stdout; the shell itself exits at once.
      const r = await quick.run('sh', ['-c', 'sleep 3 & echo $!; exit 0'], { timeoutMs: 10_000 });
      expect(r.exitCode).toBe(0);
      expect(r.timedOut).toBe(false);
      expect(r.durationMs).toBeLessThan(2000);
      process.kill(Number(r.stdout.trim()), 'SIGKILL');
    });

    it('keeps the tail of output past the cap and marks it truncated', async () => {
      const r = await runner.run('sh', ['-c', 'head -c 3000000 /dev/zero | tr "\\0" a; echo END'], {
        maxOutputBytes: 1000,
      });
      expect(r.exitCode).toBe(0);
      expect(r.truncated).toBe(true);
      expect(r.stdout).toHaveLength(1000);
      expect(r.stdout.endsWith('aaaaEND\n')).toBe(true);
    });

    it('does not cut a multi-byte character in half when it keeps the tail', async () => {
      // "é" is two bytes: a 5-byte cap over "éééé" lands inside one of them.
      const r = await runner.run('printf', ['%s', 'éééé'], { maxOutputBytes: 5 });
      expect(r.truncated).toBe(true);
      expect(r.stdout).toBe('éé');
    });

    it('leaves no timer running once it has resolved', async () => {
      const before = activeTimers();
      await runner.run('sleep', ['5'], { timeoutMs: 100 });
      await runner.run('true', []);
      await runner.run('pasang-no-such-program', []);
      expect(activeTimers()).toBeLessThanOrEqual(before);
    });
  });
});
