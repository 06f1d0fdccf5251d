import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRegQuery, PresetError, readPreset } from '../../../../src/main/service/preset';
import type { CommandRunner, RunResult } from '../../../../src/main/core/process/commandRunner';

/** A CommandRunner of our own that answers `reg query` as Windows would. */
function regRunner(stdout: string, exitCode = 0): CommandRunner & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async run(file, args): Promise<RunResult> {
      calls.push([file, ...args]);
      return { exitCode, signal: null, stdout, stderr: '', timedOut: false, truncated: false, durationMs: 1 };
    },
  };
}

describe('readPreset', () => {
  let dir: string;
  const write = (content: string) => {
    const f = path.join(dir, 'pasang-agent.json');
    fs.writeFileSync(f, content);
    return f;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-preset-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the server and token an installer wrote (with a BOM, as Windows editors save it)', async () => {
    const f = write('\uFEFF{"serverUrl":"https://pasang.bps.go.id:7700","enrollmentToken":"pse_abc"}');
    expect(await readPreset(f, { platform: 'linux', runner: regRunner('') })).toEqual({ serverUrl: 'https://pasang.bps.go.id:7700', enrollmentToken: 'pse_abc' });
  });

  it('takes empty values as not preset', async () => {
    expect(await readPreset(write('{"serverUrl":"","enrollmentToken":""}'), { platform: 'linux', runner: regRunner('') })).toEqual({});
  });

  it.each([
    ['not JSON', '{server'],
    ['an array', '[]'],
    ['a non-http URL', '{"serverUrl":"file:///etc/passwd","enrollmentToken":"t"}'],
    ['a server without a token', '{"serverUrl":"https://x","enrollmentToken":""}'],
    ['a number as token', '{"serverUrl":"https://x","enrollmentToken":5}'],
  ])('refuses %s with a clear error', async (_what, content) => {
    await expect(readPreset(write(content), { platform: 'linux', runner: regRunner('') })).rejects.toBeInstanceOf(PresetError);
  });

  it('says which file it could not read', async () => {
    await expect(readPreset(path.join(dir, 'missing.json'), { platform: 'linux', runner: regRunner('') })).rejects.toThrow(/missing\.json: ENOENT/);
  });

  it('falls back to the registry values an MSI left on Windows', async () => {
    const runner = regRunner('\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Pasang\\Preset\r\n    serverUrl    REG_SZ    https://pasang.local:7700\r\n    enrollmentToken    REG_SZ    pse_fromMsi\r\n\r\n');
    const f = write('{"serverUrl":"","enrollmentToken":""}');
    expect(await readPreset(f, { platform: 'win32', runner })).toEqual({ serverUrl: 'https://pasang.local:7700', enrollmentToken: 'pse_fromMsi' });
    expect(runner.calls).toEqual([['reg', 'query', 'HKLM\\SOFTWARE\\Pasang\\Preset']]);
  });

  it('treats a missing registry key as nothing preset', async () => {
    expect(await readPreset(write('{"serverUrl":"","enrollmentToken":""}'), { platform: 'win32', runner: regRunner('', 1) })).toEqual({});
  });
});

describe('parseRegQuery', () => {
  it('reads REG_SZ values and ignores the key line', () => {
    expect(parseRegQuery('HKEY_LOCAL_MACHINE\\X\n    a    REG_SZ    one two\n    b    REG_DWORD    0x1\n')).toEqual({ a: 'one two' });
  });
});
