import type { CommandRunner, RunResult } from '../../../../../../src/main/core/process/commandRunner';
import { collectInstalledSoftware } from '../../../../../../src/main/core/inventory/software/collectInstalledSoftware';
import { runResult as result } from '../../../../../support/runResult';

const missing = (file: string) => result({ exitCode: null, error: `spawn ${file} ENOENT`, errorCode: 'ENOENT' });

/** A runner answering by program name; programs not listed do not exist. */
function fakeRunner(answers: Record<string, RunResult>): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async run(file) {
      const name = file.split('/').pop()!;
      calls.push(name);
      return answers[name] ?? missing(file);
    },
  };
}

describe('collectInstalledSoftware', () => {
  it('on Linux reads dpkg and rpm when both exist, sorted by name', async () => {
    const runner = fakeRunner({
      'dpkg-query': result({
        stdout:
          'install ok installed\tzsh\t5.9\tamd64\tX <x@y>\t10\ninstall ok installed\tBash\t5.2\tamd64\tX <x@y>\t10\n',
      }),
      rpm: result({ stdout: 'alien-pkg\t(none)\t1.0\t1\tx86_64\tAcme\t5\t1700000000\n' }),
    });
    const { software, problems } = await collectInstalledSoftware('linux', runner);
    expect(software.map((s) => `${s.source}:${s.name}`)).toEqual(['rpm:alien-pkg', 'dpkg:Bash', 'dpkg:zsh']);
    expect(problems).toEqual([]);
  });

  it('on Linux is content with one package manager and does not call a missing one a problem', async () => {
    const runner = fakeRunner({ rpm: result({ stdout: 'bash\t(none)\t5.2\t1\tx86_64\tFedora\t5\t1700000000\n' }) });
    const { software, problems } = await collectInstalledSoftware('linux', runner);
    expect(software).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it('fails when the OS has none of its package databases', async () => {
    await expect(collectInstalledSoftware('linux', fakeRunner({}))).rejects.toThrow(
      'no package database found (dpkg, rpm)',
    );
  });

  it('on macOS keeps the apps and names brew as the problem when brew fails', async () => {
    const runner = fakeRunner({
      system_profiler: result({
        stdout: '{"SPApplicationsDataType":[{"_name":"Safari","version":"17.4","obtained_from":"apple"}]}',
      }),
      brew: result({
        exitCode: 1,
        stderr: 'Error: Running Homebrew as root is extremely dangerous and no longer supported.\n',
      }),
    });
    const { software, problems } = await collectInstalledSoftware('darwin', runner);
    expect(software.map((s) => s.name)).toEqual(['Safari']);
    expect(problems).toEqual([
      'brew: brew exited with 1: Error: Running Homebrew as root is extremely dangerous and no longer supported.',
    ]);
  });

  it('on Windows reads the registry', async () => {
    const calls: string[] = [];
    const runner: CommandRunner = {
      async run(file, args) {
        calls.push(file);
        // Only the 64-bit machine key has an entry; the others do not exist (reg exits 1).
        return args[1] === 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall'
          ? result({ stdout: 'HKEY_LOCAL_MACHINE\\X\\Uninstall\\A\r\n    DisplayName    REG_SZ    App\r\n\r\n' })
          : result({ exitCode: 1 });
      },
    };
    const { software, problems } = await collectInstalledSoftware('win32', runner);
    expect(software).toEqual([{ name: 'App', source: 'windows-registry' }]);
    expect(problems).toEqual([]);
    expect(calls.every((c) => c === 'reg')).toBe(true);
  });

  it('fails with the reason when the only source fails', async () => {
    const runner = fakeRunner({ 'dpkg-query': result({ exitCode: null, timedOut: true, signal: 'SIGKILL' }) });
    await expect(collectInstalledSoftware('linux', runner, { timeoutMs: 50 })).rejects.toThrow(
      'dpkg: dpkg-query timed out after 50 ms',
    );
  });

  it('refuses platforms it has no source for', async () => {
    await expect(collectInstalledSoftware('aix', fakeRunner({}))).rejects.toThrow('not collected on aix');
  });
});
