// The `pasang-agent` Windows service, declared once: the NSIS include (build/installer.nsh), the MSI hook
// (build/msiProjectCreated.js) and the service wrapper's configuration (build/win/pasang-service.xml, generated from
// this file) all follow it, and test/unit/build/ checks that they do.
//
// Why a wrapper: Pasang.exe run as Node (ELECTRON_RUN_AS_NODE=1) never answers the Service Control Manager, so a
// plain `sc create` of it times out at start (error 1053). WinSW (https://github.com/winsw/winsw, MIT) is a small
// .NET service host: renamed pasang-service.exe, it reads pasang-service.xml beside it, answers the SCM, starts
// Pasang.exe with the arguments below, sends it Ctrl+C on stop (SIGINT to Node), restarts it when it dies and keeps
// its output in rotating log files. The binary comes from the npm package node-windows (MIT), which bundles WinSW
// 1.17 as bin/winsw/winsw.exe; its SHA-256 is pinned here and the build refuses any other file.
//
//   node build/win/pasangService.js            writes build/win/pasang-service.xml from this declaration
//   node build/win/pasangService.js --check    exits 1 when the wrapper or the XML is missing or differs
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

// Same flags as src/main/service/nodeFlags.ts (a test checks every service definition carries them).
const AGENT_NODE_FLAGS = ['--max-semi-space-size=1', '--lite-mode', '--no-expose-wasm'];

/** The WinSW binary shipped as resources\pasang-service.exe, with the .NET runtime selection file it needs. */
const SERVICE_WRAPPER = {
  package: 'node-windows@1.0.0-beta.8',
  exe: 'node_modules/node-windows/bin/winsw/winsw.exe',
  // Lets the wrapper (built for .NET 2.0) run on the .NET 4 that every Windows 10/11 has.
  exeConfig: 'node_modules/node-windows/bin/winsw/winsw.exe.config',
  version: '1.17.0.0',
  sha256: '5859b114d96800a2b98ef9d19eaa573a786a422dad324547ef25be181389df01',
  licence: 'MIT (WinSW: Kohsuke Kawaguchi and contributors; node-windows: Corey Butler)',
  // The file names inside resources\: WinSW finds its XML by its own base name.
  installedExe: 'pasang-service.exe',
  installedExeConfig: 'pasang-service.exe.config',
  installedXml: 'pasang-service.xml',
  /** Where the generated XML is kept in the repo (electron-builder copies it from here). */
  xmlSource: 'build/win/pasang-service.xml',
};

/**
 * The service. WinSW sets %BASE% to its own folder (the install's resources\) and expands %VARS% in every value;
 * %ProgramData% is the machine's, as SYSTEM sees it.
 */
const PASANG_SERVICE = {
  id: 'pasang-agent',
  name: 'Pasang Agent',
  description: 'Pasang: software installation requests and inventory for this PC',
  // electron-builder.yml win.executableName, one folder up from resources\.
  executable: '%BASE%\\..\\Pasang.exe',
  env: [{ name: 'ELECTRON_RUN_AS_NODE', value: '1' }],
  argv: [
    ...AGENT_NODE_FLAGS,
    '%BASE%\\app.asar\\bin\\pasang-agent.js',
    'run',
    '--preset',
    '%BASE%\\pasang-agent.json',
    '--state-dir',
    '%ProgramData%\\Pasang',
  ],
  /** The agent's state folder (admin-only, set by the installers) also holds the wrapper's logs. */
  logpath: '%ProgramData%\\Pasang\\logs',
  /** pasang-service.out.log / .err.log, rolled at 10 MiB, 8 kept. */
  log: { mode: 'roll-by-size', sizeThresholdKb: 10240, keepFiles: 8 },
  /** Restarted after 5 s, 15 s, then every 60 s; the count starts again after a day without failures. */
  onFailure: [
    { action: 'restart', delaySec: 5 },
    { action: 'restart', delaySec: 15 },
    { action: 'restart', delaySec: 60 },
  ],
  resetFailureAfterHours: 24,
  startMode: 'Automatic',
  /** After the boot's other automatic services: the agent needs the network, not an early start. */
  delayedAutoStart: true,
  /** Ctrl+C first; killed when it has not stopped by then. */
  stopTimeoutSec: 30,
};

/** Escapes text for an XML element or a double-quoted attribute. */
function xmlEscape(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);
}

