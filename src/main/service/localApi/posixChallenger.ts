/**
 * The caller challenge on Linux and macOS: `<dir>/<uid>/<random>.nonce`, the folder 0700 and the file 0600, both
 * owned by the claimed user, under a base folder the service owns (0711: users pass through to their own folder but
 * cannot list it). Only that user (and root) can read the nonce. Files are created with O_EXCL|O_NOFOLLOW, so a
 * symlink the user planted in their own folder is never followed by the root service.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fsp } from 'node:fs';
import path from 'node:path';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import type { CallerChallenger, IssuedChallenge } from './callerChallenge';
import type { ResolvePosixUser } from './resolvePosixUser';

export interface PosixChallengerOptions {
  /** Base folder, created if missing (mode 0711, owned by the service). */
  dir: string;
  resolveUser: ResolvePosixUser;
  /** @default crypto.randomBytes */
  randomBytes?: (size: number) => Buffer;
  /** The service's own uid: only root can write a file another user owns. @default process.getuid() */
  serviceUid?: number;
}

/**
 * A POSIX login as `useradd` and NSS accept it (also `user@domain` from SSSD), never all digits: `getent passwd 1000`
 * would resolve a uid, and a user named "1000" must not be taken for uid 1000's account. No leading dash (an option).
 */
const POSIX_USER = /^(?![0-9]+$)[A-Za-z0-9_][A-Za-z0-9_.@-]{0,255}\$?$/;

export function isPosixUserName(name: string): boolean {
  return POSIX_USER.test(name);
}

function refused(message: string): PasangError {
  return new PasangError(ErrorCodes.CALLER_UNVERIFIED, message);
}

export function createPosixChallenger(options: PosixChallengerOptions): CallerChallenger {
  const random = options.randomBytes ?? nodeRandomBytes;
  const serviceUid = options.serviceUid ?? process.getuid?.() ?? -1;

  async function ensureBase(): Promise<void> {
    await fsp.mkdir(options.dir, { recursive: true, mode: 0o711 });
    const st = await fsp.lstat(options.dir);
    if (!st.isDirectory() || st.uid !== serviceUid) {
      throw new PasangError(
        ErrorCodes.INTERNAL,
        `challenge folder ${options.dir} is not a folder owned by the service`,
      );
    }
    if ((st.mode & 0o7777) !== 0o711) await fsp.chmod(options.dir, 0o711);
  }

  /** The user's own folder, recreated when it is anything but a 0700 folder of theirs (a symlink, someone else's). */
  async function ensureUserDir(uid: number, gid: number): Promise<string> {
    const dir = path.join(options.dir, String(uid));
    const st = await fsp.lstat(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (st && !(st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0)) {
      await fsp.rm(dir, { recursive: true, force: true });
    }
    if (!st || !(st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0)) {
      await fsp.mkdir(dir, { mode: 0o700 });
      // Made by us with 0700 before the chown: nobody else ever sees it open.
      if (uid !== serviceUid) await fsp.chown(dir, uid, gid);
    }
    return dir;
  }

  return {
    async issue(osUser) {
      if (!isPosixUserName(osUser)) throw refused(`"${osUser}" is not a user name here`);
      const user = await options.resolveUser(osUser);
      if (!user) throw refused(`no user "${osUser}" on this computer`);
      if (serviceUid !== 0 && user.uid !== serviceUid) {
        throw refused(`this agent service does not run as root: it can verify only its own user, not "${osUser}"`);
      }
      await ensureBase();
      const dir = await ensureUserDir(user.uid, user.gid);
      const nonce = random(32).toString('hex');
      const file = path.join(dir, `${random(16).toString('hex')}.nonce`);
      const handle = await fsp.open(
        file,
        fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_NOFOLLOW,
        0o600,
      );
      try {
        await handle.writeFile(nonce);
        if (user.uid !== serviceUid) await handle.chown(user.uid, user.gid);
      } catch (err) {
        await handle.close();
        await fsp.rm(file, { force: true });
        throw err;
      }
      await handle.close();
      const challenge: IssuedChallenge = {
        path: file,
        nonce,
        dispose: () => fsp.rm(file, { force: true }).catch(() => undefined),
      };
      return challenge;
    },
  };
}
