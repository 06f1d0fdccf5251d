/** The SSO flow cookie carries one login's state, nonce and PKCE verifier between start and callback, and nothing else. */
import type { IncomingMessage } from 'node:http';
import { clearedOidcFlowCookie, oidcFlowCookie, oidcFlowOf, OIDC_FLOW_COOKIE } from '../../../../src/server/http/oidcFlowCookie';

const flow = {
  state: 'c3RhdGUtc3RhdGUtc3RhdGUtc3RhdGUtc3RhdGUtc3Q',
  nonce: 'bm9uY2Utbm9uY2Utbm9uY2Utbm9uY2Utbm9uY2Utbm9',
  codeVerifier: 'dmVyaWZpZXItdmVyaWZpZXItdmVyaWZpZXItdmVyaWZp',
};

function requestWith(cookie: string | undefined): IncomingMessage {
  return { headers: cookie === undefined ? {} : { cookie } } as IncomingMessage;
}

function valueOf(setCookie: string): string {
  return setCookie.split(';')[0]!;
}

describe('oidcFlowCookie', () => {
  it('is a __Host- cookie, HttpOnly, and Lax so that the provider’s redirect back carries it', () => {
    const c = oidcFlowCookie(flow);
    expect(c.startsWith(`${OIDC_FLOW_COOKIE}=`)).toBe(true);
    expect(c).toMatch(/; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=600$/);
    expect(c).not.toMatch(/Domain=/i);
  });

  it('gives back the flow it was made of, beside other cookies', () => {
    expect(oidcFlowOf(requestWith(`a=1; ${valueOf(oidcFlowCookie(flow))}; __Host-pasang_session=x`))).toEqual(flow);
  });

  it('gives nothing for a request without the cookie, a cleared one, or one not of its shape', () => {
    expect(oidcFlowOf(requestWith(undefined))).toBeNull();
    expect(oidcFlowOf(requestWith(valueOf(clearedOidcFlowCookie())))).toBeNull();
    const v = valueOf(oidcFlowCookie(flow));
    for (const bad of [v.replace('v1.', 'v2.'), `${v}.extra`, v.replace(flow.nonce, 'short'), v.replace(flow.state, `${flow.state.slice(1)}%`), `${OIDC_FLOW_COOKIE}=v1..${flow.nonce}.${flow.codeVerifier}`]) {
      expect(oidcFlowOf(requestWith(bad))).toBeNull();
    }
  });

  it('refuses to write values that are not base64url random strings (nothing can be smuggled into the header)', () => {
    expect(() => oidcFlowCookie({ ...flow, state: `${flow.state}; Domain=evil.example` })).toThrow(/base64url/);
  });

  it('is cleared with the same attributes and Max-Age=0', () => {
    expect(clearedOidcFlowCookie()).toBe(`${OIDC_FLOW_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`);
  });
});
