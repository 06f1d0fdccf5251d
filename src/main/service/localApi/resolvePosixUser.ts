/**
 * An OS account name → its uid and gid, through the system's name service (`getent passwd`, which sees LDAP/SSSD
 * accounts too), or `id` where there is no getent (macOS). argv only; the name was validated by the caller.
 */
import type { CommandRunner } from '../../core/process/commandRunner';

export interface PosixUser {
  name: string;
  uid: number;
  gid: number;
}

export type ResolvePosixUser = (name: string) => Promise<PosixUser | null>;

const LOOKUP_TIMEOUT_MS = 5000;

export function createPosixUserResolver(runner: CommandRunner): ResolvePosixUser {
  return async (name) => {
    const r = await runner.run('getent', ['passwd', name], { timeoutMs: LOOKUP_TIMEOUT_MS });
    if (r.errorCode === 'ENOENT') return viaId(runner, name);
    if (r.exitCode !== 0) return null;
    return parsePasswdLine(r.stdout.split('\n')[0] ?? '', name);
  };
}

/** `name:x:uid:gid:gecos:home:shell` → the user, or null when it is not `name`'s (getent also takes a uid). */
export function parsePasswdLine(line: string, name: string): PosixUser | null {
  const [login, , uid, gid] = line.trim().split(':');
  if (login !== name || !uid || !gid || !/^\d+$/.test(uid) || !/^\d+$/.test(gid)) return null;
  return { name, uid: Number(uid), gid: Number(gid) };
}

async function viaId(runner: CommandRunner, name: string): Promise<PosixUser | null> {
  const [u, g] = await Promise.all([
    runner.run('id', ['-u', name], { timeoutMs: LOOKUP_TIMEOUT_MS }),
    runner.run('id', ['-g', name], { timeoutMs: LOOKUP_TIMEOUT_MS }),
  ]);
  const uid = u.stdout.trim();
  const gid = g.stdout.trim();
  if (u.exitCode !== 0 || g.exitCode !== 0 || !/^\d+$/.test(uid) || !/^\d+$/.test(gid)) return null;
  return { name, uid: Number(uid), gid: Number(gid) };
}
