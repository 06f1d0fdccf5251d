import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { AGENT_NODE_FLAGS } from '../../../src/main/service/nodeFlags';

// The pasang-agent Windows service: one declaration (build/win/pasangService.js), the WinSW configuration generated
// from it, and the NSIS and MSI steps that register it. Windows cannot run here, so the exact XML, WiX and commands
// they produce are checked, and the XML by a real parser (xmllint, Debian's libxml2-utils).
const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  id: string;
  name: string;
  description: string;
  executable: string;
  env: { name: string; value: string }[];
  argv: string[];
  logpath: string;
  log: { mode: string; sizeThresholdKb: number; keepFiles: number };
  onFailure: { action: string; delaySec: number }[];
  resetFailureAfterHours: number;
  startMode: string;
  delayedAutoStart: boolean;
  stopTimeoutSec: number;
}
/* eslint-disable @typescript-eslint/no-require-imports -- the CommonJS build modules electron-builder loads */
const svc = require(path.join(ROOT, 'build/win/pasangService.js')) as {
  AGENT_NODE_FLAGS: string[];
  PASANG_SERVICE: Service;
  SERVICE_WRAPPER: Record<string, string>;
  quoteWindowsArg(arg: string): string;
  serviceWrapperProblems(root?: string): string[];
  serviceXml(service?: Service): string;
};
const msi = require(path.join(ROOT, 'build/msiProjectCreated.js')) as { patchMsiProject(wxs: string): string };
const beforePack = require(path.join(ROOT, 'build/win/beforePack.js')) as (c: { electronPlatformName: string }) => Promise<void>;
/* eslint-enable @typescript-eslint/no-require-imports */

