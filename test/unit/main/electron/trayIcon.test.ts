import { trayIconFile, trayIconName, trayTooltip } from '../../../../src/main/electron/trayIcon';
import { INITIAL_TRAY_STATE, type TrayState } from '../../../../src/main/electron/trayState';

const state = (patch: Partial<TrayState> = {}): TrayState => ({
  ...INITIAL_TRAY_STATE,
  connection: 'connected',
  ...patch,
});
const installing = { jobId: 'j1', itemName: 'LibreOffice', state: 'installing' };

describe('trayIconName', () => {
  it.each<[Partial<TrayState>, string]>([
    [{}, 'connected'],
    [{ connection: 'offline' }, 'offline'],
    [{ connection: 'connecting' }, 'offline'],
    [{ connection: 'refused' }, 'offline'],
    [{ connection: 'service_down' }, 'offline'],
    [{ needsSignOff: 2 }, 'needs-signoff'],
    [{ installing }, 'installing'],
    // What the user waits on first: the install, then the link, then their sign-off.
    [{ installing, needsSignOff: 1, connection: 'offline' }, 'installing'],
    [{ needsSignOff: 1, connection: 'offline' }, 'offline'],
  ])('%j → %s', (patch, icon) => {
    expect(trayIconName(state(patch))).toBe(icon);
  });

  it('names template images on macOS, plain ones elsewhere', () => {
    expect(trayIconFile('needs-signoff', 'darwin')).toBe('tray-needs-signoffTemplate.png');
    expect(trayIconFile('offline', 'win32')).toBe('tray-offline.png');
  });

  it('tells the state and the item installing in the tooltip', () => {
    expect(trayTooltip(state())).toBe('Pasang — Terhubung ke server');
    expect(trayTooltip(state({ installing, language: 'en' }))).toBe('Pasang — Installing software: LibreOffice');
  });
});
