import { agentWindowOptions } from '../../../../src/main/electron/windowOptions';

describe('agentWindowOptions', () => {
  const options = agentWindowOptions({ preloadPath: '/app/dist/main/electron/preload.js', title: 'Pasang' });
  const web = options.webPreferences!;

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false],
    ['safeDialogs', true],
    ['devTools', false],
  ] as const)('sets webPreferences.%s to %s', (key, value) => {
    expect(web[key]).toBe(value);
  });

  it('loads the given preload and nothing that would loosen the page', () => {
    expect(web.preload).toBe('/app/dist/main/electron/preload.js');
    expect(web).not.toHaveProperty('enableBlinkFeatures');
    expect(web).not.toHaveProperty('additionalArguments');
    expect(web).not.toHaveProperty('partition');
  });

  it('sets exactly these web preferences (a new one is a decision, made here)', () => {
    expect(Object.keys(web).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'devTools',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });

  it('stays hidden until ready to show, with the size and title asked', () => {
    expect(options).toMatchObject({ show: false, title: 'Pasang', width: 960, height: 720, autoHideMenuBar: true });
    expect(
      agentWindowOptions({ preloadPath: '/p', title: 't', width: 500, height: 400, backgroundColor: '#111' }),
    ).toMatchObject({ width: 500, height: 400, backgroundColor: '#111' });
  });

  it('opens developer tools only when asked (development builds)', () => {
    expect(agentWindowOptions({ preloadPath: '/p', title: 't', devTools: true }).webPreferences!.devTools).toBe(true);
  });

  it('returns a fresh object each time (one window cannot loosen another’s)', () => {
    const a = agentWindowOptions({ preloadPath: '/p', title: 't' });
    a.webPreferences!.sandbox = false;
    expect(agentWindowOptions({ preloadPath: '/p', title: 't' }).webPreferences!.sandbox).toBe(true);
  });
});