/**
 * One argument as CommandLineToArgvW / the MSVC runtime read it back: quoted when it holds whitespace, a quote, or a
 * %VAR% (expanded after quoting: %BASE% is usually under "C:\Program Files"); inside quotes, a run of backslashes
 * before a quote or the closing quote is doubled and the quote escaped.
 */
function quoteWindowsArg(arg) {
  if (arg !== '' && !/[\s"%]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const c of arg) {
    if (c === '\\') {
      backslashes += 1;
      continue;
    }
    if (c === '"') out += '\\'.repeat(backslashes * 2 + 1) + '"';
    else out += '\\'.repeat(backslashes) + c;
    backslashes = 0;
  }
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

function windowsCommandLine(argv) {
  return argv.map(quoteWindowsArg).join(' ');
}

/** The service's WinSW configuration, pasang-service.xml. */
function serviceXml(service = PASANG_SERVICE) {
  const e = xmlEscape;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- Generated from build/win/pasangService.js by `node build/win/pasangService.js`: edit that file, not this one. -->',
    '<service>',
    `  <id>${e(service.id)}</id>`,
    `  <name>${e(service.name)}</name>`,
    `  <description>${e(service.description)}</description>`,
    `  <executable>${e(service.executable)}</executable>`,
    `  <arguments>${e(windowsCommandLine(service.argv))}</arguments>`,
    ...service.env.map((v) => `  <env name="${e(v.name)}" value="${e(v.value)}"/>`),
    `  <startmode>${e(service.startMode)}</startmode>`,
    // WinSW 2 and later; the bundled 1.17 ignores it and the installers set it through the SCM instead.
    `  <delayedAutoStart>${service.delayedAutoStart ? 'true' : 'false'}</delayedAutoStart>`,
    `  <stoptimeout>${service.stopTimeoutSec} sec</stoptimeout>`,
    ...service.onFailure.map((f) => `  <onfailure action="${e(f.action)}" delay="${f.delaySec} sec"/>`),
    `  <resetfailure>${service.resetFailureAfterHours} hours</resetfailure>`,
    `  <logpath>${e(service.logpath)}</logpath>`,
    `  <log mode="${e(service.log.mode)}">`,
    `    <sizeThreshold>${service.log.sizeThresholdKb}</sizeThreshold>`,
    `    <keepFiles>${service.log.keepFiles}</keepFiles>`,
    '  </log>',
    '</service>',
    '',
  ];
  return lines.join('\r\n');
}

function sha256Of(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** What is wrong with the wrapper and the XML in `root` (none: ready to package). */
function serviceWrapperProblems(root = ROOT) {
  const w = SERVICE_WRAPPER;
  const fix =
    `run \`npm ci\` (it installs ${w.package}); on a machine without the npm registry, fetch it where there is one with ` +
    `\`npm pack ${w.package} && tar -xzf node-windows-1.0.0-beta.8.tgz package/bin/winsw\` and copy package/bin/winsw/ ` +
    `to node_modules/node-windows/bin/winsw/`;
  const problems = [];
  for (const file of [w.exe, w.exeConfig]) {
    if (!fs.existsSync(path.join(root, file))) problems.push(`${file} is missing: ${fix}`);
  }
  if (problems.length === 0 && sha256Of(path.join(root, w.exe)) !== w.sha256) {
    problems.push(`${w.exe} is not WinSW ${w.version} (SHA-256 differs from ${w.sha256}): ${fix}`);
  }
  const xmlFile = path.join(root, w.xmlSource);
  if (!fs.existsSync(xmlFile) || fs.readFileSync(xmlFile, 'utf8') !== serviceXml()) {
    problems.push(`${w.xmlSource} is missing or out of date: run \`node build/win/pasangService.js\``);
  }
  return problems;
}

module.exports = {
  AGENT_NODE_FLAGS,
  PASANG_SERVICE,
  SERVICE_WRAPPER,
  quoteWindowsArg,
  serviceWrapperProblems,
  serviceXml,
  windowsCommandLine,
  xmlEscape,
};

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const problems = serviceWrapperProblems();
    for (const p of problems) process.stderr.write(`pasang-service: ${p}\n`);
    process.exitCode = problems.length === 0 ? 0 : 1;
  } else {
    fs.writeFileSync(path.join(ROOT, SERVICE_WRAPPER.xmlSource), serviceXml());
    process.stdout.write(`wrote ${SERVICE_WRAPPER.xmlSource}\n`);
  }
}
