#!/usr/bin/env node
'use strict';
const { runServerCli } = require('../dist/server/cli/serverCli.js');

runServerCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
