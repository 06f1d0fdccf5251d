/**
 * Enrollment over HTTPS (or HTTP on loopback): trades the installer's enrollment token for this agent's own id and
 * secret plus the server's public signing key. A refused token is final (ENROLL_TOKEN_INVALID); an unreachable
 * server is SERVER_UNREACHABLE, which the caller retries with backoff.
 */
import http from 'node:http';
import https from 'node:https';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import type { EnrollRequestBody, EnrollResponseBody } from '../../../shared/api';
import type { AgentTlsOptions } from './tlsOptions';

export interface EnrollClientOptions {
  serverUrl: string;
  tls: AgentTlsOptions;
  /** @default 15000 */
  timeoutMs?: number;
}

export function enrollAgent(options: EnrollClientOptions, body: EnrollRequestBody): Promise<EnrollResponseBody> {
  const url = new URL('/api/v1/enroll', options.serverUrl);
  const payload = JSON.stringify(body);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: options.timeoutMs ?? 15_000,
        ...(url.protocol === 'https:' ? options.tls : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 64 * 1024) chunks.push(c);
        });
        res.on('error', (err) => reject(new PasangError(ErrorCodes.SERVER_UNREACHABLE, `enrollment reply cut off: ${err.message}`, { cause: err })));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = null;
          }
          if (res.statusCode === 201 || res.statusCode === 200) {
            const r = json as Partial<EnrollResponseBody> | null;
            if (r && typeof r.agentId === 'string' && typeof r.agentSecret === 'string' && typeof r.serverPublicKey === 'string') {
              return resolve(r as EnrollResponseBody);
            }
            return reject(new PasangError(ErrorCodes.BAD_MESSAGE, 'enrollment reply is missing fields'));
          }
          const code = (json as { error?: { code?: string; message?: string } } | null)?.error;
          if (res.statusCode === 401) {
            return reject(new PasangError(ErrorCodes.ENROLL_TOKEN_INVALID, code?.message ?? 'enrollment token refused'));
          }
          reject(
            new PasangError(
              res.statusCode !== undefined && res.statusCode >= 500 ? ErrorCodes.SERVER_UNREACHABLE : ErrorCodes.BAD_REQUEST,
              `enrollment failed: HTTP ${res.statusCode}${code?.message ? `: ${code.message}` : ''}`,
            ),
          );
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err: Error & { code?: string }) => {
      const mismatch = err.code === 'SERVER_CERT_MISMATCH';
      reject(
        new PasangError(mismatch ? ErrorCodes.SERVER_CERT_MISMATCH : ErrorCodes.SERVER_UNREACHABLE, `cannot reach ${url.origin}: ${err.code && err.code !== err.message ? `${err.code}: ` : ''}${err.message}`, {
          cause: err,
        }),
      );
    });
    req.end(payload);
  });
}
