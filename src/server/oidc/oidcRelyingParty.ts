/**
 * The one adapter around `openid-client` (panva's certified relying party): discovery from the issuer's
 * `/.well-known/openid-configuration`, the authorization code flow with PKCE (S256), `state` and `nonce`, and the ID
 * token checked there — its signature against the issuer's JWKS, `iss`, `aud`, `exp`, `nonce`. What comes out is an
 * OidcIdentity; mapping it to a person is the domain's (oidcLogin.ts). `openid-client` ships ESM only: Node ≥ 20.19
 * loads it with require(), Jest transforms it (jest.config.js).
 */
import * as oidc from 'openid-client';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { OidcIdentity } from '../domain/oidcLogin';

export interface OidcSettings {
  /** The issuer URL (`iss`); https, or http only on a loopback address (a test provider). */
  issuer: string;
  clientId: string;
  /** Read from a file by the CLI, never taken from the command line. */
  clientSecret: string;
  /** The login button's text (`--oidc-label`). @default null: the page's own "Masuk dengan SSO" / "Log in with SSO" */
  label?: string | null;
}

/** What the browser carries between start and callback (in the flow cookie), never shown to the identity provider as is. */
export interface OidcFlow {
  state: string;
  nonce: string;
  /** PKCE: the provider sees only its SHA-256 (the challenge) until the code is redeemed. */
  codeVerifier: string;
}

export interface OidcRelyingPartyOptions {
  settings: OidcSettings;
  /** The callback URL registered at the identity provider: the server's public URL + the callback path. */
  redirectUri(): string;
  /** Per request to the identity provider. @default 10 */
  timeoutSec?: number;
}

const SCOPE = 'openid email profile';

/** The issuer as a URL, or a message saying why it cannot be one (https, or http on loopback only). */
export function checkIssuerUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`the OIDC issuer must be an https URL, not "${value}"`);
  }
  if (url.search || url.hash || url.username || url.password) throw new Error(`the OIDC issuer must be a plain URL without query, fragment or credentials, not "${value}"`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw new Error(`the OIDC issuer must be an https URL (http only on a loopback address), not "${value}"`);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export class OidcRelyingParty {
  private readonly issuer: URL;
  private readonly timeoutSec: number;
  private config: Promise<oidc.Configuration> | null = null;

  constructor(private readonly o: OidcRelyingPartyOptions) {
    this.issuer = checkIssuerUrl(o.settings.issuer);
    this.timeoutSec = o.timeoutSec ?? 10;
  }

  get label(): string | null {
    return this.o.settings.label ?? null;
  }

  /** A new flow and the identity provider's URL to send the browser to; OIDC_UNAVAILABLE when discovery fails. */
  async begin(): Promise<{ authorizationUrl: string; flow: OidcFlow }> {
    const config = await this.configuration();
    const flow: OidcFlow = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.o.redirectUri(),
      scope: SCOPE,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { authorizationUrl: url.href, flow };
  }

  /**
   * Redeems the code of the callback's query for tokens and checks them against the flow: OIDC_LOGIN_FAILED when the
   * provider answered with an error, the state or nonce is not the flow's, or the ID token does not check;
   * OIDC_UNAVAILABLE when the provider cannot be reached.
   */
  async complete(callbackQuery: URLSearchParams, flow: OidcFlow): Promise<OidcIdentity> {
    const config = await this.configuration();
    const current = new URL(this.o.redirectUri());
    current.search = callbackQuery.toString();
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new PasangError(ErrorCodes.OIDC_LOGIN_FAILED, 'single sign-on: the provider sent no ID token');
      let email = typeof claims.email === 'string' ? claims.email : null;
      let verified = claims.email_verified === true;
      // Providers that keep the ID token small (oidc-provider's default) give the e-mail at UserInfo only.
      if (email === null && config.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        email = typeof info.email === 'string' ? info.email : null;
        verified = info.email_verified === true;
      }
      return { issuer: claims.iss, subject: claims.sub, email, emailVerified: verified };
    } catch (err) {
      throw asPasangError(err, 'the login was refused or did not check out');
    }
  }

  /** Discovered once and kept; a failed discovery is tried again at the next login. */
  private configuration(): Promise<oidc.Configuration> {
    this.config ??= oidc
      .discovery(this.issuer, this.o.settings.clientId, this.o.settings.clientSecret, undefined, {
        timeout: this.timeoutSec,
        ...(this.issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((err: unknown) => {
        this.config = null;
        throw new PasangError(ErrorCodes.OIDC_UNAVAILABLE, `single sign-on: discovery at ${this.issuer.href} failed: ${messageOf(err)}`, { cause: err });
      });
    return this.config;
  }
}

/** The provider's refusals and failed checks are OIDC_LOGIN_FAILED; an unreachable provider is OIDC_UNAVAILABLE. */
function asPasangError(err: unknown, what: string): PasangError {
  if (err instanceof PasangError) return err;
  const unreachable =
    (err instanceof TypeError && /fetch failed/i.test(err.message)) ||
    (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'));
  const code = unreachable ? ErrorCodes.OIDC_UNAVAILABLE : ErrorCodes.OIDC_LOGIN_FAILED;
  return new PasangError(code, `single sign-on: ${unreachable ? 'the provider cannot be reached' : what}: ${messageOf(err)}`, { cause: err });
}

function messageOf(err: unknown): string {
  if (err instanceof oidc.AuthorizationResponseError) return `${err.error}${err.error_description ? ` (${err.error_description})` : ''}`;
  if (!(err instanceof Error)) return String(err);
  // openid-client's own message is generic ("unexpected JWT claim value encountered"); its cause names the claim.
  const cause = err.cause instanceof Error && err.cause.message !== err.message ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}
