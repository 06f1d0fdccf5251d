/**
 * The agent app's own updates, as electron-updater's *generic provider* reads them: per platform a channel file
 * (`latest.yml` on Windows, `latest-linux.yml`, `latest-mac.yml`: Provider.getChannelFilePrefix in electron-updater)
 * under `/updates/<platform>/`, the release file beside it, and — ours — a detached Ed25519 signature of the channel
 * file's exact bytes (`latest.yml.sig`) by the server's signing key, which every agent pinned at enrollment.
 */
import { Type, type Static } from '@sinclair/typebox';
import { SEMVER_PATTERN } from './semver';

export const UpdatePlatforms = ['win', 'linux', 'mac'] as const;
export type UpdatePlatform = (typeof UpdatePlatforms)[number];

export function isUpdatePlatform(value: unknown): value is UpdatePlatform {
  return typeof value === 'string' && (UpdatePlatforms as readonly string[]).includes(value);
}

/** The update platform of a Node `process.platform`, or null where the agent app is not built. */
export function updatePlatformOf(platform: string): UpdatePlatform | null {
  return platform === 'win32' ? 'win' : platform === 'darwin' ? 'mac' : platform === 'linux' ? 'linux' : null;
}

/** electron-updater's default channel (electron-builder.yml `publish.channel`). */
export const DEFAULT_UPDATE_CHANNEL = 'latest';
export const UpdateChannelPattern = /^[a-z][a-z0-9]{0,31}$/;

/**
 * The channel file's name, as electron-updater names it: `<channel><suffix>.yml`, suffix '' (Windows, for historical
 * reasons), '-mac' or '-linux' (x64: the only Linux build, electron-builder.yml; other arches would add `-<arch>`).
 */
export function updateFeedFileName(platform: UpdatePlatform, channel: string = DEFAULT_UPDATE_CHANNEL): string {
  return `${channel}${platform === 'win' ? '' : platform === 'mac' ? '-mac' : '-linux'}.yml`;
}

/** The detached signature's name: the feed's plus `.sig`. Its body is the base64 Ed25519 signature, one line. */
export function updateSignatureFileName(platform: UpdatePlatform, channel: string = DEFAULT_UPDATE_CHANNEL): string {
  return `${updateFeedFileName(platform, channel)}.sig`;
}

/**
 * What electron-updater can install on each platform: NSIS on Windows (NsisUpdater; not the MSI), the deb (DebUpdater,
 * for the installed service) or an AppImage on Linux, the zip on macOS (MacUpdater, Squirrel.Mac, needs it).
 */
export const UpdateFileExtensions: Record<UpdatePlatform, readonly string[]> = {
  win: ['.exe'],
  linux: ['.deb', '.AppImage'],
  mac: ['.zip'],
};

/** A release file's name: one URL path segment the server's router accepts, no channel-file or signature name. */
export const UpdateFileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** SHA-512 in base64, as electron-builder writes it (64 bytes → 88 characters). */
const Sha512Base64 = Type.String({ pattern: '^[A-Za-z0-9+/]{86}==$' });

/** The channel file (YAML), in the shape electron-builder writes and electron-updater reads (builder-util-runtime UpdateInfo). */
export const UpdateFeedSchema = Type.Object(
  {
    version: Type.String({ pattern: SEMVER_PATTERN, maxLength: 64 }),
    files: Type.Array(
      Type.Object(
        {
          url: Type.String({ pattern: UpdateFileNamePattern.source }),
          sha512: Sha512Base64,
          size: Type.Integer({ minimum: 1 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1 },
    ),
    path: Type.String({ pattern: UpdateFileNamePattern.source }),
    sha512: Sha512Base64,
    releaseDate: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type UpdateFeed = Static<typeof UpdateFeedSchema>;

/** What the agent's update check found, once the feed's signature checked. */
export type UpdateCheckOutcome =
  | {
      status: 'available';
      version: string;
      currentVersion: string;
      /** The generic provider's URL: `<server>/updates/<platform>` (electron-updater's setFeedURL). */
      feedUrl: string;
      fileUrl: string;
      fileName: string;
      /** From the signed feed: the downloaded file must have exactly this SHA-512 (base64) before it is installed. */
      sha512: string;
      sizeBytes: number;
      releaseDate: string;
    }
  | {
      status: 'none';
      /** `same`: the server offers this version; `older`: it offers an older one (never installed); `unpublished`: no release yet. */
      reason: 'same' | 'older' | 'unpublished';
      currentVersion: string;
      offeredVersion: string | null;
    };

/** A published release, as the CLI prints it. */
export interface AgentReleaseRecord {
  platform: UpdatePlatform;
  channel: string;
  version: string;
  fileName: string;
  sha512: string;
  /** The repository stores files by SHA-256 (`repository/<aa>/<sha256>`). */
  sha256: string;
  sizeBytes: number;
  publishedAt: string;
  publishedBy: string | null;
}
