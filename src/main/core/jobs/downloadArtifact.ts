/**
 * Downloads an artifact from the server's repository into a partial file, resuming with HTTP Range from the bytes
 * already written after a broken connection or a restart, and checks its SHA-256 before it is used. The partial file
 * is keyed by the expected hash, so a resumed download can only ever complete the same artifact.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import type { Artifact } from '../../../shared/install/manifest';
import type { AgentTlsOptions } from '../connection/tlsOptions';
import { fileDigest } from '../fs/fileDigest';

export interface DownloadOptions {
  url: string;
  artifact: Artifact;
  /** Where the partial and then complete file lives. */
  file: string;
  authorization: string;
  tls: AgentTlsOptions;
  onProgress?(bytes: number, total: number): void;
  signal?: AbortSignal;
  /** @default 5 */
  maxAttempts?: number;
  /** @default 60000 idle timeout per request */
  timeoutMs?: number;
}

export function fileSha256(file: string): Promise<string> {
  return fileDigest(file, 'sha256', 'hex');
}

function fetchRange(o: DownloadOptions, from: number): Promise<number> {
  const url = new URL(o.url);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(
      url,
      {
        headers: { authorization: o.authorization, ...(from > 0 ? { range: `bytes=${from}-` } : {}) },
        timeout: o.timeoutMs ?? 60_000,
        ...(url.protocol === 'https:' ? o.tls : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status === 416 && from >= o.artifact.sizeBytes) {
          res.resume();
          return resolve(from);
        }
        if (status !== 200 && status !== 206) {
          res.resume();
          const code = status === 401 || status === 403 || status === 404 ? ErrorCodes.DOWNLOAD_FAILED : ErrorCodes.SERVER_UNREACHABLE;
          return reject(new PasangError(code, `download refused: HTTP ${status}`));
        }
        // A server that ignores Range answers 200 with the whole file: start over.
        const start = status === 206 ? from : 0;
        const out = fs.createWriteStream(o.file, { flags: start === 0 ? 'w' : 'a', mode: 0o600 });
        let written = start;
        res.on('data', (chunk: Buffer) => {
          written += chunk.length;
          if (written > o.artifact.sizeBytes) {
            req.destroy(new PasangError(ErrorCodes.HASH_MISMATCH, 'the server sent more bytes than the artifact has'));
            return;
          }
          o.onProgress?.(written, o.artifact.sizeBytes);
        });
        res.pipe(out);
        const fail = (err: Error) => {
          out.destroy();
          reject(err);
        };
        res.on('error', fail);
        req.on('error', fail);
        out.on('error', fail);
        out.on('finish', () => resolve(written));
      },
    );
    req.on('timeout', () => req.destroy(new PasangError(ErrorCodes.SERVER_UNREACHABLE, 'download stalled')));
    req.on('error', (err) => reject(err instanceof PasangError ? err : new PasangError(ErrorCodes.SERVER_UNREACHABLE, `download failed: ${err.message}`, { cause: err })));
  });
}

/** Resolves once `file` holds the whole artifact with the right hash; resumes what an earlier run left. */
export async function downloadArtifact(o: DownloadOptions): Promise<void> {
  const max = o.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const have = fs.existsSync(o.file) ? fs.statSync(o.file).size : 0;
    try {
      const size = have >= o.artifact.sizeBytes ? have : await fetchRange(o, have);
      if (size === o.artifact.sizeBytes) {
        if ((await fileSha256(o.file)) === o.artifact.sha256) return;
        fs.rmSync(o.file, { force: true });
        throw new PasangError(ErrorCodes.HASH_MISMATCH, 'the downloaded file does not have the SHA-256 the signed job names');
      }
    } catch (err) {
      if (o.signal?.aborted) throw new PasangError(ErrorCodes.CANCELLED, 'download cancelled', { cause: err });
      const retriable = err instanceof PasangError && err.code === ErrorCodes.SERVER_UNREACHABLE;
      if (!retriable || attempt >= max) throw err;
      await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)));
    }
    if (attempt >= max) throw new PasangError(ErrorCodes.DOWNLOAD_FAILED, `download incomplete after ${max} attempts`);
  }
}
