#!/usr/bin/env node
// `npm start`: the whole system on this machine — the server on SQLite under ./data and one local agent enrolled to
// it — then prints the console URL, a console login made for this data dir (a random password, shown once: there are no
// default accounts) and an API token to try. Ctrl-C stops both.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dataDir = path.resolve(process.env.PASANG_DATA_DIR || path.join(root, 'data'));
const port = process.env.PASANG_PORT || '7700';
const agentDir = path.join(dataDir, 'local-agent');
const bin = (name) => path.join(root, 'bin', name);

function cli(args, input) {
  const r = spawnSync(process.execPath, [bin('pasang-server.js'), ...args, '--data-dir', dataDir], { encoding: 'utf8', ...(input ? { input } : {}) });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(r.status || 1);
  }
  return r.stdout.trim();
}

const apiToken = cli(['api-token', 'create', '--role', 'admin', '--name', 'quickstart']);
// A console login for this data dir, made once; its password is kept beside the data (mode 0600) to show it again.
const loginFile = path.join(dataDir, 'quickstart-login.txt');
if (!fs.existsSync(loginFile)) {
  const password = randomBytes(12).toString('base64url');
  cli(['user', 'create', '--username', 'admin', '--name', 'Administrator (quickstart)', '--role', 'admin,technician', '--qualification', 'computing_degree', '--password-stdin'], `${password}\n`);
  fs.writeFileSync(loginFile, `admin ${password}\n`, { mode: 0o600 });
}
const [loginUser, loginPassword] = fs.readFileSync(loginFile, 'utf8').trim().split(' ');
const enrolled = fs.existsSync(path.join(agentDir, 'agent.json'));
const enrollToken = enrolled ? null : cli(['enroll-token', 'create', '--uses', '1', '--expires', '1h', '--note', 'quickstart local agent']);

const logFile = fs.openSync(path.join(dataDir, 'quickstart.log'), 'a');
const server = spawn(process.execPath, [bin('pasang-server.js'), 'serve', '--port', port, '--data-dir', dataDir], {
  stdio: ['ignore', 'pipe', logFile],
});
let agent = null;
let stopping = false;

function stop(code) {
  if (stopping) return;
  stopping = true;
  if (agent) agent.kill('SIGTERM');
  server.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.on('exit', (code) => {
  if (!stopping) {
    process.stderr.write(`pasang-server stopped (exit ${code}); see ${path.join(dataDir, 'quickstart.log')}\n`);
    stop(1);
  }
});

let out = '';
server.stdout.on('data', (d) => {
  out += d.toString();
  const m = /listening on (\S+)/.exec(out);
  if (!m || agent) return;
  const url = m[1];
  const { AGENT_NODE_FLAGS } = require(path.join(root, 'dist/main/service/nodeFlags.js'));
  agent = spawn(
    process.execPath,
    [...AGENT_NODE_FLAGS, bin('pasang-agent.js'), '--server', url, ...(enrollToken ? ['--enroll-token', enrollToken] : []), '--state-dir', agentDir],
    { stdio: ['ignore', 'ignore', logFile] },
  );
  agent.on('exit', (code) => {
    if (!stopping) process.stderr.write(`pasang-agent stopped (exit ${code}); see ${path.join(dataDir, 'quickstart.log')}\n`);
  });
  process.stdout.write(
    [
      '',
      `Pasang is running (server on SQLite in ${dataDir}, one local agent).`,
      `  Console:              ${url}/   (log in as ${loginUser} / ${loginPassword})`,
      `  API token (admin):    ${apiToken}`,
      `  Try:  curl -H "Authorization: Bearer ${apiToken}" ${url}/api/v1/agents`,
      `  Logs: ${path.join(dataDir, 'quickstart.log')}    Stop: Ctrl-C`,
      '',
    ].join('\n'),
  );
});
