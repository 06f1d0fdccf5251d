/**
 * The agent app's releases: an admin publishes a built installer (NSIS .exe, .deb or AppImage, macOS .zip) for one
 * platform and update channel; the file goes into the software repository (content-addressed, RepositoryService), its
 * SHA-512 (base64, what electron-updater checks) and size are recorded, and the channel's feed then offers the newest.
 * A platform's channel only moves forward: publishing a version not newer than its newest is refused, so no PC is ever
 * offered a downgrade. Knows files and rows, not HTTP.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import {
  DEFAULT_UPDATE_CHANNEL,
  UpdateChannelPattern,
  UpdateFileExtensions,
  UpdateFileNamePattern,
  isUpdatePlatform,
  type AgentReleaseRecord,
  type UpdatePlatform,
} from '../../shared/updates/agentUpdates';
import { compareSemVer, parseSemVer } from '../../shared/updates/semver';
import type { AgentReleasesTable } from '../store/agentReleaseTables';
import type { Database } from '../store/schema';
import type { AuditEntryInput, AuditRecorder } from './auditLog';
import type { Clock } from './clock';
import type { RepositoryService } from './repository';

export interface AgentReleaseServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  repository: RepositoryService;
  audit: AuditRecorder;
}

export interface PublishInput {
  body: AsyncIterable<Uint8Array>;
  sizeBytes: number;
  fileName: string;
  version: string;
  platform: string;
  /** @default 'latest' */
  channel?: string;
  /** Who publishes, for the record and the audit log. */
  by: Pick<AuditEntryInput, 'actorKind' | 'actorId' | 'source'>;
}

function toRecord(row: AgentReleasesTable): AgentReleaseRecord {
  return {
    platform: row.platform as UpdatePlatform,
    channel: row.channel,
    version: row.version,
    fileName: row.file_name,
    sha512: row.sha512,
    sha256: row.artifact_sha256,
    sizeBytes: Number(row.size),
    publishedAt: new Date(Number(row.published_at)).toISOString(),
    publishedBy: row.published_by,
  };
}

/** The newest of `rows` by semantic version (every stored version parsed when it was published). */
function newest(rows: AgentReleasesTable[]): AgentReleasesTable | null {
  let best: AgentReleasesTable | null = null;
  for (const row of rows) {
    if (!best || compareSemVer(parseSemVer(row.version)!, parseSemVer(best.version)!) > 0) best = row;
  }
  return best;
}

const bad = (message: string) => new PasangError(ErrorCodes.BAD_REQUEST, message);

export class AgentReleaseService {
  constructor(private readonly o: AgentReleaseServiceOptions) {}

  /** Checks what a publish declares before a byte of the file is read. */
  checkPublish(input: Omit<PublishInput, 'body' | 'by'>): { platform: UpdatePlatform; channel: string } {
    const { platform, fileName, version } = input;
    const channel = input.channel ?? DEFAULT_UPDATE_CHANNEL;
    if (!isUpdatePlatform(platform)) throw bad(`platform must be win, linux or mac, not "${platform}"`);
    if (!UpdateChannelPattern.test(channel)) throw bad(`channel must be a lowercase letter then up to 31 letters or digits, not "${channel}"`);
    if (!parseSemVer(version)) throw bad(`version must be a semantic version such as 1.2.3 or 1.3.0-rc.1, not "${version}"`);
    if (!UpdateFileNamePattern.test(fileName)) {
      throw bad(`the file name "${fileName}" must start with a letter or digit and hold only letters, digits and . _ - (at most 128)`);
    }
    const extensions = UpdateFileExtensions[platform];
    if (!extensions.some((ext) => fileName.endsWith(ext))) {
      throw bad(`a ${platform} update is a ${extensions.join(' or ')} file (what electron-updater installs there), not "${fileName}"`);
    }
    return { platform, channel };
  }

  /** Stores the file and records the release; refuses a version that is not newer than the channel's newest. */
  async publish(input: PublishInput): Promise<AgentReleaseRecord> {
    const { platform, channel } = this.checkPublish(input);
    const current = await this.latest(platform, channel);
    if (current && compareSemVer(parseSemVer(input.version)!, parseSemVer(current.version)!) <= 0) {
      throw new PasangError(
        ErrorCodes.CONFLICT,
        `${platform} (${channel}) already offers ${current.version}; ${input.version} is not newer, and agents never downgrade`,
      );
    }
    const { artifact } = await this.o.repository.store(input.body, {
      fileName: input.fileName,
      sizeBytes: input.sizeBytes,
      uploadedBy: input.by.actorId,
    });
    const hash = createHash('sha512');
    for await (const chunk of this.o.repository.createReadStream(artifact.sha256)) hash.update(chunk as Buffer);
    const sha512 = hash.digest('base64');
    const clash = await this.o.db
      .selectFrom('agent_releases')
      .select(['version', 'channel'])
      .where('platform', '=', platform)
      .where('file_name', '=', input.fileName)
      .where('sha512', '!=', sha512)
      .executeTakeFirst();
    if (clash) {
      throw new PasangError(
        ErrorCodes.CONFLICT,
        `${input.fileName} is already the file of ${platform} ${clash.version} (${clash.channel}) with other content: a file name under /updates/${platform}/ names one file`,
      );
    }
    const row: AgentReleasesTable = {
      platform,
      channel,
      version: input.version,
      file_name: input.fileName,
      sha512,
      artifact_sha256: artifact.sha256,
      size: artifact.sizeBytes,
      published_at: this.o.clock.now(),
      published_by: input.by.actorId,
    };
    await this.o.db.transaction().execute(async (trx) => {
      await trx.insertInto('agent_releases').values(row).execute();
      await this.o.audit.append(
        {
          ...input.by,
          action: 'agent_release.publish',
          target: `agent_release:${platform}/${channel}/${input.version}`,
          data: { fileName: input.fileName, sizeBytes: artifact.sizeBytes, sha256: artifact.sha256 },
        },
        trx,
      );
    });
    return toRecord(row);
  }

  /** The newest release of a platform's channel, or null before the first. */
  async latest(platform: UpdatePlatform, channel: string = DEFAULT_UPDATE_CHANNEL): Promise<AgentReleaseRecord | null> {
    const rows = await this.o.db
      .selectFrom('agent_releases')
      .selectAll()
      .where('platform', '=', platform)
      .where('channel', '=', channel)
      .execute();
    const row = newest(rows);
    return row ? toRecord(row) : null;
  }

  /** The release whose file is `fileName` under /updates/<platform>/ (any channel: one name names one file). */
  async byFileName(platform: UpdatePlatform, fileName: string): Promise<AgentReleaseRecord | null> {
    const row = await this.o.db
      .selectFrom('agent_releases')
      .selectAll()
      .where('platform', '=', platform)
      .where('file_name', '=', fileName)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** Every release, newest first per platform and channel. */
  async list(): Promise<AgentReleaseRecord[]> {
    const rows = await this.o.db.selectFrom('agent_releases').selectAll().execute();
    return rows
      .sort(
        (a, b) =>
          a.platform.localeCompare(b.platform) ||
          a.channel.localeCompare(b.channel) ||
          compareSemVer(parseSemVer(b.version)!, parseSemVer(a.version)!),
      )
      .map(toRecord);
  }
}
