/**
 * `serve`'s single-sign-on flags: `--oidc-issuer URL --oidc-client-id ID --oidc-client-secret-file FILE
 * [--oidc-label TEXT]`, all or none. The client secret is read from a file (never argv, which every local user can
 * read in the process list); the file's surrounding whitespace is not part of it.
 */
import fs from 'node:fs';
import { checkIssuerUrl, type OidcSettings } from '../oidc/oidcRelyingParty';

export const OIDC_SERVE_USAGE = `[--oidc-issuer https://idp.example/realms/office --oidc-client-id ID --oidc-client-secret-file FILE [--oidc-label "Masuk dengan SSO"]]`;

export const oidcServeFlags = {
  'oidc-issuer': { type: 'string' },
  'oidc-client-id': { type: 'string' },
  'oidc-client-secret-file': { type: 'string' },
  'oidc-label': { type: 'string' },
} as const;

export interface OidcFlagValues {
  'oidc-issuer'?: string | undefined;
  'oidc-client-id'?: string | undefined;
  'oidc-client-secret-file'?: string | undefined;
  'oidc-label'?: string | undefined;
}

/** The settings, undefined when no OIDC flag is given, or an Error whose message is the one line to print. */
export function oidcSettingsOf(v: OidcFlagValues): OidcSettings | undefined {
  const issuer = v['oidc-issuer'];
  const clientId = v['oidc-client-id'];
  const secretFile = v['oidc-client-secret-file'];
  const label = v['oidc-label'];
  if (issuer === undefined && clientId === undefined && secretFile === undefined && label === undefined) return undefined;
  if (issuer === undefined || clientId === undefined || secretFile === undefined) {
    throw new Error('--oidc-issuer, --oidc-client-id and --oidc-client-secret-file go together');
  }
  try {
    checkIssuerUrl(issuer);
  } catch (err) {
    throw new Error(`--oidc-issuer: ${(err as Error).message}`);
  }
  if (!/^[\x21-\x7e]{1,255}$/.test(clientId)) throw new Error(`--oidc-client-id must be 1 to 255 printable characters without spaces, not "${clientId}"`);
  if (label !== undefined && (label.trim().length === 0 || label.length > 60)) throw new Error('--oidc-label must be 1 to 60 characters');
  let clientSecret: string;
  try {
    clientSecret = fs.readFileSync(secretFile, 'utf8').trim();
  } catch (err) {
    throw new Error(`--oidc-client-secret-file: cannot read ${secretFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (clientSecret.length === 0 || /\s/.test(clientSecret)) {
    throw new Error(`--oidc-client-secret-file: ${secretFile} must hold the client secret alone, on one line`);
  }
  return { issuer, clientId, clientSecret, ...(label !== undefined ? { label: label.trim() } : {}) };
}
