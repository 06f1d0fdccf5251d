/**
 * A real OpenID Provider (oidc-provider, in its own process: oidcProviderProcess.mjs) on 127.0.0.1 for SSO tests:
 * started with the test's accounts, told Pasang's client (with its callback URL) once Pasang listens, always stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface ProviderClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface TestOidcProvider {
  issuer: string;
  /** (Re)builds the provider with these clients; resolves once it serves them. */
  register(clients: ProviderClient[]): Promise<void>;
  /** What the provider wrote to stderr (for a failing test's message). */
  stderr(): string;
  stop(): Promise<void>;
}

const SCRIPT = path.join(__dirname, 'oidcProviderProcess.mjs');

export async function startOidcProvider(accounts: Record<string, ProviderAccount>, timeoutMs = 20_000): Promise<TestOidcProvider> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, JSON.stringify({ accounts })], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting: ((line: Record<string, unknown>) => void)[] = [];
  lines.on('line', (l) => waiting.shift()?.(JSON.parse(l) as Record<string, unknown>));
  const nextLine = (what: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`OIDC provider: no ${what} in ${timeoutMs} ms\n${stderr}`)), timeoutMs);
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
      void exited.then(() => reject(new Error(`OIDC provider exited while waiting for ${what}\n${stderr}`)));
    });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin!.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const { issuer } = (await nextLine('issuer')) as { issuer: string };
    return {
      issuer,
      async register(clients) {
        const ready = nextLine('ready after registering clients');
        child.stdin!.write(`${JSON.stringify({ clients })}\n`);
        await ready;
      },
      stderr: () => stderr,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
