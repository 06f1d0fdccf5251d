/**
 * The software repository: installers stored content-addressed at `<dataDir>/repository/<aa>/<sha256>`. An upload is
 * streamed to a temp file under the same directory while it is hashed, checked (length, expected SHA-256), synced,
 * and only then renamed into place and recorded — so a broken or wrong upload leaves nothing behind, and a stored file
 * is always complete. Uploading the same content twice is the same artifact. The record and the upload's audit entry
 * commit together; if they cannot, the file this upload put in place is removed again. Knows files, not HTTP.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import { silentLogger, type Logger } from '../../shared/logger';
import {
  ArtifactFileNameMaxLength,
  ArtifactFileNamePattern,
  type ArtifactRecord,
  type UploadProgress,
} from '../../shared/repository';
import type { Database } from '../store/schema';
import type { AuditActor, AuditRecorder } from './auditLog';
import type { Clock } from './clock';

export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

export interface RepositoryOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** Files go under `<dataDir>/repository`. */
  dataDir: string;
  /** Largest installer accepted. @default 2 GiB */
  maxUploadBytes?: number;
  /** A progress line is logged each time this many more bytes of an upload arrived. @default 64 MiB */
  progressLogBytes?: number;
  logger?: Logger;
  /** Where uploads that name their uploader's actor (`UploadInput.by`) are recorded, with their record. @default none */
  audit?: AuditRecorder;
}

export interface UploadInput {
  fileName: string;
  /** @default 'application/octet-stream' */
  contentType?: string;
  /** The declared length (Content-Length): the body must be exactly this long. */
  sizeBytes: number;
  /** When given, the upload is kept only if its SHA-256 is this. */
  expectedSha256?: string;
  /** Who uploads (the principal's id). */
  uploadedBy: string | null;
  /** Audits the upload as `artifact.upload` by this actor, in the record's transaction. @default not audited here */
  by?: AuditActor;
}

interface UploadState {
  id: string;
  fileName: string;
  received: number;
  total: number;
  startedAt: number;
  uploadedBy: string | null;
  nextLogAt: number;
}

const SHA256 = /^[0-9a-f]{64}$/;
const CONTENT_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}$/;
/** Leftovers of uploads cut off by a crash are swept at start once this old (another process may be mid-upload). */
const STALE_PART_MS = 24 * 3600_000;

function toRecord(row: Database['artifacts']): ArtifactRecord {
  return {
    sha256: row.sha256,
    sizeBytes: Number(row.size),
    fileName: row.file_name,
    contentType: row.content_type,
    uploadedAt: new Date(Number(row.uploaded_at)).toISOString(),
    uploadedBy: row.uploaded_by,
  };
}

export class RepositoryService {
  readonly root: string;
  readonly maxUploadBytes: number;
  private readonly incoming: string;
  private readonly uploads = new Map<string, UploadState>();
  private readonly logger: Logger;
  private receivedTotal = 0;

  constructor(private readonly options: RepositoryOptions) {
    this.root = path.join(options.dataDir, 'repository');
    this.incoming = path.join(this.root, '.incoming');
    this.maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    this.logger = options.logger ?? silentLogger;
  }

  /** Creates the directories and sweeps temp files that a crash left behind. */
  async init(): Promise<void> {
    await fsp.mkdir(this.incoming, { recursive: true });
    const now = this.options.clock.now();
    for (const name of await fsp.readdir(this.incoming)) {
      const file = path.join(this.incoming, name);
      const st = await fsp.stat(file).catch(() => null);
      if (st && now - st.mtimeMs > STALE_PART_MS) await fsp.rm(file, { force: true });
    }
  }

