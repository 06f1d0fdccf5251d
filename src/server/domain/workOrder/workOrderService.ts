/**
 * Work orders (Dokumen Perintah Kerja): their data read from the store, the PDF, the public verification code, and
 * the check of a copy against the original. A work order exists once its ticket is approved (it has a number); its
 * content follows the ticket, so every distinct PDF issued is remembered and an older copy verifies as an earlier
 * version rather than as a forgery. Who may download is the caller's business (the routes check the principal).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import {
  DefaultOfficeHeader,
  type OfficeHeader,
  type WorkOrderCheckResult,
  type WorkOrderData,
  type WorkOrderVersion,
} from '../../../shared/workOrder';
import type { Database } from '../../store/schema';
import type { WorkOrderDatabase } from '../../store/workOrderTables';
import type { Clock } from '../clock';
import { assembleWorkOrder, type PersonSource } from './assembleWorkOrder';
import { renderWorkOrderPdf } from './renderWorkOrderPdf';
import { newVerificationCode, VerificationCodePattern } from './verificationCode';
import { sealWorkOrder, workOrderContentJson } from './workOrderContentHash';
import type { TimeFormatOptions } from './workOrderText';

export interface WorkOrderServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  /**
   * Where people reach this server (the QR code and links lead there), e.g. `https://pasang.bps1700.go.id`; a function
   * when it is only known once the server listens.
   */
  publicBaseUrl: string | (() => string);
  /** The document's header. @default DefaultOfficeHeader (BPS Provinsi Bengkulu, SOP-052/17000/2025) */
  office?: Partial<OfficeHeader>;
  /** How the PDF writes times. @default WIB (Asia/Jakarta) */
  time?: TimeFormatOptions;
  /** @default 192 random bits, base64url */
  newCode?: () => string;
  /** Rendered PDFs kept in memory by content hash (the verification page needs the PDF's hash). @default 32 */
  cacheSize?: number;
}

export interface WorkOrderPdf {
  pdf: Buffer;
  sha256: string;
  fileName: string;
}

export interface WorkOrderPublicView {
  ticketId: string;
  data: WorkOrderData;
  pdf: WorkOrderPdf;
  /** Every PDF issued, oldest first; the current one is among them. */
  versions: WorkOrderVersion[];
}

type Db = Kysely<Database & WorkOrderDatabase>;

export class WorkOrderService {
  private readonly db: Db;
  private readonly office: OfficeHeader;
  private readonly newCode: () => string;
  private readonly cache = new Map<string, WorkOrderPdf>();
  private readonly cacheSize: number;

  constructor(private readonly options: WorkOrderServiceOptions) {
    this.db = options.db.withTables<WorkOrderDatabase>();
    this.office = { ...DefaultOfficeHeader, ...options.office };
    this.newCode = options.newCode ?? newVerificationCode;
    this.cacheSize = options.cacheSize ?? 32;
  }

