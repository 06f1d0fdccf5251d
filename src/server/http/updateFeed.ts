/**
 * The channel file electron-updater's generic provider reads (latest.yml, latest-linux.yml, latest-mac.yml), written
 * exactly as electron-builder writes it, and its detached signature: the server's Ed25519 key (the one that signs
 * jobs, jobSigner.ts) over the file's exact UTF-8 bytes. Ed25519 is deterministic, so the same release always gives
 * the same bytes and the same signature.
 */
import { dump } from 'js-yaml';
import type { AgentReleaseRecord, UpdateFeed } from '../../shared/updates/agentUpdates';
import type { JobSigner } from '../domain/jobSigner';

export function renderUpdateFeed(release: AgentReleaseRecord): string {
  const feed: UpdateFeed = {
    version: release.version,
    files: [{ url: release.fileName, sha512: release.sha512, size: release.sizeBytes }],
    path: release.fileName,
    sha512: release.sha512,
    releaseDate: release.publishedAt,
  };
  return dump(feed, { lineWidth: -1 });
}

export interface SignedUpdateFeed {
  /** The channel file's exact bytes. */
  bytes: Buffer;
  /** Base64 Ed25519 signature of `bytes`. */
  signature: string;
}

export function signedUpdateFeed(release: AgentReleaseRecord, signer: JobSigner): SignedUpdateFeed {
  const text = renderUpdateFeed(release);
  return { bytes: Buffer.from(text, 'utf8'), signature: signer.sign(text) };
}
