/**
 * The single-sign-on flow cookie: the state, nonce and PKCE verifier of one login, kept by the browser that started it
 * between the start and the callback (so a callback is accepted only in that browser: no login CSRF, nothing stored on
 * the server per attempt). `__Host-` (Secure, Path=/, no Domain), HttpOnly, and SameSite=Lax — not Strict — because the
 * callback is a top-level navigation from the identity provider's site. Ten minutes, then the login starts again.
 */
import type { IncomingMessage } from 'node:http';
import type { OidcFlow } from '../oidc/oidcRelyingParty';
import { cookieValue } from './sessionCookie';

export const OIDC_FLOW_COOKIE = '__Host-pasang_oidc';
/** @default 600 s: time enough to log in at the provider, short enough that a forgotten tab does not keep a flow. */
export const OIDC_FLOW_MAX_AGE_SEC = 600;

const PART = '[A-Za-z0-9_-]{22,128}';
const FORMAT = new RegExp(`^v1\\.(${PART})\\.(${PART})\\.(${PART})$`);

export function oidcFlowCookie(flow: OidcFlow, maxAgeSec = OIDC_FLOW_MAX_AGE_SEC): string {
  for (const v of [flow.state, flow.nonce, flow.codeVerifier]) {
    if (!new RegExp(`^${PART}$`).test(v)) throw new Error('an OIDC flow value is not a base64url random string');
  }
  const value = `v1.${flow.state}.${flow.nonce}.${flow.codeVerifier}`;
  return `${OIDC_FLOW_COOKIE}=${value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSec))}`;
}

/** Tells the browser to forget the flow (it is used once, whatever the outcome). */
export function clearedOidcFlowCookie(): string {
  return `${OIDC_FLOW_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** The flow this browser started, or null when it has none (expired, never started, or not of this shape). */
export function oidcFlowOf(req: IncomingMessage): OidcFlow | null {
  const m = FORMAT.exec(cookieValue(req, OIDC_FLOW_COOKIE) ?? '');
  return m ? { state: m[1]!, nonce: m[2]!, codeVerifier: m[3]! } : null;
}
