/** Table types and migration of install jobs: one batch per push (signed once), one job per PC. */
import { sql, type ColumnType, type Kysely, type Migration } from 'kysely';

/** A column an insert may leave out (NULL or its default). */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface JobBatchesTable {
  id: string;
  action: string;
  item_id: string;
  /** The signed batch exactly as signed (canonical JSON), resent verbatim with every job. */
  batch_json: string;
  signature: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  count: number;
  /**
   * 0 while the batch's job rows are not written yet (a push sends first, see JobService.createBatch); its PCs are
   * then in `agent_ids` (JSON, leaf order), from which a restart writes them.
   */
  jobs_stored: Defaulted<number>;
  agent_ids: Defaulted<string | null>;
}

export interface JobsTable {
  id: string;
  batch_id: string;
  agent_id: string;
  /** This job's leaf in its batch's Merkle tree (proofs are rebuilt from the batch's leaves, not stored: ~1 KB each). */
  leaf_index: number;
  state: string;
  /** Set once the agent acknowledged the command. */
  delivered_at: Defaulted<number | null>;
  cancel_requested: Defaulted<number>;
  progress_bytes: Defaulted<number | null>;
  progress_total: Defaulted<number | null>;
  message: Defaulted<string | null>;
  exit_code: Defaulted<number | null>;
  error_code: Defaulted<string | null>;
  reboot_required: Defaulted<number>;
  already_installed: Defaulted<number>;
  output_tail: Defaulted<string | null>;
  detected_version: Defaulted<string | null>;
  created_at: number;
  updated_at: number;
  finished_at: Defaulted<number | null>;
}

export interface JobDatabase {
  job_batches: JobBatchesTable;
  jobs: JobsTable;
}

export function jobsMigration(bigint: 'bigint' | 'integer'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('job_batches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('batch_json', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('expires_at', bigint, (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('batch_id', 'text', (c) => c.notNull().references('job_batches.id'))
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
        .addColumn('leaf_index', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('delivered_at', bigint)
        .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('progress_bytes', bigint)
        .addColumn('progress_total', bigint)
        .addColumn('message', 'text')
        .addColumn('exit_code', 'integer')
        .addColumn('error_code', 'text')
        .addColumn('reboot_required', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('already_installed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('output_tail', 'text')
        .addColumn('detected_version', 'text')
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('updated_at', bigint, (c) => c.notNull())
        .addColumn('finished_at', bigint)
        .execute();
      await db.schema.createIndex('jobs_agent_state').on('jobs').columns(['agent_id', 'state']).execute();
      await db.schema.createIndex('jobs_batch').on('jobs').column('batch_id').execute();
    },
  };
}

/** Job rows written after the batch is sent: the batch says whether they are stored, and holds its PCs until they are. */
export function deferredJobRowsMigration(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('job_batches')
        .addColumn('jobs_stored', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable('job_batches').addColumn('agent_ids', 'text').execute();
    },
  };
}

/**
 * `0021_agents_push_index`: the PCs a push resolves — active, by online state, in id order, with the inventory hash
 * the summary cache is keyed by — from one index alone, without reading the agents' rows (each ~1 KB with its
 * summary and latest metrics). Partial: revoked PCs are never pushed to; `revoked_at` (null in every entry) is in it all
 * the same, or SQLite reads each row to check the query's own `revoked_at is null`. Measured on 10,000 online PCs
 * (their ids and hashes, in id order): ~14 → ~9 ms (the rest is making the rows' objects).
 */
export function agentsPushIndexMigration(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createIndex('agents_push')
        .on('agents')
        .columns(['online', 'id', 'inventory_hash', 'revoked_at'])
        .where(sql.ref('revoked_at'), 'is', null)
        .execute();
    },
  };
}

/**
 * `0023_jobs_agent_index`: a PC's jobs are found by `agent_id` alone; `state` leaves the index. Every query that
 * named both reads one PC's few jobs and filters them by state (`state not in (…)` could not narrow the index
 * anyway), while every state change of every job — a push to 10,000 PCs brings 10,000 `delivered` at once — had to
 * delete and insert its index entry. Measured on SQLite, pushes to 10,000 PCs with their acks marked in batches of
 * 500 (`node test/bench/jobRowsWrite.bench.js`): 8.7 → 6.4 and 10.7 → 8.1 CPU-µs per job marked delivered in two
 * runs (0.74×, 0.76×); writing the rows costs the same. On PostgreSQL an update that changes no indexed column can
 * stay on its page (a HOT update).
 */
export function jobsAgentIndexMigration(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema.createIndex('jobs_agent').on('jobs').column('agent_id').execute();
      await db.schema.dropIndex('jobs_agent_state').execute();
    },
  };
}
