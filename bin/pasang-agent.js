#!/usr/bin/env -S node --max-semi-space-size=1 --lite-mode --no-expose-wasm
// Flags: see src/main/service/nodeFlags.ts (why lite mode suits an idle service).
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
