// electron-builder's `beforePack` hook: a Windows package is only built with the service wrapper in place (the
// pinned WinSW from node-windows) and pasang-service.xml matching its declaration, so no installer ships that
// registers a service which cannot start. Other platforms pass through.
'use strict';

const { serviceWrapperProblems } = require('./pasangService');

async function beforePack(context) {
  if (context.electronPlatformName !== 'win32') return;
  const problems = serviceWrapperProblems();
  if (problems.length > 0) {
    throw new Error(`The Windows package needs its service wrapper:\n- ${problems.join('\n- ')}`);
  }
}

module.exports = beforePack;
module.exports.default = beforePack;
