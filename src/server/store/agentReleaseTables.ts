/**
 * Migration `0014_agent_releases` and its table type: the agent app's releases, published per platform and update
 * channel; the file itself is an artifact of the software repository (content-addressed by SHA-256), the SHA-512 is
 * what electron-updater checks (and the agent, against the signed feed).
 */
import type { Kysely, Migration } from 'kysely';

export interface AgentReleasesTable {
  /** win | linux | mac */
  platform: string;
  /** electron-updater's channel: `latest` unless published to another. */
  channel: string;
  /** Strict semver; each platform and channel only ever gets newer ones. */
  version: string;
  /** The file's name under /updates/<platform>/ (electron-updater resolves it relative to the feed). */
  file_name: string;
  /** Base64, as electron-builder writes it in latest.yml. */
  sha512: string;
  artifact_sha256: string;
  size: number;
  published_at: number;
  published_by: string | null;
}

export interface AgentReleaseDatabase {
  agent_releases: AgentReleasesTable;
}

export function agentReleasesMigration(bigint: 'bigint' | 'integer'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('agent_releases')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha512', 'text', (c) => c.notNull())
        // No cascade: a published release keeps its file in the repository.
        .addColumn('artifact_sha256', 'text', (c) => c.notNull().references('artifacts.sha256'))
        .addColumn('size', bigint, (c) => c.notNull())
        .addColumn('published_at', bigint, (c) => c.notNull())
        .addColumn('published_by', 'text')
        .addPrimaryKeyConstraint('agent_releases_pk', ['platform', 'channel', 'version'])
        .execute();
      await db.schema.createIndex('agent_releases_file').on('agent_releases').columns(['platform', 'file_name']).execute();
    },
  };
}
