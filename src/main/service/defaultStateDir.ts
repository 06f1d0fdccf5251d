/** Where the agent service keeps its credential and outbox when no --state-dir is given, per OS convention. */
import os from 'node:os';
import path from 'node:path';

export function defaultStateDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Pasang', 'agent');
  if (platform === 'darwin') return isRoot ? '/Library/Application Support/Pasang/agent' : path.join(os.homedir(), 'Library', 'Application Support', 'Pasang', 'agent');
  return isRoot ? '/var/lib/pasang-agent' : path.join(env.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'), 'pasang-agent');
}
