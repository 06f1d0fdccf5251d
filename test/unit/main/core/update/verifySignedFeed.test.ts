import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { ErrorCodes } from '../../../../../src/shared/errors';
import type { AgentReleaseRecord } from '../../../../../src/shared/updates/agentUpdates';
import { createJobSigner } from '../../../../../src/server/domain/jobSigner';
import { renderUpdateFeed, signedUpdateFeed } from '../../../../../src/server/http/updateFeed';
import { loadPinnedKey } from '../../../../../src/main/core/trust/serverSignature';
import { updateFeedUrl, verifySignedFeed } from '../../../../../src/main/core/update/updateCheck';
import { verifyDownloadedUpdate } from '../../../../../src/main/core/update/verifyDownloadedUpdate';

// The server's own signer and feed writer against the agent's own verifier: the parts that meet on the wire.
const server = generateKeyPairSync('ed25519');
const signer = createJobSigner(server.privateKey);
const pinned = loadPinnedKey(server.publicKey.export({ type: 'spki', format: 'pem' }).toString());
const feedUrl = updateFeedUrl('http://127.0.0.1:7700', 'win');
const installer = Buffer.from('MZ… a tiny stand-in for Pasang-Setup-1.2.0.exe');
const sha512 = createHash('sha512').update(installer).digest('base64');

function release(over: Partial<AgentReleaseRecord> = {}): AgentReleaseRecord {
  return {
    platform: 'win',
    channel: 'latest',
    version: '1.2.0',
    fileName: 'Pasang-Setup-1.2.0.exe',
    sha512,
    sha256: createHash('sha256').update(installer).digest('hex'),
    sizeBytes: installer.length,
    publishedAt: '2025-06-02T03:04:05.000Z',
    publishedBy: 'cli-admin',
    ...over,
  };
}

function check(feed: Uint8Array, signature: string, currentVersion = '1.1.0', key = pinned) {
  return verifySignedFeed({ feed, signature, key, platform: 'win', currentVersion, feedUrl });
}

function signedText(text: string) {
  return { bytes: Buffer.from(text, 'utf8'), signature: signer.sign(text) };
}

