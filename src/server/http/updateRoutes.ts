/**
 * /updates/<platform>/…: the agent app's updates as electron-updater's generic provider reads them — the channel file
 * (latest.yml, latest-linux.yml, latest-mac.yml, or another channel's), its detached signature (`….yml.sig`: the
 * server's Ed25519 signature of the file's exact bytes) and the release files.
 *
 * Public on purpose (README "Agent updates"): the one who downloads is the tray's electron-updater, which runs as the
 * employee and holds no PC credential (SECURITY.md 1: the credential is the service's alone, and a tray with it could
 * act as the PC). What protects the update is the signature: the agent installs only a file whose SHA-512 is the one
 * of a feed signed by the key it pinned at enrollment. The app itself holds no secret (the preset is filled in at
 * install time, not in the published file).
 */
import type { ServerResponse } from 'node:http';
import { ErrorCodes } from '../../shared/errors';
import { isUpdatePlatform, updateFeedFileName, type UpdatePlatform } from '../../shared/updates/agentUpdates';
import type { AgentReleaseService } from '../domain/agentReleases';
import type { JobSigner } from '../domain/jobSigner';
import type { RepositoryService } from '../domain/repository';
import { signedUpdateFeed } from './updateFeed';
import { httpError, type RouteDefinition } from './router';
import { serveArtifact } from './serveArtifact';

export interface UpdateRoutesOptions {
  releases: AgentReleaseService;
  repository: RepositoryService;
  /** The server's signing key (the one that signs jobs). */
  signer: JobSigner;
  onError?(err: unknown): void;
}

/** `<channel>[-linux|-mac].yml[.sig]` → the channel and whether the signature is asked for; null for anything else. */
function channelFileOf(platform: UpdatePlatform, fileName: string): { channel: string; signature: boolean } | null {
  const m = /^([a-z][a-z0-9]{0,31})(-linux|-mac)?\.yml(\.sig)?$/.exec(fileName);
  if (!m) return null;
  const channel = m[1]!;
  // A feed name of another platform (latest-mac.yml under /updates/win/) is no file here.
  return updateFeedFileName(platform, channel) === `${channel}${m[2] ?? ''}.yml` ? { channel, signature: m[3] !== undefined } : null;
}

function sendText(res: ServerResponse, method: string | undefined, body: Buffer, contentType: string): null {
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': String(body.length),
    // The feed changes with each publish: always asked again (electron-updater adds its own no-cache query too).
    'cache-control': 'no-cache',
  });
  res.end(method === 'HEAD' ? undefined : body);
  return null;
}

export function updateRoutes(o: UpdateRoutesOptions): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/updates/:platform/:fileName',
      access: 'public',
      summary:
        "The agent app's updates (electron-updater generic provider): latest.yml / latest-linux.yml / latest-mac.yml, its Ed25519 signature at ….yml.sig, and the release file (Range, ETag)",
      async handler({ req, res, params }) {
        const platform = params.platform!;
        const fileName = params.fileName!;
        if (!isUpdatePlatform(platform)) return httpError(404, ErrorCodes.NOT_FOUND, 'updates are published for win, linux and mac');
        const channelFile = channelFileOf(platform, fileName);
        if (channelFile) {
          const release = await o.releases.latest(platform, channelFile.channel);
          if (!release) return httpError(404, ErrorCodes.NOT_FOUND, `no agent release is published for ${platform} on channel ${channelFile.channel}`);
          const feed = signedUpdateFeed(release, o.signer);
          return channelFile.signature
            ? sendText(res, req.method, Buffer.from(`${feed.signature}\n`, 'utf8'), 'text/plain; charset=utf-8')
            : sendText(res, req.method, feed.bytes, 'text/yaml; charset=utf-8');
        }
        // `….blockmap` (differential download) is not published: electron-updater then downloads the whole file.
        const release = await o.releases.byFileName(platform, fileName);
        if (!release) return httpError(404, ErrorCodes.NOT_FOUND, `no agent release file ${fileName} for ${platform}`);
        return serveArtifact(req, res, o.repository, release, o.onError);
      },
    },
  ];
}
