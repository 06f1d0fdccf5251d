/** The `pasang-agent` command line as IT staff and installers use it: bad arguments, presets, and `inventory`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAjv } from '../../../src/shared/protocol/codec';
import { InventorySchema } from '../../../src/shared/protocol/inventory';
import { serverCli, startAgentProcess, startServerProcess, stopAll } from '../../support/processes';

jest.setTimeout(60_000);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-agentcli-'));

afterAll(async () => {
  await stopAll();
  fs.rmSync(root, { recursive: true, force: true });
});

async function run(args: string[]) {
  const p = startAgentProcess('cli', args);
  const { code } = await p.exit();
  return { code, stdout: p.stdout, stderr: p.stderr };
}

describe('pasang-agent', () => {
  it.each([
    [['--server', 'not a url', '--enroll-token', 't'], '--server must be a URL'],
    [['--server', 'ftp://x', '--enroll-token', 't'], 'http:// or https://'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--server-cert-sha256', 'abc'], '64 hex digits'],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('refuses %j with exit 2 and says why', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('usage:');
  });

  it('exits 2 when it is neither enrolled nor given a server (an empty preset)', async () => {
    const preset = path.join(root, 'empty.json');
    fs.writeFileSync(preset, JSON.stringify({ serverUrl: '', enrollmentToken: '' }));
    const r = await run(['--preset', preset, '--state-dir', path.join(root, 'unconfigured')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not enrolled');
  });

  it('refuses a broken preset with exit 2', async () => {
    const preset = path.join(root, 'broken.json');
    fs.writeFileSync(preset, '{"serverUrl": "https://x"');
    const r = await run(['--preset', preset]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid JSON');
  });

  it('enrolls from the preset an installer filled in', async () => {
    const dataDir = path.join(root, 'server');
    const token = serverCli(['enroll-token', 'create', '--data-dir', dataDir]).stdout;
    const { url } = await startServerProcess(['--port', '0', '--data-dir', dataDir]);
    const preset = path.join(root, 'preset.json');
    fs.writeFileSync(preset, JSON.stringify({ serverUrl: url, enrollmentToken: token }));
    const agent = startAgentProcess('preset', ['run', '--preset', preset, '--state-dir', path.join(root, 'preset-agent')]);
    await agent.waitFor((p) => p.logs().some((l) => l.msg === 'connected'), 'a connection');
    await agent.kill();
    const status = await run(['status', '--state-dir', path.join(root, 'preset-agent')]);
    expect(JSON.parse(status.stdout)).toMatchObject({ serverUrl: url, agentId: expect.any(String) });
  });

  it('prints one full inventory as JSON that the server would accept', async () => {
    const r = await run(['inventory']);
    expect(r.code).toBe(0);
    const inventory = JSON.parse(r.stdout);
    const validate = createAjv().compile(InventorySchema);
    expect(validate.errors ?? validate(inventory)).toBe(true);
    expect(inventory.os.hostname).toBe(os.hostname());
    expect(inventory.software.length).toBeGreaterThan(100);
  });
});
