import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dpkgBackend } from '../../../../../../src/main/core/install/backends/dpkg';
import type { InstallContext, Invocation } from '../../../../../../src/main/core/install/backends/backend';
import { detect } from '../../../../../../src/main/core/install/detect';
import type { DpkgOptions } from '../../../../../../src/main/core/install/dpkgOptions';
import { createCommandRunner } from '../../../../../../src/main/core/process/commandRunner';
import type { InstallerVariant } from '../../../../../../src/shared/install/manifest';
import { buildTinyDeb } from '../../../../../support/tinyDeb';
import { linuxCtx, variant } from '../fixtures';

const v = variant({ os: 'linux', kind: 'deb', detection: { kind: 'dpkg', package: 'pasang-demo' } });

describe('dpkgBackend', () => {
  describe('argv', () => {
    it('installs the verified .deb with dpkg -i, never asking about conffiles', () => {
      expect(dpkgBackend.install(v, linuxCtx)).toEqual({
        file: 'dpkg',
        args: ['--force-confdef', '--force-confold', '-i', '/var/lib/pasang/staging/job-1/app.deb'],
        env: { DEBIAN_FRONTEND: 'noninteractive' },
        timeoutMs: 3_600_000,
      });
    });

    it('removes by the package its dpkg detection rule names, or by packageId', () => {
      expect(dpkgBackend.uninstall(v, linuxCtx).args).toEqual(['-r', 'pasang-demo']);
      expect(dpkgBackend.uninstall({ ...v, packageId: 'other-pkg' }, linuxCtx).args).toEqual(['-r', 'other-pkg']);
    });

    it('puts the context dpkg options (never the variant) before the action', () => {
      const ctx = { ...linuxCtx, dpkg: { root: '/tmp/r', log: '/dev/null', force: ['script-chrootless'] } };
      expect(dpkgBackend.install(v, ctx).args.slice(0, 3)).toEqual([
        '--root=/tmp/r',
        '--log=/dev/null',
        '--force-script-chrootless',
      ]);
      expect(dpkgBackend.uninstall(v, ctx).args).toEqual([
        '--root=/tmp/r',
        '--log=/dev/null',
        '--force-script-chrootless',
        '-r',
        'pasang-demo',
      ]);
    });

    it('refuses an uninstall without a package name, and an unsafe one', () => {
      const noName = { ...v, detection: { kind: 'file' as const, path: '/opt/x' } };
      expect(() => dpkgBackend.uninstall(noName, linuxCtx)).toThrow(
        expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
      );
      expect(() => dpkgBackend.uninstall({ ...v, packageId: '--purge' }, linuxCtx)).toThrow(
        expect.objectContaining({ code: 'UNSAFE_PACKAGE_ID' }),
      );
    });

    it('refuses a missing or relative .deb path', () => {
      expect(() => dpkgBackend.install(v, { ...linuxCtx, artifactPath: undefined })).toThrow(
        expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
      );
      expect(() => dpkgBackend.install(v, { ...linuxCtx, artifactPath: 'app.deb' })).toThrow(
        expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
      );
    });

    it.each([
      [0, 'success'],
      [1, 'failure'],
      [2, 'failure'],
      [3010, 'failure'],
    ])('maps %i to %s', (code, outcome) => {
      expect(dpkgBackend.mapExitCode(code, v).outcome).toBe(outcome);
    });
  });
});

const asRootWithDpkg = process.getuid?.() === 0 && fs.existsSync('/usr/bin/dpkg') && fs.existsSync('/usr/bin/dpkg-deb');
const runner = createCommandRunner();

/** Runs an Invocation as the install engine does: argv through the real runner, env merged over the service's. */
async function run(inv: Invocation) {
  const result = await runner.run(inv.file, inv.args, {
    timeoutMs: inv.timeoutMs,
    env: { ...process.env, ...inv.env },
  });
  return { ...result, outcome: dpkgBackend.mapExitCode(result.exitCode, v) };
}

