/**
 * `pasang-server`: serve, and the admin commands that work on the store directly (tokens, revocation). Every argument
 * is validated; a bad one prints one clear line and exits 2. Secrets are printed alone on stdout so scripts can
 * capture them.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isRole, Roles } from '../../shared/roles';
import { createLogger } from '../../shared/logger';
import { openDatabase } from '../store/openDatabase';
import { systemClock } from '../domain/clock';
import { ApiTokenService } from '../domain/apiTokens';
import { AgentRegistry } from '../domain/agentRegistry';
import { startServer } from '../main';
import { validateWorkOrderFormat } from '../domain/tickets/workOrderNumber';
import { officeTimeOption } from './officeTimeOption';
import { CATALOG_IMPORT_USAGE, runCatalogImport } from './catalogImport';
import { ADMIN_USAGE, cliActor, runAdminCommand } from './adminCommands';
import { USER_USAGE, runUserCommand } from './userCommands';
import { AGENT_RELEASE_USAGE, runAgentReleaseCommand } from './agentReleaseCommands';
import { OIDC_SERVE_USAGE, oidcServeFlags, oidcSettingsOf } from './oidcServeOptions';
import { ENROLL_TOKEN_USAGE, runEnrollTokenCommand } from './enrollTokenCommands';
import { PeopleService } from '../domain/peopleService';
import { AuditLog } from '../domain/auditLog';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The whole of stdin (passwords for `user` commands). @default process.stdin */
  readStdin?(): Promise<string>;
}

class UsageError extends Error {}

const USAGE = `usage:
  pasang-server serve [--port 7700] [--host 127.0.0.1] [--data-dir ./data] [--db postgres://…]
                      [--tls-cert FILE --tls-key FILE] [--metrics-interval SEC]
                      [--public-url https://host] [--office-code 17000] [--work-order-format '{seq}/{officeCode}/{year}']
                      [--office-time-zone Asia/Jakarta [--office-zone-label WIB]] [--two-person-threshold 50]
                      ${OIDC_SERVE_USAGE}
  ${ENROLL_TOKEN_USAGE}
  pasang-server api-token create --role ${Roles.join('|')} | --user USERNAME [--name TEXT] [--data-dir DIR] [--db URL]
  pasang-server agent revoke AGENT_ID [--data-dir DIR] [--db URL]
  ${CATALOG_IMPORT_USAGE}
  ${ADMIN_USAGE}
  ${USER_USAGE}
  ${AGENT_RELEASE_USAGE}`;

const storeOptions = {
  'data-dir': { type: 'string', default: './data' },
  db: { type: 'string' },
} as const;

function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return Number(value);
}

/** `--public-url`: where people reach the server (the work order's QR code leads there); an http(s) origin and path. */
function publicUrlOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--public-url must be an http(s) URL, not "${value}"`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw new UsageError(`--public-url must be a plain http(s) URL without query, fragment or credentials, not "${value}"`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** The office code and work-order number format (`{seq}/{officeCode}/{year}` by default; see workOrderNumber.ts). */
function ticketOptions(officeCode: string | undefined, format: string | undefined): { officeCode?: string; workOrderFormat?: string } | null {
  if (officeCode === undefined && format === undefined) return null;
  if (officeCode !== undefined && !/^[A-Za-z0-9.-]{1,16}$/.test(officeCode)) {
    throw new UsageError(`--office-code is 1 to 16 letters, digits, dots or dashes, not "${officeCode}"`);
  }
  if (format !== undefined) {
    try {
      validateWorkOrderFormat(format);
    } catch (err) {
      throw new UsageError(`--work-order-format: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { ...(officeCode !== undefined ? { officeCode } : {}), ...(format !== undefined ? { workOrderFormat: format } : {}) };
}

