/**
 * The agent app's update check, in plain Node: fetches the server's channel file (`/updates/<platform>/latest.yml`)
 * and its detached signature, checks the signature over the exact bytes against the server key pinned at enrollment
 * (trust/serverSignature.ts, the same check as for jobs), reads the feed strictly and compares versions — an update is
 * only ever a newer version. The shell hands the outcome to electron-updater; the SHA-512 here is what the downloaded
 * file must have before it may be installed (verifyDownloadedUpdate.ts).
 */
import http from 'node:http';
import https from 'node:https';
import type { KeyObject } from 'node:crypto';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import { compareSemVer, parseSemVer } from '../../../shared/updates/semver';
import {
  DEFAULT_UPDATE_CHANNEL,
  updateFeedFileName,
  updateSignatureFileName,
  type UpdateCheckOutcome,
  type UpdatePlatform,
} from '../../../shared/updates/agentUpdates';
import type { AgentTlsOptions } from '../connection/tlsOptions';
import { verifyServerSignature } from '../trust/serverSignature';
import { parseUpdateFeed } from './parseUpdateFeed';

export interface UpdateCheckOptions {
  /** The server the agent enrolled with (`http(s)://host:port`). */
  serverUrl: string;
  platform: UpdatePlatform;
  /** @default 'latest' (electron-updater's default channel) */
  channel?: string;
  /** The running agent's version (strict semver). */
  currentVersion: string;
  /** The server's signing key pinned at enrollment. */
  key: KeyObject;
  tls: AgentTlsOptions;
  /** Per request. @default 30000 */
  timeoutMs?: number;
}

/** A channel file is a few hundred bytes; anything past this is not one. */
const MAX_FEED_BYTES = 64 * 1024;

interface SmallResponse {
  status: number;
  body: Buffer;
}

function getSmall(url: URL, tls: AgentTlsOptions, timeoutMs: number): Promise<SmallResponse> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { timeout: timeoutMs, ...(url.protocol === 'https:' ? tls : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_FEED_BYTES) {
          req.destroy(new PasangError(ErrorCodes.UPDATE_FEED_INVALID, `${url.pathname} is larger than ${MAX_FEED_BYTES} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('error', (err) => reject(err));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (err: Error & { code?: string }) => {
      if (err instanceof PasangError) return reject(err);
      const code = err.code === 'SERVER_CERT_MISMATCH' ? ErrorCodes.SERVER_CERT_MISMATCH : ErrorCodes.SERVER_UNREACHABLE;
      reject(new PasangError(code, `cannot reach ${url.origin} for the update feed: ${err.message}`, { cause: err }));
    });
  });
}

/** `<server>/updates/<platform>`: electron-updater's generic-provider URL, the feed's files relative to it. */
export function updateFeedUrl(serverUrl: string, platform: UpdatePlatform): string {
  return new URL(`updates/${platform}`, serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`).href;
}

export async function checkForUpdate(o: UpdateCheckOptions): Promise<UpdateCheckOutcome> {
  if (!parseSemVer(o.currentVersion)) throw new PasangError(ErrorCodes.BAD_REQUEST, `the running agent's version "${o.currentVersion}" is not a semantic version`);
  const channel = o.channel ?? DEFAULT_UPDATE_CHANNEL;
  const feedUrl = updateFeedUrl(o.serverUrl, o.platform);
  const base = new URL(`${feedUrl}/`);
  const timeoutMs = o.timeoutMs ?? 30_000;
  const [feed, signature] = await Promise.all([
    getSmall(new URL(updateFeedFileName(o.platform, channel), base), o.tls, timeoutMs),
    getSmall(new URL(updateSignatureFileName(o.platform, channel), base), o.tls, timeoutMs),
  ]);
  if (feed.status === 404) return { status: 'none', reason: 'unpublished', currentVersion: o.currentVersion, offeredVersion: null };
  for (const [what, r] of [['feed', feed], ['feed signature', signature]] as const) {
    if (r.status !== 200) {
      throw new PasangError(ErrorCodes.SERVER_UNREACHABLE, `the server answered HTTP ${r.status} for the update ${what}`);
    }
  }
  return verifySignedFeed({ feed: feed.body, signature: signature.body.toString('utf8').trim(), key: o.key, platform: o.platform, currentVersion: o.currentVersion, feedUrl });
}

export interface SignedFeedInput {
  /** The channel file's bytes, exactly as received. */
  feed: Uint8Array;
  /** The detached signature (base64). */
  signature: string;
  key: KeyObject;
  platform: UpdatePlatform;
  currentVersion: string;
  feedUrl: string;
}

/**
 * The decision on bytes already fetched: the signature over exactly these bytes, then the feed's shape, then the
 * version (only a newer one is an update). SIGNATURE_INVALID or UPDATE_FEED_INVALID when refused.
 */
export function verifySignedFeed(i: SignedFeedInput): UpdateCheckOutcome {
  const current = parseSemVer(i.currentVersion);
  if (!current) throw new PasangError(ErrorCodes.BAD_REQUEST, `the running agent's version "${i.currentVersion}" is not a semantic version`);
  if (!verifyServerSignature(i.feed, i.signature, i.key)) {
    throw new PasangError(ErrorCodes.SIGNATURE_INVALID, "the update feed's signature does not check against the server key pinned at enrollment: nothing is downloaded");
  }
  const info = parseUpdateFeed(i.feed, i.platform);
  const order = compareSemVer(parseSemVer(info.version)!, current);
  if (order <= 0) {
    return { status: 'none', reason: order === 0 ? 'same' : 'older', currentVersion: i.currentVersion, offeredVersion: info.version };
  }
  const file = info.files[0]!;
  return {
    status: 'available',
    version: info.version,
    currentVersion: i.currentVersion,
    feedUrl: i.feedUrl,
    fileUrl: new URL(file.url, `${i.feedUrl}/`).href,
    fileName: file.url,
    sha512: file.sha512,
    sizeBytes: file.size,
    releaseDate: info.releaseDate,
  };
}
