import {
  createNavigationGuard,
  isAllowedExternalUrl,
  parseAllowedOrigins,
} from '../../../../src/main/electron/navigationGuard';
import { createLogger } from '../../../../src/shared/logger';

const ALLOWED = parseAllowedOrigins(['https://office.example.com', 'https://pasang.bps.go.id:7700/console']);

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://office.example.com',
    'https://office.example.com/intranet?q=1#x',
    'https://OFFICE.example.com/',
    'https://pasang.bps.go.id:7700/console/tickets',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url, ALLOWED)).toBe(true);
  });

  it.each([
    'https://office.example.com.attacker.test',
    'https://office.example.com.attacker.test/',
    'https://office.example.com@attacker.test/',
    'https://user:pw@office.example.com/',
    'http://office.example.com/',
    'https://office.example.com:8443/',
    'https://pasang.bps.go.id/',
    'https://evil.test/?https://office.example.com',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'pasang://app/agent/index.html',
    'office.example.com',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url, ALLOWED)).toBe(false);
  });

  it('refuses to configure a non-https origin', () => {
    expect(() => parseAllowedOrigins(['http://office.example.com'])).toThrow(/https/);
    expect(parseAllowedOrigins(['https://pasang.bps.go.id:7700/console'])).toEqual(['https://pasang.bps.go.id:7700']);
  });
});

describe('createNavigationGuard', () => {
  function setup() {
    const opened: string[] = [];
    const logs: any[] = [];
    const guard = createNavigationGuard({
      allowedOrigins: ALLOWED,
      openExternal: (u) => opened.push(u),
      logger: createLogger('guard', { write: (l) => logs.push(JSON.parse(l)) }),
    });
    const event = () => {
      const e = { prevented: false, preventDefault: () => (e.prevented = true) };
      return e;
    };
    return { guard, opened, logs, event };
  }

  it('blocks every navigation, sending an allowed link to the browser and dropping the rest', () => {
    const { guard, opened, event, logs } = setup();
    const [a, b, c] = [event(), event(), event()];
    guard.onWillNavigate(a, 'https://office.example.com/x');
    guard.onWillNavigate(b, 'https://office.example.com.attacker.test/');
    guard.onWillNavigate(c, 'pasang://app/agent/other.html');
    expect([a.prevented, b.prevented, c.prevented]).toEqual([true, true, true]);
    expect(opened).toEqual(['https://office.example.com/x']);
    expect(logs.filter((l) => l.msg === 'external link refused').map((l) => l.url)).toEqual([
      'https://office.example.com.attacker.test/',
    ]);
  });

  it('denies every new window', () => {
    const { guard, opened } = setup();
    expect(guard.windowOpenHandler({ url: 'https://evil.test/' })).toEqual({ action: 'deny' });
    expect(guard.windowOpenHandler({ url: 'https://office.example.com/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://office.example.com/']);
  });

  it('lets redirects stay in the bundle only', () => {
    const { guard, event } = setup();
    const [inside, outside] = [event(), event()];
    guard.onWillRedirect(inside, 'pasang://app/agent/index.html');
    guard.onWillRedirect(outside, 'https://office.example.com/');
    expect([inside.prevented, outside.prevented]).toEqual([false, true]);
  });

  it('refuses webviews and every permission', () => {
    const { guard, event } = setup();
    const e = event();
    guard.onWillAttachWebview(e);
    expect(e.prevented).toBe(true);
    const answers: boolean[] = [];
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal'])
      guard.permissionRequestHandler({}, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false, false]);
    expect(guard.permissionCheckHandler()).toBe(false);
  });
});
