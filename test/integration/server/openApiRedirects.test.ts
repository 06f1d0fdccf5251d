/** The served OpenAPI document says what the single sign-on routes really answer: redirects, not a 200. */
import { startHarness, type Harness } from '../../support/serverHarness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('GET /api/v1/openapi.json', () => {
  it('documents the OIDC start as a 302 to the provider or a 303 back, the callback as a 303, both 404 when SSO is off', async () => {
    const res = await fetch(`${h.server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, { get: { responses: Record<string, { headers?: { Location?: unknown } }> } }> };
    const start = doc.paths['/api/v1/auth/oidc/start']!.get.responses;
    const callback = doc.paths['/api/v1/auth/oidc/callback']!.get.responses;
    expect(Object.keys(start).sort()).toEqual(['302', '303', '400', '404']);
    expect(Object.keys(callback).sort()).toEqual(['303', '400', '404']);
    expect(start['302']!.headers!.Location).toBeDefined();
    expect(callback['303']!.headers!.Location).toBeDefined();
    // A JSON route keeps its 200.
    expect(Object.keys(doc.paths['/api/v1/auth/methods']!.get.responses)).toContain('200');
  });

  it('answers the documented 404 when SSO is not configured (the redirects: oidcLogin.test.ts)', async () => {
    const res = await fetch(`${h.server.url}/api/v1/auth/oidc/start`, { redirect: 'manual' });
    expect(res.status).toBe(404);
  });
});
