/**
 * `pasang-server enroll-token create|list|revoke`: the enrollment tokens, on the store directly. `create` prints the
 * token alone (for scripts); `list` never shows a token, only its id and first characters; each change commits with
 * its audit entry (EnrollmentService). Exit 0 when done, 1 when the token is unknown, 2 for bad arguments.
 */
import { parseArgs } from 'node:util';
import { parseDuration } from '../../shared/duration';
import { isPasangError } from '../../shared/errors';
import type { EnrollTokenView } from '../../shared/enrollTokensApi';
import { AuditLog } from '../domain/auditLog';
import { systemClock, type Clock } from '../domain/clock';
import { EnrollmentService } from '../domain/enrollment';
import type { OpenedDatabase } from '../store/openDatabase';
import { cliActor, storeOptions, withStore } from './adminCommands';
import type { CliIo } from './serverCli';

export const ENROLL_TOKEN_USAGE = [
  'pasang-server enroll-token create [--uses N|unlimited] [--expires 7d|never] [--note TEXT] [--data-dir DIR] [--db URL]   # prints the token alone',
  'pasang-server enroll-token list [--active|--inactive] [--limit 50] [--offset 0] [--data-dir DIR] [--db URL]            # never the token: its id and first characters',
  'pasang-server enroll-token revoke TOKEN_ID [--data-dir DIR] [--db URL]                                                  # no PC enrolls with it from then on',
].join('\n  ');

class UsageError extends Error {}

function service(s: OpenedDatabase, clock: Clock): EnrollmentService {
  return new EnrollmentService(s.db, clock, new AuditLog({ db: s.db, dialect: s.dialect, clock }));
}

function wholeNumber(value: string, name: string, min: number, max: number): number {
  if (!/^\d{1,16}$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return Number(value);
}

/** Runs the command if it is an `enroll-token` one; null when it is not (the caller tries its others). */
export async function runEnrollTokenCommand(argv: string[], io: CliIo, options: { clock?: Clock } = {}): Promise<number | null> {
  const [command, sub, ...rest] = argv;
  if (command !== 'enroll-token') return null;
  const clock = options.clock ?? systemClock;
  try {
    if (sub === 'create') return await create(rest, io, clock);
    if (sub === 'list') return await list(rest, io, clock);
    if (sub === 'revoke') return await revoke(rest, io, clock);
    throw new UsageError(sub ? `unknown command "enroll-token ${sub}"` : 'enroll-token needs create, list or revoke');
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`pasang-server: ${(err as Error).message}\nusage:\n  ${ENROLL_TOKEN_USAGE}`);
      return 2;
    }
    const cause = (err as Error).cause;
    io.err(`pasang-server: ${(err as Error).message}${cause && !isPasangError(err) ? ` (${String(cause)})` : ''}`);
    return 1;
  }
}

async function create(args: string[], io: CliIo, clock: Clock): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { uses: { type: 'string', default: '1' }, expires: { type: 'string', default: '7d' }, note: { type: 'string' }, ...storeOptions },
    strict: true,
    allowPositionals: false,
  });
  const uses = values.uses === 'unlimited' ? null : wholeNumber(values.uses, 'uses', 1, 1_000_000);
  const expiresInMs = values.expires === 'never' ? null : parseDuration(values.expires);
  if (expiresInMs === null && values.expires !== 'never') {
    throw new UsageError(`--expires takes a duration such as 30m, 12h, 7d, 2w, or never; not "${values.expires}"`);
  }
  if (values.note !== undefined && values.note.length > 256) throw new UsageError('--note is at most 256 characters');
  const token = await withStore(values, (s) => service(s, clock).createToken({ uses, expiresInMs, ...(values.note ? { note: values.note } : {}) }, cliActor()));
  io.out(token.token);
  return 0;
}

const day = (iso: string | null, none: string) => (iso === null ? none : `${iso.slice(0, 16).replace('T', ' ')}Z`);

function actorText(a: EnrollTokenView['createdBy']): string {
  if (!a) return '-';
  return a.name ? `${a.kind}:${a.name}` : `${a.kind}${a.id ? `:${a.id}` : ''}`;
}

async function list(args: string[], io: CliIo, clock: Clock): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { active: { type: 'boolean' }, inactive: { type: 'boolean' }, limit: { type: 'string', default: '50' }, offset: { type: 'string', default: '0' }, ...storeOptions },
    strict: true,
    allowPositionals: false,
  });
  if (values.active && values.inactive) throw new UsageError('--active and --inactive exclude each other');
  const limit = wholeNumber(values.limit, 'limit', 1, 500);
  const offset = wholeNumber(values.offset, 'offset', 0, 1e9);
  const r = await withStore(values, (s) =>
    service(s, clock).list({ limit, offset, ...(values.active ? { active: true } : values.inactive ? { active: false } : {}) }),
  );
  const header = ['ID', 'PREFIX', 'STATE', 'USES', 'EXPIRES', 'LAST USED', 'CREATED', 'CREATED BY', 'NOTE'];
  const rows = r.items.map((t) => [
    t.id,
    t.prefix ? `${t.prefix}…` : '-',
    t.state,
    `${t.uses}/${t.usesAllowed ?? '∞'}`,
    day(t.expiresAt, 'never'),
    day(t.lastUsedAt, '-'),
    day(t.createdAt, '-'),
    actorText(t.createdBy),
    t.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const line of [header, ...rows]) io.out(line.map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  io.out(r.items.length === 0 ? `no tokens (of ${r.total})` : `${offset + 1}-${offset + r.items.length} of ${r.total}`);
  return 0;
}

async function revoke(args: string[], io: CliIo, clock: Clock): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: storeOptions, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('enroll-token revoke takes exactly one token id (from enroll-token list)');
  const id = positionals[0]!;
  const r = await withStore(values, (s) => service(s, clock).revokeToken(id, cliActor()));
  if (!r) {
    io.err(`pasang-server: no enrollment token with id ${id}`);
    return 1;
  }
  io.out(r.changed ? `revoked ${id}` : `${id} was already revoked at ${r.token.revokedAt}`);
  return 0;
}
