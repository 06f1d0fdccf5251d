/**
 * Real `pasang-server` and `pasang-agent` processes for integration tests: started from the built bin/ scripts,
 * their output captured, waited on by pattern with a deadline, and always stopped (SIGKILL as a last resort).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { AGENT_NODE_FLAGS } from '../../src/main/service/nodeFlags';

const ROOT = path.resolve(__dirname, '../..');
const live = new Set<Proc>();

export class Proc {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly name: string, script: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeFlags: readonly string[] = []) {
    this.child = spawn(process.execPath, [...nodeFlags, path.join(ROOT, 'bin', script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    live.add(this);
    void this.exited.then(() => live.delete(this));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Log lines (JSON) written to stderr, parsed. */
  logs(): Record<string, any>[] {
    return this.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, any>;
        } catch {
          return {};
        }
      });
  }

  async waitFor(test: (p: Proc) => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this)) {
      if (!this.running && !test(this)) throw new Error(`${this.name} exited while waiting for ${what}\n${this.stderr.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: timed out waiting for ${what}\n${this.stderr.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exited;
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const t = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
  }
}

export async function startServerProcess(args: string[]): Promise<{ proc: Proc; url: string }> {
  const proc = new Proc('server', 'pasang-server.js', ['serve', ...args]);
  await proc.waitFor((p) => /listening on (\S+)/.test(p.stdout), 'the server to listen');
  return { proc, url: /listening on (\S+)/.exec(proc.stdout)![1]! };
}

export function serverCli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'pasang-server.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

export function startAgentProcess(name: string, args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  // With the service's own node flags, as systemd and the Windows service run it.
  return new Proc(name, 'pasang-agent.js', args, env, AGENT_NODE_FLAGS);
}

/** Stops every process a test started and did not stop. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.kill('SIGKILL')));
}
