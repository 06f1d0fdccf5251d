#!/usr/bin/env node
'use strict';
const { runAgentCli } = require('../dist/main/service/agentCli.js');

const untilStopped = new Promise((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});

runAgentCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  untilStopped: () => untilStopped,
}).then((code) => {
  process.exit(code);
});