describe('verifySignedFeed', () => {
  it('offers a newer release from a feed the pinned key signed, with the SHA-512 the download must have', () => {
    const feed = signedUpdateFeed(release(), signer);
    expect(check(feed.bytes, feed.signature)).toEqual({
      status: 'available',
      version: '1.2.0',
      currentVersion: '1.1.0',
      feedUrl: 'http://127.0.0.1:7700/updates/win',
      fileUrl: 'http://127.0.0.1:7700/updates/win/Pasang-Setup-1.2.0.exe',
      fileName: 'Pasang-Setup-1.2.0.exe',
      sha512,
      sizeBytes: installer.length,
      releaseDate: '2025-06-02T03:04:05.000Z',
    });
  });

  it('refuses a feed whose bytes changed after signing, even by one character', () => {
    const feed = signedUpdateFeed(release(), signer);
    const tampered = Buffer.from(feed.bytes);
    tampered[tampered.indexOf('1.2.0')] = '9'.charCodeAt(0);
    expect(() => check(tampered, feed.signature)).toThrow(expect.objectContaining({ code: ErrorCodes.SIGNATURE_INVALID }));
    const otherFile = Buffer.from(feed.bytes.toString('utf8').replaceAll(sha512, createHash('sha512').update('evil').digest('base64')));
    expect(() => check(otherFile, feed.signature)).toThrow(expect.objectContaining({ code: ErrorCodes.SIGNATURE_INVALID }));
  });

  it('refuses a feed signed by another key than the one pinned at enrollment', () => {
    const intruder = createJobSigner(generateKeyPairSync('ed25519').privateKey);
    const feed = signedUpdateFeed(release(), intruder);
    expect(() => check(feed.bytes, feed.signature)).toThrow(expect.objectContaining({ code: ErrorCodes.SIGNATURE_INVALID }));
  });

  it('refuses a missing or malformed signature', () => {
    const feed = signedUpdateFeed(release(), signer);
    for (const signature of ['', 'not base64 at all', feed.signature.slice(0, 40), `${feed.signature}AAAA`]) {
      expect(() => check(feed.bytes, signature)).toThrow(expect.objectContaining({ code: ErrorCodes.SIGNATURE_INVALID }));
    }
  });

  it('never offers a downgrade or the same version, and puts a pre-release before its release', () => {
    const same = signedUpdateFeed(release({ version: '1.2.0' }), signer);
    expect(check(same.bytes, same.signature, '1.2.0')).toEqual({ status: 'none', reason: 'same', currentVersion: '1.2.0', offeredVersion: '1.2.0' });
    const older = signedUpdateFeed(release({ version: '1.0.9' }), signer);
    expect(check(older.bytes, older.signature, '1.2.0')).toMatchObject({ status: 'none', reason: 'older', offeredVersion: '1.0.9' });
    const rc = signedUpdateFeed(release({ version: '1.2.0-rc.1' }), signer);
    expect(check(rc.bytes, rc.signature, '1.2.0')).toMatchObject({ status: 'none', reason: 'older' });
    expect(check(rc.bytes, rc.signature, '1.2.0-beta.3')).toMatchObject({ status: 'available', version: '1.2.0-rc.1' });
    expect(check(older.bytes, older.signature, '1.0.10')).toMatchObject({ reason: 'older' }); // 10 > 9 numerically
  });

  it('refuses a signed feed that is not the shape electron-updater reads, with what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['version: [1, 2', /not valid YAML/],
      ['- just\n- a list\n', /shape/],
      [renderUpdateFeed(release()).replace('size: ', 'size: -'), /shape/],
      [renderUpdateFeed(release()).replace(/^path: .*$/m, 'path: Other-1.2.0.exe'), /two different files/],
      [renderUpdateFeed(release({ fileName: 'Pasang-1.2.0.deb' })), /not a win installer/],
      [renderUpdateFeed(release()).replace('version: 1.2.0', 'version: "1.2"'), /shape/],
      [`${renderUpdateFeed(release())}stagingPercentage: 50\n`, /shape/],
      [`${renderUpdateFeed(release())}version: 9.9.9\n`, /duplicated mapping key/],
    ];
    for (const [text, message] of cases) {
      const feed = signedText(text);
      let error: unknown;
      try {
        check(feed.bytes, feed.signature);
      } catch (err) {
        error = err;
      }
      expect([text, error]).toEqual([text, expect.objectContaining({ code: ErrorCodes.UPDATE_FEED_INVALID, message: expect.stringMatching(message) })]);
    }
  });

  it('refuses an agent version that is not a semantic version (a build mistake, said plainly)', () => {
    const feed = signedUpdateFeed(release(), signer);
    expect(() => check(feed.bytes, feed.signature, 'dev')).toThrow(/not a semantic version/);
  });
});

describe('verifyDownloadedUpdate', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-update-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lets through the file with the signed SHA-512', async () => {
    const file = path.join(dir, 'good.exe');
    fs.writeFileSync(file, installer);
    await expect(verifyDownloadedUpdate(file, sha512)).resolves.toBeUndefined();
  });

  it('refuses a file with any other content, and a file that is not there', async () => {
    const file = path.join(dir, 'swapped.exe');
    const swapped = Buffer.from(installer);
    swapped.writeUInt8(swapped.readUInt8(swapped.length - 1) ^ 1, swapped.length - 1);
    fs.writeFileSync(file, swapped);
    await expect(verifyDownloadedUpdate(file, sha512)).rejects.toMatchObject({ code: ErrorCodes.HASH_MISMATCH, message: expect.stringMatching(/not installed/) });
    await expect(verifyDownloadedUpdate(path.join(dir, 'missing.exe'), sha512)).rejects.toMatchObject({ code: ErrorCodes.HASH_MISMATCH });
  });
});