  /** The work order's data, or null when the ticket does not exist or is not approved yet (no number). */
  async data(ticketId: string): Promise<WorkOrderData | null> {
    const code = await this.code(ticketId);
    if (code === null) return null;
    // One snapshot: a transition committed half-way through these reads must not give a document that never was.
    const src = await this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const ticket = await trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
        if (!ticket) return null;
        const events = await trx.selectFrom('ticket_events').select(['id', 'at', 'action', 'actor_id', 'note']).where('ticket_id', '=', ticketId).execute();
        const steps = await trx
          .selectFrom('ticket_steps')
          .select(['id', 'step', 'started_at', 'ended_at', 'active_ms', 'paused_ms', 'breached_at'])
          .where('ticket_id', '=', ticketId)
          .execute();
        const ids = new Set<string>([ticket.requester_id]);
        if (ticket.technician_id) ids.add(ticket.technician_id);
        for (const e of events) if (e.actor_id) ids.add(e.actor_id);
        const tester = testerId(ticket.test_record);
        if (tester) ids.add(tester);
        const users = await trx.selectFrom('users').select(['id', 'display_name', 'nip', 'qualification']).where('id', 'in', [...ids]).execute();
        const team = ticket.team_id ? await trx.selectFrom('teams').select('name').where('id', '=', ticket.team_id).executeTakeFirst() : undefined;
        const agent = await trx.selectFrom('agents').select('hostname').where('id', '=', ticket.agent_id).executeTakeFirst();
        const nota = ticket.nota_dinas_attachment_id
          ? await trx.selectFrom('attachments').select(['file_name', 'sha256']).where('id', '=', ticket.nota_dinas_attachment_id).executeTakeFirst()
          : undefined;
        const job = ticket.job_id ? await trx.selectFrom('jobs').select('detected_version').where('id', '=', ticket.job_id).executeTakeFirst() : undefined;
        return {
          ticket: {
            ...ticket,
            created_at: Number(ticket.created_at),
          },
          events: events.map((e) => ({ ...e, id: Number(e.id), at: Number(e.at) })),
          steps: steps.map((s) => ({
            id: Number(s.id),
            step: Number(s.step),
            started_at: Number(s.started_at),
            ended_at: s.ended_at === null ? null : Number(s.ended_at),
            active_ms: s.active_ms === null ? null : Number(s.active_ms),
            paused_ms: Number(s.paused_ms),
            breached_at: s.breached_at === null ? null : Number(s.breached_at),
          })),
          people: new Map<string, PersonSource>(users.map((u) => [u.id, u])),
          teamName: team?.name ?? null,
          agentHostname: agent?.hostname ?? null,
          notaDinas: nota ?? null,
          jobDetectedVersion: job?.detected_version ?? null,
        };
      });
    if (!src) return null;
    const content = assembleWorkOrder(src, { office: this.office, verificationUrl: this.urlFor(code) });
    return content ? sealWorkOrder(content) : null;
  }

  /** The work order as a PDF (regenerated identically from the same data); null as for `data`. */
  async pdf(ticketId: string): Promise<WorkOrderPdf | null> {
    const data = await this.data(ticketId);
    return data ? this.issue(data) : null;
  }

  /** The public verification page of the ticket's work order; null as for `data`. */
  async verificationUrl(ticketId: string): Promise<string | null> {
    const code = await this.code(ticketId);
    return code === null ? null : this.urlFor(code);
  }

  /** What the public page shows for a verification code; null when the code is unknown. */
  async byCode(code: string): Promise<WorkOrderPublicView | null> {
    if (!VerificationCodePattern.test(code)) return null;
    const row = await this.db.selectFrom('work_orders').select('ticket_id').where('verification_code', '=', code).executeTakeFirst();
    if (!row) return null;
    const data = await this.data(row.ticket_id);
    if (!data) return null;
    const pdf = await this.issue(data);
    return { ticketId: row.ticket_id, data, pdf, versions: await this.versions(row.ticket_id) };
  }

  /**
   * Whether a copy is the original: `sha256` is the copy's file hash or the content hash printed on it. Null when the
   * code is unknown; BAD_REQUEST when `sha256` is not 64 hex digits.
   */
  async check(code: string, sha256: string): Promise<WorkOrderCheckResult | null> {
    checkSha256(sha256);
    const view = await this.byCode(code);
    return view ? this.compare(view, sha256) : null;
  }

  /** `check` against a view already read (the page has it); BAD_REQUEST when `sha256` is not 64 hex digits. */
  compare(view: WorkOrderPublicView, sha256: string): WorkOrderCheckResult {
    const wanted = checkSha256(sha256);
    const current = { contentSha256: view.data.contentSha256, pdfSha256: view.pdf.sha256 };
    const currentVersion = view.versions.find((v) => v.pdfSha256 === current.pdfSha256) ?? null;
    if (wanted === current.pdfSha256) return { verdict: 'current', sha256: wanted, matched: 'pdf', version: currentVersion, current };
    if (wanted === current.contentSha256) return { verdict: 'current', sha256: wanted, matched: 'content', version: currentVersion, current };
    const older = view.versions.find((v) => v.pdfSha256 === wanted || v.contentSha256 === wanted);
    if (older) {
      const matched = older.pdfSha256 === wanted ? 'pdf' : 'content';
      // The same content rendered by an earlier build of the server is still the current document.
      const verdict = older.contentSha256 === current.contentSha256 ? 'current' : 'superseded';
      return { verdict, sha256: wanted, matched, version: older, current };
    }
    return { verdict: 'mismatch', sha256: wanted, matched: null, version: null, current };
  }

  /** Renders (or takes from the cache) the PDF of `data` and records it as issued. */
  private async issue(data: WorkOrderData): Promise<WorkOrderPdf> {
    let out = this.cache.get(data.contentSha256);
    if (out) {
      this.cache.delete(data.contentSha256); // re-inserted below: the map's order is the LRU order
    } else {
      const pdf = await renderWorkOrderPdf(data, this.options.time ? { time: this.options.time } : {});
      out = { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), fileName: `perintah-kerja-${data.number.replace(/[^A-Za-z0-9]+/g, '-')}.pdf` };
    }
    this.cache.set(data.contentSha256, out);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    await this.db
      .insertInto('work_order_versions')
      .values({
        ticket_id: data.ticketId,
        content_sha256: data.contentSha256,
        pdf_sha256: out.sha256,
        content_json: workOrderContentJson(data),
        created_at: this.options.clock.now(),
      })
      .onConflict((oc) => oc.columns(['ticket_id', 'pdf_sha256']).doNothing())
      .execute();
    return out;
  }

  private async versions(ticketId: string): Promise<WorkOrderVersion[]> {
    const rows = await this.db
      .selectFrom('work_order_versions')
      .select(['content_sha256', 'pdf_sha256', 'created_at'])
      .where('ticket_id', '=', ticketId)
      .orderBy('id')
      .execute();
    return rows.map((r, i) => ({
      version: i + 1,
      contentSha256: r.content_sha256,
      pdfSha256: r.pdf_sha256,
      firstIssuedAt: new Date(Number(r.created_at)).toISOString(),
    }));
  }

  /** The ticket's verification code, made at first use; null when there is no work order (yet). */
  private async code(ticketId: string): Promise<string | null> {
    const existing = await this.db
      .selectFrom('tickets')
      .leftJoin('work_orders', 'work_orders.ticket_id', 'tickets.id')
      .select(['tickets.number', 'work_orders.verification_code'])
      .where('tickets.id', '=', ticketId)
      .executeTakeFirst();
    if (!existing || existing.number === null) return null;
    if (existing.verification_code) return existing.verification_code;
    // Two first requests at once: one insert wins, both read the winner's code.
    await this.db
      .insertInto('work_orders')
      .values({ ticket_id: ticketId, verification_code: this.newCode(), created_at: this.options.clock.now() })
      .onConflict((oc) => oc.column('ticket_id').doNothing())
      .execute();
    const row = await this.db.selectFrom('work_orders').select('verification_code').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    return row.verification_code;
  }

  private urlFor(code: string): string {
    const base = typeof this.options.publicBaseUrl === 'function' ? this.options.publicBaseUrl() : this.options.publicBaseUrl;
    return `${base.replace(/\/+$/, '')}/verify/work-orders/${code}`;
  }
}

/** The SHA-256 lower-cased and trimmed; BAD_REQUEST unless it is 64 hex digits. */
function checkSha256(sha256: string): string {
  const wanted = sha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(wanted)) throw new PasangError(ErrorCodes.BAD_REQUEST, 'a SHA-256 is 64 hexadecimal digits');
  return wanted;
}

/** The technician named in the test record (their name goes on the document). */
function testerId(testRecord: string | null): string | null {
  if (!testRecord) return null;
  try {
    const by = (JSON.parse(testRecord) as { by?: unknown }).by;
    return typeof by === 'string' && by.length > 0 ? by : null;
  } catch {
    return null;
  }
}
