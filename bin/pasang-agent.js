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
  // exitCode, not exit(): a piped `pasang-agent inventory | …` must get all of its output. A handle left open by a
  // library must not keep a stopped agent alive, hence the unref'd deadline.
  process.exitCode = code;
  setTimeout(() => process.exit(code), 3000).unref();
});
