import { loginItemSettings, parseShellConfig } from '../../../../src/main/electron/shellConfig';

describe('parseShellConfig', () => {
  it('talks to the service when packaged, hosts the core in development', () => {
    expect(parseShellConfig(['/opt/Pasang/pasang'], {}, true)).toMatchObject({
      mode: 'service',
      socketPath: null,
      startHidden: false,
      devTools: false,
    });
    expect(parseShellConfig(['electron', '.'], {}, false).mode).toBe('in-process');
  });

  it('never hosts the core in a packaged tray, whatever it is told', () => {
    expect(parseShellConfig(['pasang', '--in-process'], {}, true).mode).toBe('service');
    expect(parseShellConfig(['pasang', '--dev-tools'], {}, true).devTools).toBe(false);
  });

  it('reads its switches and leaves Chromium’s alone', () => {
    const c = parseShellConfig(
      [
        'electron',
        '.',
        '--no-sandbox-x',
        '--service',
        '--socket',
        '/tmp/a.sock',
        '--server=https://pasang.bps.go.id',
        '--enroll-token',
        'pse_1',
        '--hidden',
        '--dev-tools',
      ],
      { PASANG_ALLOWED_ORIGINS: 'https://intranet.bps.go.id, https://office.example.com' },
      false,
    );
    expect(c).toEqual({
      mode: 'service',
      socketPath: '/tmp/a.sock',
      serverUrl: 'https://pasang.bps.go.id',
      enrollToken: 'pse_1',
      startHidden: true,
      devTools: true,
      allowedOrigins: ['https://intranet.bps.go.id', 'https://office.example.com'],
    });
  });

  it('takes the socket and mode from the environment too', () => {
    expect(
      parseShellConfig(['x'], { PASANG_AGENT_SOCKET: '/run/x.sock', PASANG_TRAY_MODE: 'service' }, false),
    ).toMatchObject({ mode: 'service', socketPath: '/run/x.sock' });
  });
});

describe('loginItemSettings', () => {
  it('starts a packaged tray hidden at login on Windows and macOS only', () => {
    expect(loginItemSettings('win32', true)).toEqual({ openAtLogin: true, openAsHidden: true, args: ['--hidden'] });
    expect(loginItemSettings('darwin', true)).toMatchObject({ openAtLogin: true });
    expect(loginItemSettings('linux', true)).toBeNull();
    expect(loginItemSettings('win32', false)).toBeNull();
  });
});
