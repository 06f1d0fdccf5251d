import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../../../src/shared/logger';
import { createConfTraySettings, TrayLanguageSetting } from '../../../../../src/main/core/store/traySettingsStore';

// The tray menu's language across restarts, on the headless conf store (the shell puts electron-store, a Conf
// subclass, behind the same functions). Each "restart" opens the file afresh.
let dir: string;
let lines: string[];
const logger = () => createLogger('tray', { write: (line) => lines.push(line) });
const restart = () => new TrayLanguageSetting(() => createConfTraySettings({ dir }), logger());

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-tray-settings-'));
  lines = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('TrayLanguageSetting', () => {
  it('starts in Bahasa Indonesia when nothing was chosen yet, and writes nothing until a choice is made', () => {
    expect(restart().initial).toBe('id');
    expect(fs.existsSync(path.join(dir, 'tray-settings.json'))).toBe(false);
  });

  it('keeps the language chosen in the menu across a restart, and the next choice after that', () => {
    restart().remember('en');
    const afterRestart = restart();
    expect(afterRestart.initial).toBe('en');
    afterRestart.remember('id');
    expect(restart().initial).toBe('id');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'tray-settings.json'), 'utf8'))).toEqual({ language: 'id' });
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, 'tray-settings.json')).mode & 0o777).toBe(0o600);
  });

  it('starts in the default language on a corrupt file, says so, and leaves the file as it was', () => {
    const file = path.join(dir, 'tray-settings.json');
    fs.writeFileSync(file, '{"language": "en"');
    const setting = restart();
    expect(setting.initial).toBe('id');
    setting.remember('en');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"language": "en"');
    expect(lines.map((l) => JSON.parse(l) as { level: string; msg: string })).toEqual([
      expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/tray settings unreadable/) }),
    ]);
  });

  it('refuses a language that is not one of the app’s (schema) and keeps the saved one', () => {
    fs.writeFileSync(path.join(dir, 'tray-settings.json'), JSON.stringify({ language: 'fr' }));
    expect(restart().initial).toBe('id');
    expect(fs.readFileSync(path.join(dir, 'tray-settings.json'), 'utf8')).toBe('{"language":"fr"}');
  });
});