function xmllint(xml: string): { status: number | null; stderr: string } {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint is needed (apt-get install libxml2-utils): ${r.error.message}`);
  return { status: r.status, stderr: r.stderr };
}

/** The value of `xpath` in `xml`, read by xmllint (text of an element, or an attribute's value). */
function xpath(xml: string, expr: string): string {
  const r = spawnSync('xmllint', ['--xpath', expr, '-'], { input: xml, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`xmllint --xpath ${expr}: ${r.stderr}`);
  return r.stdout.replace(/\n$/, '');
}

/** CommandLineToArgvW's reading of a command line (the MSVC runtime's rules), to check our quoting round-trips. */
function parseWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (c === '\\') {
        let n = 0;
        while (line[i] === '\\') {
          n++;
          i++;
        }
        if (line[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) arg += '"';
          else quoted = !quoted;
        } else {
          arg += '\\'.repeat(n);
          i--;
        }
      } else if (c === '"') quoted = !quoted;
      else if (!quoted && (c === ' ' || c === '\t')) break;
      else arg += c;
    }
    args.push(arg);
  }
  return args;
}

const unescapeXml = (s: string): string =>
  s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('the pasang-agent service declaration', () => {
  const s = svc.PASANG_SERVICE;

  it('runs the packaged Pasang.exe as Node on the agent entry point, with the service flags, the preset and the state dir', () => {
    const config = load(read('electron-builder.yml')) as { win: { executableName: string } };
    expect(s.executable).toBe(`%BASE%\\..\\${config.win.executableName}.exe`);
    expect(s.env).toEqual([{ name: 'ELECTRON_RUN_AS_NODE', value: '1' }]);
    expect(svc.AGENT_NODE_FLAGS).toEqual([...AGENT_NODE_FLAGS]);
    expect(s.argv).toEqual([
      ...AGENT_NODE_FLAGS,
      '%BASE%\\app.asar\\bin\\pasang-agent.js',
      'run',
      '--preset',
      '%BASE%\\pasang-agent.json',
      '--state-dir',
      '%ProgramData%\\Pasang',
    ]);
    expect(s).toMatchObject({ id: 'pasang-agent', startMode: 'Automatic', delayedAutoStart: true });
    expect(s.onFailure.every((f) => f.action === 'restart')).toBe(true);
  });

  it('quotes arguments so that CommandLineToArgvW reads back exactly the argv, paths with spaces and quotes included', () => {
    const samples = [
      'plain',
      'C:\\Program Files\\Pasang\\resources\\app.asar',
      '%BASE%\\x.js',
      'ends with a backslash\\',
      'say "hi"',
      'a\\\\"b',
      '',
      'tab\there',
    ];
    const line = samples.map(svc.quoteWindowsArg).join(' ');
    expect(parseWindowsCommandLine(line)).toEqual(samples);
    expect(svc.quoteWindowsArg('--lite-mode')).toBe('--lite-mode');
    expect(svc.quoteWindowsArg('%ProgramData%\\Pasang')).toBe('"%ProgramData%\\Pasang"');
  });
});

describe('pasang-service.xml (the WinSW configuration)', () => {
  const xml = read('build/win/pasang-service.xml');

  it('is the one generated from the declaration, and well-formed', () => {
    expect(xml).toBe(svc.serviceXml());
    expect(xmllint(xml)).toEqual({ status: 0, stderr: '' });
  });

  it("gives WinSW the service's id, names, executable, argv, environment, restarts, delayed start and rotating logs", () => {
    expect(xpath(xml, 'string(/service/id)')).toBe('pasang-agent');
    expect(xpath(xml, 'string(/service/name)')).toBe('Pasang Agent');
    expect(xpath(xml, 'string(/service/executable)')).toBe('%BASE%\\..\\Pasang.exe');
    const args = xpath(xml, 'string(/service/arguments)');
    expect(parseWindowsCommandLine(args)).toEqual(svc.PASANG_SERVICE.argv);
    // The %BASE% paths are quoted: C:\Program Files has a space.
    expect(args).toContain('"%BASE%\\app.asar\\bin\\pasang-agent.js" run --preset "%BASE%\\pasang-agent.json"');
    expect(xpath(xml, 'string(/service/env[@name="ELECTRON_RUN_AS_NODE"]/@value)')).toBe('1');
    expect(xpath(xml, 'string(/service/startmode)')).toBe('Automatic');
    expect(xpath(xml, 'string(/service/delayedAutoStart)')).toBe('true');
    expect(xpath(xml, 'count(/service/onfailure[@action="restart"])')).toBe('3');
    expect(xpath(xml, 'string(/service/onfailure[1]/@delay)')).toBe('5 sec');
    expect(xpath(xml, 'string(/service/resetfailure)')).toBe('24 hours');
    expect(xpath(xml, 'string(/service/log/@mode)')).toBe('roll-by-size');
    expect(xpath(xml, 'string(/service/log/sizeThreshold)')).toBe('10240');
    expect(xpath(xml, 'string(/service/logpath)')).toBe('%ProgramData%\\Pasang\\logs');
  });

  it('escapes what XML must escape in every value', () => {
    const odd = { ...svc.PASANG_SERVICE, description: 'R&D <lab> "x"', argv: ['--state-dir', 'C:\\A&B <c>\\"q"'] };
    const generated = svc.serviceXml(odd);
    expect(xmllint(generated).status).toBe(0);
    expect(xpath(generated, 'string(/service/description)')).toBe('R&D <lab> "x"');
    expect(parseWindowsCommandLine(unescapeXml(/<arguments>(.*)<\/arguments>/.exec(generated)![1]!))).toEqual(odd.argv);
  });
});

describe('the service wrapper (WinSW from node-windows)', () => {
  const w = svc.SERVICE_WRAPPER;

  it('is the pinned WinSW 1.17 binary, a .NET PE executable, with its runtime config', () => {
    const exe = fs.readFileSync(path.join(ROOT, w.exe!));
    expect(crypto.createHash('sha256').update(exe).digest('hex')).toBe(w.sha256);
    expect(exe.subarray(0, 2).toString('latin1')).toBe('MZ');
    expect(exe.includes(Buffer.from('1.17.0.0', 'utf16le'))).toBe(true);
    expect(read(w.exeConfig!)).toContain('<supportedRuntime version="v4.0" />');
    expect(svc.serviceWrapperProblems()).toEqual([]);
  });

  it('is packaged into resources under the names the installers and WinSW use', () => {
    const config = load(read('electron-builder.yml')) as { win: { extraResources: { from: string; to: string }[] }; beforePack: string };
    expect(config.win.extraResources).toEqual(
      expect.arrayContaining([
        { from: w.exe, to: 'pasang-service.exe' },
        { from: w.exeConfig, to: 'pasang-service.exe.config' },
        { from: w.xmlSource, to: 'pasang-service.xml' },
      ]),
    );
    // WinSW finds its XML by its own base name.
    expect(path.basename(w.installedXml!, '.xml')).toBe(path.basename(w.installedExe!, '.exe'));
    expect(config.beforePack).toBe('./build/win/beforePack.js');
  });

  it('stops a Windows build, saying how to get it, when the wrapper is missing, altered or the XML is stale', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-winsw-'));
    try {
      const problems = svc.serviceWrapperProblems(root);
      expect(problems.join('\n')).toMatch(/winsw\.exe is missing: run `npm ci`/);
      expect(problems.join('\n')).toContain('npm pack node-windows@1.0.0-beta.8');
      expect(problems.join('\n')).toMatch(/pasang-service\.xml is missing or out of date/);
      const winsw = path.join(root, path.dirname(w.exe!));
      fs.mkdirSync(winsw, { recursive: true });
      fs.writeFileSync(path.join(root, w.exe!), 'not winsw');
      fs.writeFileSync(path.join(root, w.exeConfig!), '<configuration/>');
      fs.mkdirSync(path.join(root, 'build/win'), { recursive: true });
      fs.writeFileSync(path.join(root, w.xmlSource!), svc.serviceXml());
      expect(svc.serviceWrapperProblems(root)).toEqual([expect.stringMatching(/is not WinSW 1\.17\.0\.0 \(SHA-256 differs/)]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    // The real tree is complete: the hook passes for Windows and ignores the other platforms.
    await expect(beforePack({ electronPlatformName: 'win32' })).resolves.toBeUndefined();
    await expect(beforePack({ electronPlatformName: 'linux' })).resolves.toBeUndefined();
  });
});

describe('build/installer.nsh (NSIS)', () => {
  const nsh = read('build/installer.nsh');
  const macro = (name: string): string => {
    const start = nsh.indexOf(`!macro ${name}\n`);
    return nsh.slice(start, nsh.indexOf('!macroend', start));
  };

  it('registers the service with the wrapper, makes its start delayed, and starts it', () => {
    expect(nsh).toContain(`!define PASANG_SERVICE "${svc.PASANG_SERVICE.id}"`);
    expect(nsh).toContain('!define PASANG_WRAPPER "$INSTDIR\\resources\\pasang-service.exe"');
    const install = macro('customInstall');
    const steps = [
      "!insertmacro pasangRemoveService",
      `nsExec::ExecToLog '"\${PASANG_WRAPPER}" install'`,
      `nsExec::ExecToLog '"$SYSDIR\\sc.exe" config \${PASANG_SERVICE} start= delayed-auto'`,
      `nsExec::ExecToLog '"\${PASANG_WRAPPER}" start'`,
    ];
    const at = steps.map((step) => install.indexOf(step));
    expect(at).not.toContain(-1);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // No more registering Pasang.exe itself: it cannot answer the SCM (error 1053).
    expect(nsh).not.toContain('sc.exe" create');
  });

  it('stops and removes the service at uninstall, by the wrapper (sc.exe only when the wrapper is gone)', () => {
    expect(macro('customUnInstall')).toContain('!insertmacro pasangRemoveService');
    expect(macro('customUnInit')).toContain('!insertmacro pasangStopService');
    const remove = macro('pasangRemoveService');
    expect(remove.indexOf('!insertmacro pasangStopService')).toBeLessThan(remove.indexOf('uninstall'));
    expect(remove).toContain(`nsExec::ExecToLog '"\${PASANG_WRAPPER}" uninstall'`);
    expect(remove).toContain(`nsExec::ExecToLog '"$SYSDIR\\sc.exe" delete \${PASANG_SERVICE}'`);
    expect(macro('pasangStopService')).toContain(`nsExec::ExecToLog '"$SYSDIR\\net.exe" stop \${PASANG_SERVICE}'`);
  });
});

describe('build/msiProjectCreated.js (MSI)', () => {
  // The shape electron-builder's MsiTarget writes: one component per file, resources\ files in their own directory.
  const wxs = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs"><Product Id="*" Name="Pasang">',
    '<Feature Id="ProductFeature" Absent="disallow"><ComponentGroupRef Id="ProductComponents"/></Feature>',
    '<Directory Id="dres" Name="APPLICATIONFOLDER:\\resources\\"/>',
    '<ComponentGroup Id="ProductComponents" Directory="APPLICATIONFOLDER">',
    '<Component><File Name="Pasang.exe" Source="a" ReadOnly="yes" KeyPath="yes" Id="mainExecutable"/></Component>',
    '<Component Directory="dres"><File Name="pasang-service.exe" Source="b" ReadOnly="yes" KeyPath="yes"/></Component>',
    '<Component Directory="dres"><File Name="pasang-service.xml" Source="c" ReadOnly="yes" KeyPath="yes"/></Component>',
    '</ComponentGroup></Product></Wix>',
  ].join('\n');
  const patched = msi.patchMsiProject(wxs);
  // Queried without its default namespace, so that the paths read as the WiX they match.
  const wix = (expr: string): string => xpath(patched.replace(' xmlns="http://wixtoolset.org/schemas/v4/wxs"', ''), expr);

  it('is well-formed WiX with the SERVER/TOKEN properties and the preset component', () => {
    expect(xmllint(patched)).toEqual({ status: 0, stderr: '' });
    expect(wix('count(/Wix/Product/Property[@Id="SERVER"][@Secure="yes"])')).toBe('1');
    expect(wix('count(/Wix/Product/Property[@Id="TOKEN"][@Hidden="yes"])')).toBe('1');
    expect(wix('count(/Wix/Product/Feature/ComponentRef[@Id="PasangPreset"])')).toBe('1');
    expect(msi.patchMsiProject(patched)).toBe(patched);
  });

  it("installs the wrapper's file as the service, with the declaration's names, delayed start and restarts", () => {
    const service = "/Wix/Product/ComponentGroup/Component[File/@Name='pasang-service.exe']/ServiceInstall";
    expect(wix(`string(${service}/@Name)`)).toBe('pasang-agent');
    expect(wix(`string(${service}/@DisplayName)`)).toBe('Pasang Agent');
    expect(wix(`string(${service}/@Account)`)).toBe('LocalSystem');
    expect(wix(`string(${service}/@Start)`)).toBe('auto');
    // The wrapper takes no arguments: it reads pasang-service.xml.
    expect(wix(`count(${service}/@Arguments)`)).toBe('0');
    expect(wix(`string(${service}/ServiceConfig/@DelayedAutoStart)`)).toBe('yes');
    expect(wix(`string(${service}/ServiceConfigFailureActions/@ResetPeriod)`)).toBe('86400');
    expect(wix(`count(${service}/ServiceConfigFailureActions/Failure[@Action='restartService'])`)).toBe('3');
    expect(wix(`string(${service}/ServiceConfigFailureActions/Failure[1]/@Delay)`)).toBe('5000');
    const control = "/Wix/Product/ComponentGroup/Component[File/@Name='pasang-service.exe']/ServiceControl";
    expect(wix(`concat(${control}/@Start, ' ', ${control}/@Stop, ' ', ${control}/@Remove)`)).toBe('install both uninstall');
    expect(wix('count(//ServiceInstall)')).toBe('1');
  });

  it('fails the build when the template no longer has the wrapper file', () => {
    expect(() => msi.patchMsiProject(wxs.replace('pasang-service.exe', 'other.exe'))).toThrow(/pasang-service\.exe.*not found in the WiX project/);
  });
});
