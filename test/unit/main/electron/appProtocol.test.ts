import {
  appResponseHeaders,
  CONTENT_SECURITY_POLICY,
  fileUrlOf,
  isAppUrl,
  resolveAppAsset,
  trayPageUrl,
} from '../../../../src/main/electron/appProtocol';

describe('appProtocol', () => {
  it('serves the pages from pasang://app, one document with the page in its fragment', () => {
    expect(trayPageUrl('sign-off')).toBe('pasang://app/agent/index.html#/sign-off');
    expect(trayPageUrl('approvals', 'en')).toBe('pasang://app/agent/index.html#/approvals?lang=en');
    expect(trayPageUrl('sign-off', 'id', ['tkt/1'])).toBe('pasang://app/agent/index.html#/sign-off/tkt%2F1?lang=id');
    expect(resolveAppAsset(trayPageUrl('sign-off'))).toEqual({
      relativePath: 'agent/index.html',
      mimeType: 'text/html; charset=utf-8',
    });
    expect(resolveAppAsset('pasang://app/agent/assets/app.js?v=1')).toEqual({
      relativePath: 'agent/assets/app.js',
      mimeType: 'text/javascript; charset=utf-8',
    });
  });

  it.each([
    'pasang://app/agent%2f..%2f..%2fx.js',
    'pasang://app/agent%5c..%5cx.js',
    'pasang://app/C:%5Cwindows%5Cx.js',
    'pasang://app/agent/x%00.js',
    'pasang://app/agent/%E0%A4%A.js',
    'pasang://app/agent//index.html',
    'pasang://app/agent/',
    'pasang://app/agent/index.exe',
    'pasang://app/agent/Makefile',
    'pasang://other/agent/index.html',
    'pasang://app:8080/agent/index.html',
    'pasang://user@app/agent/index.html',
    'https://app/agent/index.html',
    'file:///app/agent/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(url)).toBeNull();
  });

  it('lets URL parsing fold dot segments, which can only stay inside the bundle', () => {
    expect(resolveAppAsset('pasang://app/../../etc/passwd.html')?.relativePath).toBe('etc/passwd.html');
    expect(resolveAppAsset('pasang://app/agent/%2e%2e/%2e%2e/secret.js')?.relativePath).toBe('secret.js');
  });

  it('knows our URLs from others', () => {
    expect(isAppUrl('pasang://app/agent/index.html#/request')).toBe(true);
    expect(isAppUrl('pasang://app.evil.test/agent/index.html')).toBe(false);
    expect(isAppUrl('https://evil.test')).toBe(false);
  });

  it('sends the strict CSP, nosniff and no referrer with every file', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(
      /^default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'/,
    );
    expect(appResponseHeaders('text/html')).toMatchObject({
      'Content-Type': 'text/html',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });

  it('builds file URLs for POSIX and Windows paths', () => {
    expect(fileUrlOf('/opt/Pasang/resources/app/dist/renderer/agent/index.html')).toBe(
      'file:///opt/Pasang/resources/app/dist/renderer/agent/index.html',
    );
    expect(fileUrlOf('C:\\Program Files\\Pasang\\resources\\app/agent/a b#.js')).toBe(
      'file:///C:/Program%20Files/Pasang/resources/app/agent/a%20b%23.js',
    );
  });
});