  /** Where an artifact's bytes live. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Checks what an upload declares before a byte of it is read. */
  checkUpload(input: UploadInput): void {
    if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes < 1) {
      throw new PasangError(ErrorCodes.BAD_REQUEST, 'an installer must be at least 1 byte long');
    }
    if (input.sizeBytes > this.maxUploadBytes) {
      throw new PasangError(
        ErrorCodes.PAYLOAD_TOO_LARGE,
        `installers are limited to ${this.maxUploadBytes} bytes; this one is ${input.sizeBytes}`,
      );
    }
    if (input.fileName.length > ArtifactFileNameMaxLength || !ArtifactFileNamePattern.test(input.fileName)) {
      throw new PasangError(
        ErrorCodes.BAD_REQUEST,
        'fileName must start with a letter or digit and hold only letters, digits, spaces and . _ ( ) + -',
      );
    }
    if (input.contentType !== undefined && !CONTENT_TYPE.test(input.contentType)) {
      throw new PasangError(ErrorCodes.BAD_REQUEST, 'content type must be a plain type/subtype');
    }
    if (input.expectedSha256 !== undefined && !SHA256.test(input.expectedSha256)) {
      throw new PasangError(ErrorCodes.BAD_REQUEST, 'the expected SHA-256 must be 64 lowercase hex digits');
    }
  }

  /**
   * Streams `body` into the repository. Resolves with the record and whether it is new; rejects with BAD_REQUEST
   * (broken off, wrong length), CHECKSUM_MISMATCH or PAYLOAD_TOO_LARGE, in which case nothing was kept.
   */
  async store(
    body: AsyncIterable<Uint8Array>,
    input: UploadInput,
  ): Promise<{ artifact: ArtifactRecord; created: boolean }> {
    this.checkUpload(input);
    const id = randomUUID();
    const state: UploadState = {
      id,
      fileName: input.fileName,
      received: 0,
      total: input.sizeBytes,
      startedAt: this.options.clock.now(),
      uploadedBy: input.uploadedBy,
      nextLogAt: this.options.progressLogBytes ?? 64 * 1024 ** 2,
    };
    this.uploads.set(id, state);
    this.logger.info('upload started', {
      id,
      fileName: input.fileName,
      sizeBytes: input.sizeBytes,
      by: input.uploadedBy,
    });
    const tmp = path.join(this.incoming, `${id}.part`);
    try {
      await fsp.mkdir(this.incoming, { recursive: true });
      const sha256 = await this.receive(body, tmp, state, input);
      const created = await this.place(tmp, sha256, input);
      const row = await this.options.db
        .selectFrom('artifacts')
        .selectAll()
        .where('sha256', '=', sha256)
        .executeTakeFirstOrThrow();
      this.logger.info('upload stored', {
        id,
        sha256,
        sizeBytes: state.received,
        created,
        ms: this.options.clock.now() - state.startedAt,
      });
      return { artifact: toRecord(row), created };
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      this.logger.warn('upload refused', {
        id,
        fileName: input.fileName,
        receivedBytes: state.received,
        err: err instanceof Error ? err.message : String(err),
      });
      throw err;
    } finally {
      this.uploads.delete(id);
    }
  }

  /** Writes the body to `tmp`, hashing as it goes; returns the SHA-256 once length and expected hash are right. */
  private async receive(
    body: AsyncIterable<Uint8Array>,
    tmp: string,
    state: UploadState,
    input: UploadInput,
  ): Promise<string> {
    const fh = await fsp.open(tmp, 'wx', 0o600);
    try {
      const hash = createHash('sha256');
      const it = body[Symbol.asyncIterator]();
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await it.next();
        } catch (err) {
          throw new PasangError(
            ErrorCodes.BAD_REQUEST,
            `the upload broke off after ${state.received} of ${state.total} bytes`,
            { cause: err },
          );
        }
        if (next.done) break;
        const chunk = next.value;
        if (state.received + chunk.byteLength > input.sizeBytes) {
          throw new PasangError(
            ErrorCodes.BAD_REQUEST,
            `the body is longer than its declared ${input.sizeBytes} bytes`,
          );
        }
        hash.update(chunk);
        // Awaiting each write is the backpressure: the next chunk is not pulled until this one is on disk.
        for (let off = 0; off < chunk.byteLength;) {
          const { bytesWritten } = await fh.write(chunk, off, chunk.byteLength - off);
          off += bytesWritten;
        }
        state.received += chunk.byteLength;
        this.receivedTotal += chunk.byteLength;
        if (state.received >= state.nextLogAt) {
          state.nextLogAt += this.options.progressLogBytes ?? 64 * 1024 ** 2;
          this.logger.info('upload progress', {
            id: state.id,
            receivedBytes: state.received,
            totalBytes: state.total,
            percent: Math.floor((state.received / state.total) * 100),
          });
        }
      }
      if (state.received !== input.sizeBytes) {
        throw new PasangError(
          ErrorCodes.BAD_REQUEST,
          `the upload ended after ${state.received} of ${input.sizeBytes} bytes`,
        );
      }
      const sha256 = hash.digest('hex');
      if (input.expectedSha256 !== undefined && sha256 !== input.expectedSha256) {
        throw new PasangError(
          ErrorCodes.CHECKSUM_MISMATCH,
          `the upload's SHA-256 is ${sha256}, not the expected ${input.expectedSha256}; nothing was kept`,
        );
      }
      // On disk before it is renamed and recorded: a crash after the record must not leave a truncated installer.
      await fh.sync();
      return sha256;
    } finally {
      await fh.close();
    }
  }

  /** Moves the verified temp file into place (or drops it when the same content is there) and records it. */
  private async place(tmp: string, sha256: string, input: UploadInput): Promise<boolean> {
    const final = this.pathOf(sha256);
    await fsp.mkdir(path.dirname(final), { recursive: true });
    const exists = await fsp.stat(final).then(
      (st) => st.size === input.sizeBytes,
      () => false,
    );
    if (exists) await fsp.rm(tmp, { force: true });
    else {
      await fsp.rename(tmp, final);
      await syncDir(path.dirname(final));
    }
    try {
      return await this.options.db.transaction().execute(async (trx) => {
        const r = await trx
          .insertInto('artifacts')
          .values({
            sha256,
            size: input.sizeBytes,
            file_name: input.fileName,
            content_type: input.contentType ?? 'application/octet-stream',
            uploaded_at: this.options.clock.now(),
            uploaded_by: input.uploadedBy,
          })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .executeTakeFirst();
        const created = Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
        if (input.by && this.options.audit) {
          const row = await trx.selectFrom('artifacts').select('file_name').where('sha256', '=', sha256).executeTakeFirstOrThrow();
          await this.options.audit.append(
            { ...input.by, action: 'artifact.upload', target: `artifact:${sha256}`, data: { fileName: row.file_name, sizeBytes: input.sizeBytes, created } },
            trx,
          );
        }
        return created;
      });
    } catch (err) {
      // Nothing was recorded: the file this upload put in place goes too, unless another upload of the same bytes
      // recorded it meanwhile (then it is that upload's file now).
      if (!exists && !(await this.get(sha256))) await fsp.rm(final, { force: true });
      throw err;
    }
  }

  async get(sha256: string): Promise<ArtifactRecord | null> {
    if (!SHA256.test(sha256)) return null;
    const row = await this.options.db
      .selectFrom('artifacts')
      .selectAll()
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** The sizes of those of `sha256s` that are in the repository. */
  async sizes(sha256s: readonly string[]): Promise<Map<string, number>> {
    const wanted = [...new Set(sha256s)].filter((s) => SHA256.test(s));
    if (wanted.length === 0) return new Map();
    const rows = await this.options.db
      .selectFrom('artifacts')
      .select(['sha256', 'size'])
      .where('sha256', 'in', wanted)
      .execute();
    return new Map(rows.map((r) => [r.sha256, Number(r.size)]));
  }

  async list(options: { limit: number; offset: number }): Promise<{ total: number; items: ArtifactRecord[] }> {
    const total = await this.options.db
      .selectFrom('artifacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const rows = await this.options.db
      .selectFrom('artifacts')
      .selectAll()
      .orderBy('uploaded_at', 'desc')
      .orderBy('sha256')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
    return { total: Number(total?.n ?? 0), items: rows.map(toRecord) };
  }

  /** The artifact's bytes from `start` to `end` inclusive (the whole file without them). */
  createReadStream(sha256: string, range?: { start: number; end: number }): Readable {
    return fs.createReadStream(this.pathOf(sha256), range ?? {});
  }

  /** The size of the stored file, or null when it is missing from disk (the record outlived it). */
  async fileSize(sha256: string): Promise<number | null> {
    const st = await fsp.stat(this.pathOf(sha256)).catch(() => null);
    return st?.isFile() ? st.size : null;
  }

  /** Uploads being received now, oldest first. */
  inProgress(): UploadProgress[] {
    return [...this.uploads.values()].map((u) => ({
      id: u.id,
      fileName: u.fileName,
      receivedBytes: u.received,
      totalBytes: u.total,
      startedAt: new Date(u.startedAt).toISOString(),
      uploadedBy: u.uploadedBy,
    }));
  }

  /** Bytes of installers received since start (for /metrics). */
  get bytesReceived(): number {
    return this.receivedTotal;
  }
}

/** Makes a rename durable. Directories cannot be opened for sync on Windows: there the rename is as durable as NTFS makes it. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
