import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErrorCodes } from '../../../../../src/shared/errors';
import { createPosixChallenger, isPosixUserName } from '../../../../../src/main/service/localApi/posixChallenger';
import { parsePasswdLine, type PosixUser } from '../../../../../src/main/service/localApi/resolvePosixUser';

const posix = process.platform !== 'win32';
const uid = process.getuid?.() ?? 0;
const gid = process.getgid?.() ?? 0;

describe('isPosixUserName', () => {
  it.each(['alice', 'budi.santoso', 'svc_pasang', 'user@bps.go.id', 'machine$', '_x'])('takes %j', (n) => {
    expect(isPosixUserName(n)).toBe(true);
  });
  it.each(['', '0', '1000', '-rf', 'a b', 'a/b', 'a:b', 'x\n'])('refuses %j', (n) => {
    expect(isPosixUserName(n)).toBe(false);
  });
});

describe('parsePasswdLine', () => {
  it('reads the uid and gid of the named user', () => {
    expect(parsePasswdLine('alice:x:1001:1002:Alice:/home/alice:/bin/bash', 'alice')).toEqual({
      name: 'alice',
      uid: 1001,
      gid: 1002,
    });
  });
  it('refuses a line of another user (getent also answers a uid)', () => {
    expect(parsePasswdLine('root:x:0:0:root:/root:/bin/bash', '0')).toBeNull();
    expect(parsePasswdLine('', 'alice')).toBeNull();
  });
});

(posix ? describe : describe.skip)('createPosixChallenger', () => {
  let dir: string;
  const self: PosixUser = { name: 'me', uid, gid };
  const resolveUser = async (name: string) => (name === 'me' ? self : null);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-challenge-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a fresh 64-hex nonce in a 0600 file of the user’s 0700 folder, and deletes it on dispose', async () => {
    const challenger = createPosixChallenger({ dir: path.join(dir, 'ch'), resolveUser, serviceUid: uid });
    const a = await challenger.issue('me');
    const b = await challenger.issue('me');
    expect(a.nonce).toMatch(/^[0-9a-f]{64}$/);
    expect(a.nonce).not.toBe(b.nonce);
    expect(fs.readFileSync(a.path, 'utf8')).toBe(a.nonce);
    expect(fs.statSync(a.path).mode & 0o777).toBe(0o600);
    expect(path.dirname(a.path)).toBe(path.join(dir, 'ch', String(uid)));
    expect(fs.statSync(path.dirname(a.path)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, 'ch')).mode & 0o777).toBe(0o711);
    await a.dispose();
    await a.dispose();
    expect(fs.existsSync(a.path)).toBe(false);
    await b.dispose();
  });

  it('replaces a user folder that was opened up or swapped for a symlink, and never writes through it', async () => {
    const base = path.join(dir, 'ch');
    const elsewhere = path.join(dir, 'elsewhere');
    fs.mkdirSync(base, { mode: 0o711 });
    fs.mkdirSync(elsewhere);
    fs.symlinkSync(elsewhere, path.join(base, String(uid)));
    const challenger = createPosixChallenger({ dir: base, resolveUser, serviceUid: uid });
    const c = await challenger.issue('me');
    expect(fs.lstatSync(path.join(base, String(uid))).isDirectory()).toBe(true);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    await c.dispose();

    fs.chmodSync(path.join(base, String(uid)), 0o755);
    const d = await challenger.issue('me');
    expect(fs.statSync(path.join(base, String(uid))).mode & 0o777).toBe(0o700);
    await d.dispose();
  });

  it('refuses an unknown user, a bad name, and — when not root — any user but its own', async () => {
    const challenger = createPosixChallenger({ dir: path.join(dir, 'ch'), resolveUser, serviceUid: uid });
    await expect(challenger.issue('ghost')).rejects.toMatchObject({ code: ErrorCodes.CALLER_UNVERIFIED });
    await expect(challenger.issue('../../etc')).rejects.toMatchObject({ code: ErrorCodes.CALLER_UNVERIFIED });
    const unprivileged = createPosixChallenger({
      dir: path.join(dir, 'ch2'),
      resolveUser: async () => ({ name: 'other', uid: uid + 4242, gid }),
      serviceUid: uid === 0 ? 1000 : uid,
    });
    await expect(unprivileged.issue('other')).rejects.toMatchObject({
      code: ErrorCodes.CALLER_UNVERIFIED,
      message: /does not run as root/,
    });
  });
});