/** A .deb with a postinst: the tiny-deb helper writes files only, and dpkg-deb wants scripts 0755. */
function buildDebWithPostinst(name: string, dir: string): string {
  const pkg = path.join(dir, 'pkg-postinst');
  fs.mkdirSync(path.join(pkg, 'DEBIAN'), { recursive: true });
  fs.mkdirSync(path.join(pkg, 'opt', name), { recursive: true });
  fs.writeFileSync(
    path.join(pkg, 'DEBIAN', 'control'),
    `Package: ${name}\nVersion: 2.0\nArchitecture: all\nMaintainer: Pasang Tests <tests@pasang.invalid>\nDescription: t\n`,
  );
  fs.writeFileSync(
    path.join(pkg, 'DEBIAN', 'postinst'),
    `#!/bin/sh\nset -e\necho "$1" > "$DPKG_ROOT/opt/${name}/postinst-ran"\n`,
    { mode: 0o755 },
  );
  const out = path.join(dir, `${name}_2.0_all.deb`);
  execFileSync('dpkg-deb', ['--build', '--root-owner-group', pkg, out], { stdio: 'pipe' });
  return out;
}

(asRootWithDpkg ? describe : describe.skip)('dpkgBackend for real, as root', () => {
  const temp: string[] = [];
  afterAll(() => {
    for (const dir of temp) fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * An isolated dpkg database: an empty admindir with info/ and updates/ and an empty status file is all dpkg needs.
   * As root, `--root=DIR` alone works for packages without maintainer scripts; scripts need `script-chrootless`
   * (below); an agent that is not root would add `not-root`. `--log=/dev/null` keeps /var/log/dpkg.log clean.
   */
  function isolatedRoot(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-dpkg-root-'));
    temp.push(root);
    fs.mkdirSync(path.join(root, 'var/lib/dpkg/info'), { recursive: true });
    fs.mkdirSync(path.join(root, 'var/lib/dpkg/updates'), { recursive: true });
    fs.writeFileSync(path.join(root, 'var/lib/dpkg/status'), '');
    return root;
  }

  const layouts: [string, (root: string) => DpkgOptions][] = [
    ['--root', (root) => ({ root, log: '/dev/null' })],
    [
      '--admindir with --instdir',
      (root) => ({ admindir: path.join(root, 'var/lib/dpkg'), instdir: root, log: '/dev/null' }),
    ],
  ];

  it.each(layouts)('installs, detects, removes and detects again in an isolated root (%s)', async (_name, layout) => {
    const root = isolatedRoot();
    const dpkg = layout(root);
    const deb = buildTinyDeb('pasang-iso-test', '1.2.3', { 'opt/pasang-iso-test/hello.txt': 'hello\n' });
    temp.push(path.dirname(deb));
    const ctx: InstallContext = { platform: 'linux', stagingDir: path.dirname(deb), artifactPath: deb, dpkg };
    const deps = { runner, platform: 'linux' as const, dpkg };
    const rule = { kind: 'dpkg' as const, package: 'pasang-iso-test', version: '1.2.3' };
    const pkg: InstallerVariant = { ...v, detection: rule };

    expect(await detect(rule, deps)).toMatchObject({ installed: false });

    const installed = await run(dpkgBackend.install(pkg, ctx));
    expect(installed.outcome).toEqual({ outcome: 'success' });
    expect(fs.readFileSync(path.join(root, 'opt/pasang-iso-test/hello.txt'), 'utf8')).toBe('hello\n');
    expect(await detect(rule, deps)).toEqual({
      installed: true,
      version: '1.2.3',
      detail: 'dpkg: pasang-iso-test 1.2.3 installed',
    });
    expect(await detect({ ...rule, version: '9.9' }, deps)).toMatchObject({ installed: false, version: '1.2.3' });

    const removed = await run(dpkgBackend.uninstall(pkg, ctx));
    expect(removed.outcome).toEqual({ outcome: 'success' });
    expect(fs.existsSync(path.join(root, 'opt/pasang-iso-test/hello.txt'))).toBe(false);
    expect(await detect(rule, deps)).toEqual({ installed: false, detail: 'dpkg: pasang-iso-test is not installed' });
  });

  it('runs maintainer scripts in a fake root only with script-chrootless (dpkg would chroot into a root with no shell)', async () => {
    const root = isolatedRoot();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-deb-'));
    temp.push(dir);
    const deb = buildDebWithPostinst('pasang-iso-script', dir);
    const rule = { kind: 'dpkg' as const, package: 'pasang-iso-script' };
    const pkg: InstallerVariant = { ...v, detection: rule };

    const chrooted = { root, log: '/dev/null' };
    const failed = await run(dpkgBackend.install(pkg, { ...linuxCtx, artifactPath: deb, dpkg: chrooted }));
    expect(failed.outcome).toMatchObject({ outcome: 'failure', code: 1 });
    // Unpacked but its postinst never ran: half-configured is not installed.
    expect(await detect(rule, { runner, platform: 'linux', dpkg: chrooted })).toMatchObject({
      installed: false,
      detail: expect.stringContaining('half-configured'),
    });

    const chrootless = { root, log: '/dev/null', force: ['script-chrootless'] };
    const ok = await run(dpkgBackend.install(pkg, { ...linuxCtx, artifactPath: deb, dpkg: chrootless }));
    expect(ok.outcome).toEqual({ outcome: 'success' });
    expect(fs.readFileSync(path.join(root, 'opt/pasang-iso-script/postinst-ran'), 'utf8')).toBe('configure\n');
    expect(await detect(rule, { runner, platform: 'linux', dpkg: chrootless })).toMatchObject({
      installed: true,
      version: '2.0',
    });
  });

  it('reports a .deb that is not a package as a dpkg failure', async () => {
    const root = isolatedRoot();
    const junk = path.join(root, 'junk.deb');
    fs.writeFileSync(junk, 'not an ar archive');
    const result = await run(
      dpkgBackend.install(v, { ...linuxCtx, artifactPath: junk, dpkg: { root, log: '/dev/null' } }),
    );
    expect(result.outcome).toMatchObject({ outcome: 'failure' });
  });

  describe('against the real system dpkg database', () => {
    // The pid keeps two runs (two checkouts, a retried CI job) from fighting over one package name.
    const name = `pasang-systest-${process.pid}`;
    const ctxFor = (deb: string): InstallContext => ({
      platform: 'linux',
      stagingDir: path.dirname(deb),
      artifactPath: deb,
    });
    const rule = { kind: 'dpkg' as const, package: name };
    const pkg: InstallerVariant = { ...v, detection: rule };

    afterAll(() => {
      // Whatever happened above, leave the machine as it was.
      try {
        execFileSync('dpkg', ['--purge', name], { stdio: 'pipe' });
      } catch {
        // not installed: nothing to undo
      }
      fs.rmSync(`/opt/${name}`, { recursive: true, force: true });
    });

    it('installs a tiny package, detects it, removes it and no longer detects it', async () => {
      const deb = buildTinyDeb(name, '0.0.1', { [`opt/${name}/hello.txt`]: 'hello\n' });
      temp.push(path.dirname(deb));
      expect(await detect(rule, { runner, platform: 'linux' })).toMatchObject({ installed: false });

      expect((await run(dpkgBackend.install(pkg, ctxFor(deb)))).outcome).toEqual({ outcome: 'success' });
      expect(fs.existsSync(`/opt/${name}/hello.txt`)).toBe(true);
      expect(await detect(rule, { runner, platform: 'linux' })).toMatchObject({ installed: true, version: '0.0.1' });

      expect((await run(dpkgBackend.uninstall(pkg, ctxFor(deb)))).outcome).toEqual({ outcome: 'success' });
      expect(fs.existsSync(`/opt/${name}/hello.txt`)).toBe(false);
      expect(await detect(rule, { runner, platform: 'linux' })).toMatchObject({ installed: false });
    });
  });
});
