import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { load } from 'js-yaml';
import { AGENT_NODE_FLAGS } from '../../../src/main/service/nodeFlags';
import { DEFAULT_UPDATE_CHANNEL, UpdateFileExtensions } from '../../../src/shared/updates/agentUpdates';

// Electron cannot be packaged on this machine: the configuration is checked against electron-builder's own JSON
// schema (app-builder-lib/scheme.json) and every file it points at is checked here instead.
const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

type Json = Record<string, unknown>;
const config = load(read('electron-builder.yml')) as Json;
const section = (name: string): Json => config[name] as Json;

function targetNames(platform: string): string[] {
  const targets = section(platform).target as (string | { target: string })[];
  return targets.map((t) => (typeof t === 'string' ? t : t.target));
}

function pngSize(file: string): { width: number; height: number } {
  const data = fs.readFileSync(path.join(ROOT, file));
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(data.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("is valid against app-builder-lib's scheme.json", () => {
    const schemaPath = require.resolve('app-builder-lib/scheme.json');
    const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as Json;
    const ajv = new Ajv({ strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the app and its directories', () => {
    expect(config.appId).toBe('id.go.bps.bengkulu.pasang');
    expect(config.productName).toBe('Pasang');
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('packs the agent and leaves the server and its database drivers out', () => {
    const files = config.files as string[];
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/**', 'bin/**']));
    const serverOnly = ['!dist/server{,/**}', '!bin/pasang-server.js', '!node_modules/better-sqlite3{,/**}', '!node_modules/bufferutil{,/**}'];
    for (const excluded of serverOnly) {
      expect(files).toContain(excluded);
    }
    expect(config.npmRebuild).toBe(false);
  });

  it('builds NSIS (per machine, assisted) and MSI for Windows, deb and AppImage for Linux, dmg and the update zip for macOS', () => {
    expect(targetNames('win')).toEqual(['nsis', 'msi']);
    expect(section('nsis')).toMatchObject({ perMachine: true, oneClick: false, allowElevation: true });
    expect(section('msi')).toMatchObject({ perMachine: true });
    expect(targetNames('linux')).toEqual(['deb', 'AppImage']);
    expect(targetNames('mac')).toEqual(['dmg', 'zip']);
  });

  it('publishes updates to the generic server named by PASANG_UPDATE_URL', () => {
    expect(config.publish).toMatchObject({ provider: 'generic', url: '${env.PASANG_UPDATE_URL}', channel: DEFAULT_UPDATE_CHANNEL });
  });

  it('builds on every platform a file electron-updater can install, which the server accepts as that platform\'s update', () => {
    // win: NSIS (.exe; NsisUpdater, not the MSI); linux: deb (DebUpdater) and AppImage; mac: zip (MacUpdater).
    const built = { win: targetNames('win'), linux: targetNames('linux'), mac: targetNames('mac') };
    expect(built.win).toContain('nsis');
    expect(UpdateFileExtensions.win).toEqual(['.exe']);
    expect(built.linux).toEqual(expect.arrayContaining(['deb', 'AppImage']));
    expect(UpdateFileExtensions.linux).toEqual(['.deb', '.AppImage']);
    expect(built.mac).toContain('zip');
    expect(UpdateFileExtensions.mac).toEqual(['.zip']);
  });

  it('points only at files that are in the repo', () => {
    const resources = [config, section('win'), section('linux'), section('mac')].flatMap(
      (c) => (c.extraResources as { from: string }[] | undefined) ?? [],
    );
    const referenced = [
      ...resources.map((r) => r.from),
      section('nsis').include as string,
      section('deb').afterInstall as string,
      section('deb').afterRemove as string,
      config.msiProjectCreated as string,
      config.beforePack as string,
      config.icon as string,
      section('win').icon as string,
      section('linux').icon as string,
      section('mac').icon as string,
    ];
    expect(referenced).toHaveLength(resources.length + 9);
    for (const file of referenced) {
      expect([file, fs.existsSync(path.join(ROOT, file))]).toEqual([file, true]);
    }
    expect(resources.map((r) => r.from)).toEqual(
      expect.arrayContaining([
        'build/preset/pasang-agent.json',
        'build/linux/pasang-agent.service',
        'build/macos/id.go.bps.bengkulu.pasang.agent.plist',
      ]),
    );
  });
});

describe('build resources', () => {
  it('has a 512x512 app icon and 16/32 px tray icons for every tray state', () => {
    expect(pngSize('build/icon.png')).toEqual({ width: 512, height: 512 });
    for (const state of ['connected', 'offline', 'installing', 'attention']) {
      expect(pngSize(`build/icons/tray-${state}.png`)).toEqual({ width: 16, height: 16 });
      expect(pngSize(`build/icons/tray-${state}@2x.png`)).toEqual({ width: 32, height: 32 });
    }
  });

  it('ships an empty preset with the documented fields', () => {
    expect(JSON.parse(read('build/preset/pasang-agent.json'))).toEqual({ serverUrl: '', enrollmentToken: '' });
    expect(read('build/preset/README.md')).toMatch(/"enrollmentToken"/);
  });

  it('runs pasang-agent under systemd from the path the deb installs to, restarting it on failure', () => {
    const unit = read('build/linux/pasang-agent.service');
    const execStart = /^ExecStart=(.+)$/m.exec(unit)?.[1] ?? '';
    expect(execStart).toContain('pasang-agent');
    const linux = section('linux');
    expect(execStart.startsWith(`/opt/${String(config.productName)}/${String(linux.executableName)} `)).toBe(true);
    expect(unit).toMatch(/^Restart=\S+$/m);
    expect(unit).toMatch(/^Environment=ELECTRON_RUN_AS_NODE=1$/m);
    expect(unit).toMatch(/^WantedBy=multi-user\.target$/m);
  });

  it('has deb scripts that install/enable and disable/remove the unit, using only the template macros electron-builder fills', () => {
    const install = read('build/linux/after-install.sh');
    const remove = read('build/linux/after-remove.sh');
    expect(install).toMatch(/systemctl enable pasang-agent\.service/);
    expect(install).toMatch(/resources\/linux\/pasang-agent\.service/);
    expect(remove).toMatch(/systemctl disable --now pasang-agent\.service/);
    // electron-builder replaces every ${letters} and throws on one it does not know.
    for (const script of [install, remove]) {
      const macros = new Set([...script.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]));
      expect([...macros].sort()).toEqual(['executable', 'sanitizedProductName']);
    }
    if (process.platform !== 'win32') {
      for (const file of ['build/linux/after-install.sh', 'build/linux/after-remove.sh']) {
        expect(spawnSync('bash', ['-n', path.join(ROOT, file)]).status).toBe(0);
      }
    }
  });

  it('has a launchd plist named after its label that runs the agent from the app bundle', () => {
    const plist = read('build/macos/id.go.bps.bengkulu.pasang.agent.plist');
    expect(plist).toContain('<string>id.go.bps.bengkulu.pasang.agent</string>');
    expect(plist).toContain(`<string>/Applications/Pasang.app/Contents/MacOS/${String(config.productName)}</string>`);
    expect(plist).toContain('bin/pasang-agent.js</string>');
  });

  it('has an NSIS include that takes /SERVER= and /TOKEN= and registers and removes the pasang-agent service', () => {
    const nsh = read(section('nsis').include as string);
    for (const macro of ['customInit', 'customInstall', 'customUnInit', 'customUnInstall']) {
      expect(nsh).toMatch(new RegExp(`^!macro ${macro}$`, 'm'));
    }
    expect(nsh).toContain('${GetOptions} $R0 "/SERVER=" $PasangServer');
    expect(nsh).toContain('${GetOptions} $R0 "/TOKEN=" $PasangToken');
    // The service steps themselves: test/unit/build/windowsService.test.ts.
    expect(nsh).toContain(`nsExec::ExecToLog '"\${PASANG_WRAPPER}" install'`);
    expect(nsh).toContain(`nsExec::ExecToLog '"\${PASANG_WRAPPER}" uninstall'`);
    expect(nsh).toContain('!define PASANG_SERVICE "pasang-agent"');
    // No Function: the uninstaller build would warn about an unreferenced one, and warnings fail the build.
    expect(nsh).not.toMatch(/^\s*Function\b/m);
  });

  it('has an MSI hook that adds the SERVER/TOKEN properties and the service to the WiX project', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS hook electron-builder loads
    const { patchMsiProject } = require(path.join(ROOT, 'build/msiProjectCreated.js')) as {
      patchMsiProject: (wxs: string) => string;
    };
    const wxs = [
      '<Wix><Product>',
      '<Feature Id="ProductFeature" Absent="disallow"><ComponentGroupRef Id="ProductComponents"/></Feature>',
      '<ComponentGroup Id="ProductComponents" Directory="APPLICATIONFOLDER">',
      '<Component><File Name="Pasang.exe" Source="x" ReadOnly="yes" KeyPath="yes" Id="mainExecutable"/></Component>',
      '<Component Directory="dres"><File Name="pasang-service.exe" Source="y" ReadOnly="yes" KeyPath="yes"/></Component>',
      '<Component><File Name="other.dll" Source="z" ReadOnly="yes" KeyPath="yes"/></Component>',
      '</ComponentGroup></Product></Wix>',
    ].join('\n');
    const patched = patchMsiProject(wxs);
    expect(patched).toContain('<Property Id="SERVER" Secure="yes"/>');
    expect(patched).toContain('<Property Id="TOKEN" Secure="yes" Hidden="yes"/>');
    const wrapperComponent = patched.slice(patched.indexOf('pasang-service.exe'), patched.indexOf('other.dll'));
    expect(wrapperComponent).toContain('<ServiceInstall Id="PasangAgentService" Name="pasang-agent"');
    expect(wrapperComponent).toContain('Remove="uninstall"');
    expect(patched).toContain('<ComponentRef Id="PasangPreset"/>');
    expect(patchMsiProject(patched)).toBe(patched);
    expect(() => patchMsiProject('<Wix><Product></Product></Wix>')).toThrow(/not found in the WiX project/);
  });
});

describe('the agent service definitions', () => {
  it.each(['bin/pasang-agent.js', 'build/linux/pasang-agent.service', 'build/win/pasang-service.xml'])('%s runs node with the service flags', (file) => {
    expect(fs.readFileSync(path.join(__dirname, '../../..', file), 'utf8')).toContain(AGENT_NODE_FLAGS.join(' '));
  });
  it('the launchd plist passes the same flags', () => {
    const plist = fs.readFileSync(path.join(__dirname, '../../../build/macos/id.go.bps.bengkulu.pasang.agent.plist'), 'utf8');
    expect(AGENT_NODE_FLAGS.map((f) => plist.indexOf(`<string>${f}</string>`))).not.toContain(-1);
  });
});
