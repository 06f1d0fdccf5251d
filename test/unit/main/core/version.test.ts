import fs from 'node:fs';
import path from 'node:path';
import { AGENT_VERSION } from '../../../../src/main/core/version';
import { parseSemVer } from '../../../../src/shared/updates/semver';

describe('AGENT_VERSION', () => {
  // The service compares it with the update feed, electron-updater compares the app's (package.json) version: were they
  // to differ, a published update would either never be offered or be offered again after it is installed.
  it("is package.json's version, a strict semantic version", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as { version: string };
    expect(AGENT_VERSION).toBe(pkg.version);
    expect(parseSemVer(AGENT_VERSION)).not.toBeNull();
  });
});
