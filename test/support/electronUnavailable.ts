/** Stands in for `electron` under Jest: Electron's binary cannot run here, and no Node test may need it. */
const handler: ProxyHandler<object> = {
  get(_target, prop) {
    throw new Error(`electron.${String(prop)} was touched in a Node test: keep Electron code in src/main/electron`);
  },
};
module.exports = new Proxy({}, handler);
