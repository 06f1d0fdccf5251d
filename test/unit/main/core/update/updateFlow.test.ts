import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { ErrorCodes, PasangError } from '../../../../../src/shared/errors';
import { silentLogger } from '../../../../../src/shared/logger';
import type { UpdateCheckOutcome } from '../../../../../src/shared/updates/agentUpdates';
import { createJobSigner } from '../../../../../src/server/domain/jobSigner';
import { signedUpdateFeed } from '../../../../../src/server/http/updateFeed';
import { loadPinnedKey } from '../../../../../src/main/core/trust/serverSignature';
import { updateFeedUrl, verifySignedFeed } from '../../../../../src/main/core/update/updateCheck';
import { UpdateFlow, type AppUpdaterPort } from '../../../../../src/main/core/update/updateFlow';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-flow-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const installer = Buffer.from('the 0.2.0 installer');
const keys = generateKeyPairSync('ed25519');
/** The outcome of a real signed-feed check for 0.2.0 (server signer, agent verifier). */
function signedOutcome(): UpdateCheckOutcome {
  const feed = signedUpdateFeed(
    {
      platform: 'linux',
      channel: 'latest',
      version: '0.2.0',
      fileName: 'pasang_0.2.0_amd64.deb',
      sha512: createHash('sha512').update(installer).digest('base64'),
      sha256: createHash('sha256').update(installer).digest('hex'),
      sizeBytes: installer.length,
      publishedAt: '2025-06-01T00:00:00.000Z',
      publishedBy: null,
    },
    createJobSigner(keys.privateKey),
  );
  return verifySignedFeed({
    feed: feed.bytes,
    signature: feed.signature,
    key: loadPinnedKey(keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    platform: 'linux',
    currentVersion: '0.1.0',
    feedUrl: updateFeedUrl('http://127.0.0.1:7700', 'linux'),
  });
}

/** Our own AppUpdaterPort, recording calls, standing where electron-updater stands in the shell. */
class RecordingUpdater implements AppUpdaterPort {
  calls: string[] = [];
  installOnQuit = false;
  constructor(private readonly seenVersion: string | null, private readonly downloaded: Buffer) {}
  useFeed(url: string): void {
    this.calls.push(`feed ${url}`);
  }
  async check(): Promise<string | null> {
    this.calls.push('check');
    return this.seenVersion;
  }
  async download(): Promise<string> {
    this.calls.push('download');
    const file = path.join(dir, `dl-${Math.random().toString(36).slice(2)}.deb`);
    fs.writeFileSync(file, this.downloaded);
    return file;
  }
  setInstallOnQuit(on: boolean): void {
    this.installOnQuit = on;
  }
}

function flowWith(updater: AppUpdaterPort, check: () => Promise<UpdateCheckOutcome> = async () => signedOutcome()) {
  const ready: string[] = [];
  const flow = new UpdateFlow({ check, updater, onReady: (v) => ready.push(v), logger: silentLogger });
  return { flow, ready };
}

describe('UpdateFlow', () => {
  it('downloads what the signed feed offers, checks its SHA-512, then arms install-on-quit and says so', async () => {
    const updater = new RecordingUpdater('0.2.0', installer);
    const { flow, ready } = flowWith(updater);
    await expect(flow.runOnce()).resolves.toMatchObject({ kind: 'ready', version: '0.2.0' });
    expect(updater.calls).toEqual(['feed http://127.0.0.1:7700/updates/linux', 'check', 'download']);
    expect([updater.installOnQuit, ready]).toEqual([true, ['0.2.0']]);
    // The same version again: nothing more is downloaded, nothing said twice.
    await flow.runOnce();
    expect([updater.calls.length, ready]).toEqual([3, ['0.2.0']]);
  });

  it('never installs during an install job, and arms again once the PC is quiet', async () => {
    const updater = new RecordingUpdater('0.2.0', installer);
    const { flow } = flowWith(updater);
    flow.setInstalling(true);
    await flow.runOnce();
    expect([flow.state.kind, updater.installOnQuit]).toEqual(['ready', false]);
    flow.setInstalling(false);
    expect(updater.installOnQuit).toBe(true);
    flow.setInstalling(true);
    expect(updater.installOnQuit).toBe(false);
  });

  it('refuses a download whose SHA-512 is not the signed one: nothing armed, nothing said', async () => {
    const updater = new RecordingUpdater('0.2.0', Buffer.from('something else'));
    const { flow, ready } = flowWith(updater);
    await expect(flow.runOnce()).resolves.toMatchObject({ kind: 'refused', code: ErrorCodes.HASH_MISMATCH });
    expect([updater.installOnQuit, ready]).toEqual([false, []]);
  });

  it('downloads nothing when electron-updater reads another version than the signed feed offers', async () => {
    const updater = new RecordingUpdater('6.6.6', installer);
    const { flow } = flowWith(updater);
    await expect(flow.runOnce()).resolves.toMatchObject({ kind: 'refused', code: ErrorCodes.UPDATE_FEED_INVALID });
    expect(updater.calls).not.toContain('download');
  });

  it('leaves electron-updater alone when the signed check offers nothing or fails', async () => {
    const updater = new RecordingUpdater('0.2.0', installer);
    const none = flowWith(updater, async () => ({ status: 'none', reason: 'same', currentVersion: '0.2.0', offeredVersion: '0.2.0' }));
    await expect(none.flow.runOnce()).resolves.toEqual({ kind: 'idle' });
    const bad = flowWith(updater, async () => {
      throw new PasangError(ErrorCodes.SIGNATURE_INVALID, 'bad signature');
    });
    await expect(bad.flow.runOnce()).resolves.toMatchObject({ kind: 'refused', code: ErrorCodes.SIGNATURE_INVALID });
    expect([updater.calls, updater.installOnQuit]).toEqual([[], false]);
  });

  it('runs one check at a time and leaves no timer after stop', async () => {
    const updater = new RecordingUpdater('0.2.0', installer);
    const { flow } = flowWith(updater);
    const [a, b] = [flow.runOnce(), flow.runOnce()];
    expect(a).toBe(b);
    await a;
    flow.start();
    flow.stop();
    expect(updater.calls.filter((c) => c === 'download')).toHaveLength(1);
  });
});
