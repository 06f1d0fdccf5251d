/**
 * The real `pasang-agent` process serving the tray's local API next to its link to a real server: a tray client of
 * the same OS user verifies itself and reads the agent's live status; the socket goes when the service stops.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectLocalAgentApi, type LocalAgentApi } from '../../../src/main/core/localApi/connectLocalAgentApi';
import { serverCli, startAgentProcess, startServerProcess, stopAll } from '../../support/processes';

jest.setTimeout(60_000);
const posix = process.platform !== 'win32';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-svc-'));
const me = os.userInfo().username;
const clients: LocalAgentApi[] = [];

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stopAll();
  fs.rmSync(root, { recursive: true, force: true });
});

(posix ? describe : describe.skip)('pasang-agent run --local-api', () => {
  it('serves the agent’s status to a verified tray and removes its socket when stopped', async () => {
    const dataDir = path.join(root, 'server');
    const token = serverCli(['enroll-token', 'create', '--data-dir', dataDir]).stdout;
    const { url } = await startServerProcess(['--port', '0', '--data-dir', dataDir]);
    const socketPath = path.join(root, 'run', 'api.sock');
    const agent = startAgentProcess('svc', [
      '--server',
      url,
      '--enroll-token',
      token,
      '--state-dir',
      path.join(root, 'agent'),
      '--local-api',
      socketPath,
    ]);
    await agent.waitFor(
      (p) => p.logs().some((l) => l.msg === 'local API listening' && l.socketPath === socketPath),
      'the local API',
    );
    await agent.waitFor((p) => p.logs().some((l) => l.msg === 'connected'), 'the server link');

    // Only the socket named: the tray finds the challenges beside it, where the service put them.
    const tray = connectLocalAgentApi({
      path: socketPath,
      osUser: me,
      linkTimeoutMs: 20_000,
    });
    clients.push(tray);
    const status = await tray.status();
    expect(status).toMatchObject({ connection: 'connected', serverUrl: url });
    expect(status.agentId).toMatch(/\S/);
    // The server does not know this OS account yet: the tray's first request will name a NIP.
    expect(await tray.whoami()).toBeNull();
    expect(agent.logs().some((l) => l.msg === 'local API caller verified' && l.osUser === me)).toBe(true);

    await agent.kill('SIGTERM');
    expect(fs.existsSync(socketPath)).toBe(false);
  });

  it('listens under its own state folder when no socket is named (a test’s or a developer’s agent)', async () => {
    const stateDir = path.join(root, 'plain');
    const agent = startAgentProcess('plain', [
      '--server',
      'http://127.0.0.1:9',
      '--enroll-token',
      't',
      '--state-dir',
      stateDir,
    ]);
    await agent.waitFor((p) => p.logs().some((l) => l.msg === 'local API listening'), 'the local API');
    expect(agent.logs().find((l) => l.msg === 'local API listening')?.socketPath).toBe(
      path.join(stateDir, 'run', 'api.sock'),
    );
    await agent.kill('SIGKILL');
  });
});
