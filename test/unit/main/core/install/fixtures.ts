/** Shared test inputs for the install backends and detection: variants, contexts and a scripted CommandRunner. */
import type { InstallerVariant } from '../../../../../src/shared/install/manifest';
import type { CommandRunner, RunOptions, RunResult } from '../../../../../src/main/core/process/commandRunner';
import type { InstallContext } from '../../../../../src/main/core/install/backends/backend';
import { runResult } from '../../../../support/runResult';

export function variant(fields: Partial<InstallerVariant> & Pick<InstallerVariant, 'kind'>): InstallerVariant {
  return { os: 'windows', detection: { kind: 'file', path: 'C:\\x' }, ...fields };
}

export const windowsCtx: InstallContext = {
  platform: 'win32',
  stagingDir: 'C:\\ProgramData\\Pasang\\staging\\job-1',
  artifactPath: 'C:\\ProgramData\\Pasang\\staging\\job-1\\app.msi',
  env: { ProgramFiles: 'C:\\Program Files', SystemRoot: 'C:\\Windows' },
};

export const linuxCtx: InstallContext = {
  platform: 'linux',
  stagingDir: '/var/lib/pasang/staging/job-1',
  artifactPath: '/var/lib/pasang/staging/job-1/app.deb',
};

export const macCtx: InstallContext = {
  platform: 'darwin',
  stagingDir: '/Library/Application Support/Pasang/staging/job-1',
  artifactPath: '/Library/Application Support/Pasang/staging/job-1/App.pkg',
};

/** Ids a schema bypass could deliver: shell words, options, paths, whitespace. */
export const UnsafeIds = [
  '-rf',
  '--ignore-security-hash',
  'foo;rm -rf /',
  'foo && calc.exe',
  'foo|bar',
  '$(whoami)',
  '`id`',
  'foo bar',
  'foo\nbar',
  '',
  '../etc/passwd',
  '"quoted"',
  'a'.repeat(201),
];

export interface RunCall {
  file: string;
  args: readonly string[];
  options: RunOptions | undefined;
}

export type Script = Partial<RunResult> | ((file: string, args: readonly string[]) => Partial<RunResult>);

/** A CommandRunner that records every call and answers from a script (defaults: exit 0, empty output). */
export function scriptedRunner(script: Script = {}): CommandRunner & { calls: RunCall[] } {
  const calls: RunCall[] = [];
  return {
    calls,
    run(file, args, options) {
      calls.push({ file, args, options });
      const answer = typeof script === 'function' ? script(file, args) : script;
      return Promise.resolve(runResult(answer));
    },
  };
}
