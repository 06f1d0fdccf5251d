/**
 * The caller challenge on Windows: the service (SYSTEM) keeps a folder only SYSTEM and Administrators may open
 * files in (Users may only traverse it), writes the nonce into a new file there — inheriting that ACL, so nobody else
 * can read it yet — and then grants read to the claimed account alone with icacls. Built here as argv and paths so it
 * is type-checked and unit-tested on Linux; it runs only on a Windows PC.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import type { CommandRunner } from '../../core/process/commandRunner';
import type { CallerChallenger } from './callerChallenge';

/** Well-known SIDs, so the ACL does not depend on the language of the account names. */
const SYSTEM = '*S-1-5-18';
const ADMINISTRATORS = '*S-1-5-32-544';
const USERS = '*S-1-5-32-545';

/**
 * `DOMAIN\user` or `user`, without the characters Windows forbids in account names (" / \ [ ] : ; | = , + * ? < >)
 * — which also keeps icacls from reading a part of it as a permission or an option.
 */
const PART = '[^"/\\\\[\\]:;|=,+*?<>()\\u0000-\\u001f]{1,104}';
const WINDOWS_USER = new RegExp(`^${PART}(\\\\${PART})?$`);

export function isWindowsUserName(name: string): boolean {
  return WINDOWS_USER.test(name) && !name.startsWith('-');
}

/** The folder: no inherited entries; SYSTEM and Administrators full control (inherited by files); Users traverse only. */
export function challengeFolderAclArgs(dir: string): string[] {
  return [
    dir,
    '/inheritance:r',
    '/grant:r',
    `${SYSTEM}:(OI)(CI)F`,
    '/grant:r',
    `${ADMINISTRATORS}:(OI)(CI)F`,
    '/grant:r',
    `${USERS}:(X)`,
  ];
}

/** The nonce file: read for the claimed account, on top of what it inherited from the folder. */
export function challengeFileAclArgs(file: string, osUser: string): string[] {
  return [file, '/grant:r', `${osUser}:(R)`];
}

export function windowsChallengePath(dir: string, randomHex: string): string {
  return path.win32.join(dir, `${randomHex}.nonce`);
}

export interface WindowsChallengerOptions {
  /** e.g. `%ProgramData%\Pasang\agent\challenge`. */
  dir: string;
  runner: CommandRunner;
  /** @default crypto.randomBytes */
  randomBytes?: (size: number) => Buffer;
}

export function createWindowsChallenger(options: WindowsChallengerOptions): CallerChallenger {
  const random = options.randomBytes ?? nodeRandomBytes;
  let folderReady = false;

  async function icacls(args: string[], what: string): Promise<void> {
    const r = await options.runner.run('icacls', args, { timeoutMs: 10_000 });
    if (r.exitCode === 0) return;
    // icacls exits 1332 ("No mapping between account names and security IDs") for an unknown account.
    throw new PasangError(
      ErrorCodes.CALLER_UNVERIFIED,
      `${what}: icacls exited ${r.exitCode ?? r.error ?? 'abnormally'}`,
      {
        details: { stderr: r.stderr.slice(-500), stdout: r.stdout.slice(-500) },
      },
    );
  }

  return {
    async issue(osUser) {
      if (!isWindowsUserName(osUser))
        throw new PasangError(ErrorCodes.CALLER_UNVERIFIED, `"${osUser}" is not an account name`);
      if (!folderReady) {
        await fsp.mkdir(options.dir, { recursive: true });
        await icacls(challengeFolderAclArgs(options.dir), 'could not protect the challenge folder');
        folderReady = true;
      }
      const nonce = random(32).toString('hex');
      const file = windowsChallengePath(options.dir, random(16).toString('hex'));
      await fsp.writeFile(file, nonce, { flag: 'wx' });
      const dispose = () => fsp.rm(file, { force: true }).catch(() => undefined);
      try {
        await icacls(challengeFileAclArgs(file, osUser), `no account "${osUser}" to grant the challenge to`);
      } catch (err) {
        await dispose();
        throw err;
      }
      return { path: file, nonce, dispose };
    },
  };
}
