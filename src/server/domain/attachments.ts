/**
 * Attachments of requests — the signed Nota Dinas — stored content-addressed at `<dataDir>/attachments/<aa>/<sha256>`
 * as the software repository stores installers, but small and checked by content: the whole file (10 MiB at most) is
 * read into memory, checked to be a PDF (see checkPdfBytes.ts), written to a temp file, synced and renamed into
 * place, and only then recorded. A refused upload leaves nothing behind. Each upload is its own record (with its own
 * file name and uploader); identical bytes share one file. Knows files and rows, not HTTP.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { AttachmentKind, AttachmentRecord } from '../../shared/attachments';
import type { Database } from '../store/schema';
import type { Clock } from './clock';
import { checkPdfBytes } from './checkPdfBytes';
import { newId } from './secrets';

export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface AttachmentServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** Files go under `<dataDir>/attachments`. */
  dataDir: string;
  /** Largest attachment accepted. @default 10 MiB */
  maxBytes?: number;
  /** Record ids. @default random UUIDs */
  newId?: () => string;
}

export interface StorePdfInput {
  fileName: string;
  /** The file, whole… */
  bytes?: Uint8Array;
  /** …or streamed (read up to the size limit, then refused). */
  stream?: AsyncIterable<Uint8Array>;
  /** The principal that uploads it (user, API token or agent id). */
  uploadedBy: string | null;
  /** @default 'nota_dinas' */
  kind?: AttachmentKind;
}

const SHA256 = /^[0-9a-f]{64}$/;
const ID = /^[A-Za-z0-9_.-]{1,128}$/;
const MAX_NAME = 120;

/**
 * A file name safe to store and to put in a Content-Disposition header: the last path segment, accents dropped,
 * anything but letters, digits, spaces and . _ ( ) + - replaced by "_", at most 120 characters, ending in ".pdf".
 */
export function sanitizePdfFileName(raw: string): string {
  const last = (raw.split(/[/\\]/).pop() ?? '').replace(/\.pdf$/i, '');
  let name = last
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9 ._()+-]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/_+/g, '_')
    .trim()
    .replace(/^[^A-Za-z0-9]+/, '');
  if (name.replace(/[_ .-]/g, '').length === 0) name = 'nota-dinas';
  return `${name.slice(0, MAX_NAME - 4).trimEnd()}.pdf`;
}

export class AttachmentService {
  readonly root: string;
  readonly maxBytes: number;
  private readonly incoming: string;
  private readonly newId: () => string;

  constructor(private readonly options: AttachmentServiceOptions) {
    this.root = path.join(options.dataDir, 'attachments');
    this.incoming = path.join(this.root, '.incoming');
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
    this.newId = options.newId ?? newId;
  }

  /** Creates the directories and removes temp files a crash left behind (attachments are written in one go). */
  async init(): Promise<void> {
    await fsp.mkdir(this.incoming, { recursive: true });
    for (const name of await fsp.readdir(this.incoming)) await fsp.rm(path.join(this.incoming, name), { force: true });
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Refuses a declared size before any byte is read (PAYLOAD_TOO_LARGE, or BAD_REQUEST for an empty body). */
  checkSize(sizeBytes: number): void {
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 1) throw new PasangError(ErrorCodes.BAD_REQUEST, 'the attachment is empty');
    if (sizeBytes > this.maxBytes) {
      throw new PasangError(ErrorCodes.PAYLOAD_TOO_LARGE, `attachments are limited to ${this.maxBytes} bytes; this one is ${sizeBytes}`);
    }
  }

  /**
   * Stores a PDF. Rejects with ATTACHMENT_INVALID (not a PDF by content, with the reason), PAYLOAD_TOO_LARGE or
   * BAD_REQUEST (empty, broken off); nothing is kept then.
   */
  async storePdf(input: StorePdfInput): Promise<{ id: string; sha256: string; size: number; fileName: string }> {
    if ((input.bytes === undefined) === (input.stream === undefined)) throw new Error('storePdf takes bytes or a stream');
    const bytes = input.bytes ?? (await this.readAll(input.stream!));
    this.checkSize(bytes.byteLength);
    checkPdfBytes(bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const fileName = sanitizePdfFileName(input.fileName);
    await this.place(bytes, sha256);
    const id = this.newId();
    await this.options.db
      .insertInto('attachments')
      .values({
        id,
        ticket_id: null,
        kind: input.kind ?? 'nota_dinas',
        sha256,
        size: bytes.byteLength,
        file_name: fileName,
        content_type: 'application/pdf',
        uploaded_by: input.uploadedBy,
        uploaded_at: this.options.clock.now(),
      })
      .execute();
    return { id, sha256, size: bytes.byteLength, fileName };
  }

  async meta(id: string): Promise<AttachmentRecord | null> {
    if (!ID.test(id)) return null;
    const row = await this.options.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      kind: row.kind as AttachmentKind,
      ticketId: row.ticket_id,
      sha256: row.sha256,
      size: Number(row.size),
      fileName: row.file_name,
      contentType: row.content_type,
      uploadedBy: row.uploaded_by,
      uploadedAt: new Date(Number(row.uploaded_at)).toISOString(),
    };
  }

  /** The attachment's bytes as a stream with its record; null when unknown or its file is missing. */
  async get(id: string): Promise<{ meta: AttachmentRecord; stream: Readable } | null> {
    const meta = await this.meta(id);
    if (!meta) return null;
    const st = await fsp.stat(this.pathOf(meta.sha256)).catch(() => null);
    if (!st?.isFile() || st.size !== meta.size) return null;
    return { meta, stream: fs.createReadStream(this.pathOf(meta.sha256)) };
  }

  /**
   * Links an uploaded attachment to the ticket that cites it, inside the caller's transaction when given one. Only an
   * unlinked attachment can be linked (one Nota Dinas per request); returns false when it is unknown or taken.
   */
  async link(id: string, ticketId: string, db: Kysely<Database> = this.options.db): Promise<boolean> {
    const r = await db.updateTable('attachments').set({ ticket_id: ticketId }).where('id', '=', id).where('ticket_id', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  private async readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of stream) {
        size += chunk.byteLength;
        if (size > this.maxBytes) throw new PasangError(ErrorCodes.PAYLOAD_TOO_LARGE, `attachments are limited to ${this.maxBytes} bytes`);
        chunks.push(chunk);
      }
    } catch (err) {
      if (err instanceof PasangError) throw err;
      throw new PasangError(ErrorCodes.BAD_REQUEST, `the upload broke off after ${size} bytes`, { cause: err });
    }
    return Buffer.concat(chunks);
  }

  /** Writes the file once per content: temp file, fsync, rename, fsync of the directory. */
  private async place(bytes: Uint8Array, sha256: string): Promise<void> {
    const final = this.pathOf(sha256);
    const existing = await fsp.stat(final).catch(() => null);
    if (existing?.isFile() && existing.size === bytes.byteLength) return;
    await fsp.mkdir(this.incoming, { recursive: true });
    await fsp.mkdir(path.dirname(final), { recursive: true });
    const tmp = path.join(this.incoming, `${randomUUID()}.part`);
    try {
      const fh = await fsp.open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fsp.rename(tmp, final);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
    await syncDir(path.dirname(final));
  }
}

/**
 * Makes the rename durable. Same as the repository's (private there); directories cannot be opened for sync on
 * Windows, where the rename is as durable as NTFS makes it.
 */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