async function withStore<T>(values: { 'data-dir': string; db?: string | undefined }, fn: (s: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const store = await openDatabase({ dataDir: path.resolve(values['data-dir']), ...(values.db ? { url: values.db } : {}) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function runServerCli(argv: string[], io: CliIo): Promise<number> {
  // Keeps the process up until the command has finished. The store's WAL checkpoint worker is unref'd, so an await that
  // only it would settle (its start in openDatabase, its stop at close) let Node exit mid-command with status 0 and no
  // output (seen: `enroll-token create` printing nothing about one time in three).
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  try {
    return await runServerCommand(argv, io);
  } finally {
    clearInterval(keepAlive);
  }
}

async function runServerCommand(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, sub, ...rest] = argv;
    const admin = await runAdminCommand(argv, io);
    if (admin !== null) return admin;
    const enrollTokens = await runEnrollTokenCommand(argv, io);
    if (enrollTokens !== null) return enrollTokens;
    const people = await runUserCommand(argv, io, io.readStdin ? { readStdin: () => io.readStdin!() } : {});
    if (people !== null) return people;
    const releases = await runAgentReleaseCommand(argv, io);
    if (releases !== null) return releases;
    if (command === 'serve') {
      const { values } = parseArgs({
        args: argv.slice(1),
        options: {
          port: { type: 'string', default: '7700' },
          host: { type: 'string', default: '127.0.0.1' },
          'tls-cert': { type: 'string' },
          'tls-key': { type: 'string' },
          'metrics-interval': { type: 'string' },
          'public-url': { type: 'string' },
          'office-code': { type: 'string' },
          'work-order-format': { type: 'string' },
          'office-time-zone': { type: 'string' },
          'office-zone-label': { type: 'string' },
          // SECURITY.md 12: a push to more PCs than this waits for a second person's approval.
          'two-person-threshold': { type: 'string' },
          ...oidcServeFlags,
          ...storeOptions,
        },
        strict: true,
        allowPositionals: false,
      });
      if (!!values['tls-cert'] !== !!values['tls-key']) throw new UsageError('--tls-cert and --tls-key go together');
      const publicBaseUrl = publicUrlOption(values['public-url']);
      const metricsIntervalSec = intOption(values['metrics-interval'], 'metrics-interval', 1, 86400);
      const tickets = ticketOptions(values['office-code'], values['work-order-format']);
      let officeTime;
      try {
        officeTime = officeTimeOption(values['office-time-zone'], values['office-zone-label']);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const twoPersonPushThreshold = intOption(values['two-person-threshold'], 'two-person-threshold', 1, 1_000_000);
      let oidc;
      try {
        oidc = oidcSettingsOf(values);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const server = await startServer({
        port: intOption(values.port, 'port', 0, 65535)!,
        host: values.host,
        dataDir: values['data-dir'],
        ...(values.db ? { db: values.db } : {}),
        ...(values['tls-cert'] ? { tls: { certFile: values['tls-cert'], keyFile: values['tls-key']! } } : {}),
        ...(metricsIntervalSec ? { metricsIntervalSec } : {}),
        ...(publicBaseUrl ? { publicBaseUrl } : {}),
        ...(tickets ? { tickets } : {}),
        ...(officeTime ? { workOrders: { time: officeTime } } : {}),
        ...(twoPersonPushThreshold !== undefined ? { twoPersonPushThreshold } : {}),
        ...(oidc ? { oidc } : {}),
        logger: createLogger('server', { write: (l) => process.stderr.write(l) }),
      });
      io.out(`pasang-server listening on ${server.url}`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      return 0;
    }
    if (command === 'api-token' && sub === 'create') {
      const { values } = parseArgs({
        args: rest,
        options: { role: { type: 'string' }, user: { type: 'string' }, name: { type: 'string' }, ...storeOptions },
        strict: true,
        allowPositionals: false,
      });
      // A person's token acts with that person's roles at each call; its stored role is the least, never used.
      if (values.user !== undefined && values.role !== undefined) throw new UsageError("--role and --user exclude each other: a person's token has the person's roles");
      if (values.user === undefined && (!values.role || !isRole(values.role))) throw new UsageError(`--role must be one of ${Roles.join(', ')}`);
      const role = values.role && isRole(values.role) ? values.role : 'employee';
      const t = await withStore(values, (s) =>
        s.db.transaction().execute(async (trx) => {
          const person = values.user === undefined ? undefined : await new PeopleService({ db: trx, clock: systemClock }).userByUsername(values.user);
          if (values.user !== undefined && !person) throw new UsageError(`--user: no user named "${values.user}"`);
          const created = await new ApiTokenService(trx, systemClock).create(role, values.name, person?.id);
          await new AuditLog({ db: s.db, dialect: s.dialect, clock: systemClock }).append(
            { ...cliActor(), action: 'api_token.create', target: `api_token:${created.id}`, data: { role: person ? null : role, userId: person?.id ?? null, name: values.name ?? null } },
            trx,
          );
          return created;
        }),
      );
      io.out(t.token);
      return 0;
    }
    if (command === 'catalog' && sub === 'import') return await runCatalogImport(rest, io);
    if (command === 'agent' && sub === 'revoke') {
      const { values, positionals } = parseArgs({ args: rest, options: storeOptions, strict: true, allowPositionals: true });
      if (positionals.length !== 1) throw new UsageError('agent revoke takes exactly one agent id');
      const id = positionals[0]!;
      const found = await withStore(values, async (s) => {
        const registry = new AgentRegistry(s.db, systemClock);
        try {
          const agent = await registry.get(id);
          // Audited (agent.revoke) in the revocation's own transaction; revoked already: nothing changes or is recorded.
          if (agent) await registry.revoke(id, { log: new AuditLog({ db: s.db, dialect: s.dialect, clock: systemClock }), by: cliActor() });
          return agent !== null;
        } finally {
          await registry.close();
        }
      });
      if (!found) {
        io.err(`no agent with id ${id}`);
        return 1;
      }
      io.out(`revoked ${id}`);
      return 0;
    }
    throw new UsageError(command ? `unknown command "${[command, sub].filter(Boolean).join(' ')}"` : 'no command given');
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`pasang-server: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    io.err(`pasang-server: ${(err as Error).message}${(err as Error).cause ? ` (${String((err as Error).cause)})` : ''}`);
    return 1;
  }
}
