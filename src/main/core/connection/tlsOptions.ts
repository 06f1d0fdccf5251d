/**
 * How the agent checks the server: the OS's trusted CAs (plus an extra CA file when the office runs its own), the
 * host name, and optionally the certificate's SHA-256 pinned at install, so that a certificate the OS trusts is not
 * enough to impersonate the server. Certificate verification is never turned off.
 */
import fs from 'node:fs';
import tls, { type PeerCertificate } from 'node:tls';

export interface ServerTrust {
  /** PEM file of an extra CA (or the server's self-signed certificate) to trust. */
  caFile?: string;
  /** SHA-256 of the server's certificate (hex, colons optional). */
  certSha256?: string;
}

export function normalizeFingerprint(value: string): string | null {
  const hex = value.replace(/:/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

export interface AgentTlsOptions {
  ca?: (string | Buffer)[];
  checkServerIdentity(host: string, cert: PeerCertificate): Error | undefined;
}

export function tlsOptions(trust: ServerTrust): AgentTlsOptions {
  const pin = trust.certSha256 ? normalizeFingerprint(trust.certSha256) : null;
  if (trust.certSha256 && !pin) throw new Error('server certificate pin must be 64 hex digits (SHA-256)');
  return {
    // Node's default store plus ours: giving `ca` alone would drop the OS's roots.
    ...(trust.caFile ? { ca: [...tls.rootCertificates, fs.readFileSync(trust.caFile)] } : {}),
    checkServerIdentity(host, cert) {
      const err = tls.checkServerIdentity(host, cert);
      if (err) return err;
      if (pin && normalizeFingerprint(cert.fingerprint256) !== pin) {
        return Object.assign(new Error(`server certificate ${cert.fingerprint256} does not match the pinned SHA-256`), {
          code: 'SERVER_CERT_MISMATCH',
        });
      }
      return undefined;
    },
  };
}
