/**
 * `pasang-server user create`, `user set-password` and `team create`: people made directly in the store, as the first
 * admin must be (there are no default accounts). Passwords come on stdin only — never in argv, where `ps` and shell
 * history would show them. Exit 0 when done, 2 for a wrong argument (one clear line and the usage), 1 when the store
 * fails or the change conflicts with what is there.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { ErrorCodes, isPasangError } from '../../shared/errors';
import { Qualifications } from '../../shared/people/qualifications';
import { Roles, isRole, type Role } from '../../shared/roles';
import { AuditLog } from '../domain/auditLog';
import { systemClock, type Clock } from '../domain/clock';
import { PeopleService } from '../domain/peopleService';
import { openDatabase, type OpenedDatabase } from '../store/openDatabase';
import { cliActor } from './adminCommands';
import type { CliIo } from './serverCli';

export const USER_USAGE = [
  `pasang-server user create --username U --name "NAME" --role ${Roles.join('|')}[,…] [--nip NIP] [--team NAME]`,
  `                          [--qualification ${Object.keys(Qualifications).join('|')}] [--email E] [--password-stdin]`,
  'pasang-server user set-password --username U                            # the new password on stdin',
  'pasang-server team create --name NAME [--lead USERNAME]',
].join('\n  ');

export interface UserCommandOptions {
  /** @default systemClock */
  clock?: Clock;
  /** The whole of stdin. @default reads process.stdin to its end */
  readStdin?: () => Promise<string>;
}

class UsageError extends Error {}

const storeOptions = {
  'data-dir': { type: 'string', default: './data' },
  db: { type: 'string' },
} as const;

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The password from stdin: one line, its line ending dropped (`echo … |` and here-strings add one). */
async function passwordFromStdin(read: () => Promise<string>): Promise<string> {
  const text = (await read()).replace(/\r?\n$/, '');
  if (text === '') throw new UsageError('no password on stdin');
  if (/[\r\n]/.test(text)) throw new UsageError('the password on stdin must be one line');
  return text;
}

async function withPeople<T>(
  values: { 'data-dir': string; db?: string | undefined },
  clock: Clock,
  fn: (people: PeopleService, s: OpenedDatabase) => Promise<T>,
): Promise<T> {
  const store = await openDatabase({
    dataDir: path.resolve(values['data-dir']),
    ...(values.db ? { url: values.db } : {}),
  });
  try {
    const audit = new AuditLog({ db: store.db, dialect: store.dialect, clock });
    return await fn(new PeopleService({ db: store.db, clock, audit }), store);
  } finally {
    await store.close();
  }
}

function rolesOption(value: string | undefined): Role[] {
  if (!value) throw new UsageError(`--role is required: one or more of ${Roles.join(', ')}, comma-separated`);
  const roles = value.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length) throw new UsageError(`--role: unknown role "${unknown[0]}"; roles are ${Roles.join(', ')}`);
  return roles as Role[];
}

async function userCreate(args: string[], io: CliIo, o: Required<UserCommandOptions>): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      nip: { type: 'string' },
      team: { type: 'string' },
      qualification: { type: 'string' },
      email: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      ...storeOptions,
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.username) throw new UsageError('--username is required');
  if (!values.name) throw new UsageError('--name is required (the display name, e.g. "Budi Santoso")');
  const roles = rolesOption(values.role);
  if (values.qualification !== undefined && !(values.qualification in Qualifications)) {
    throw new UsageError(`--qualification must be one of ${Object.keys(Qualifications).join(', ')}`);
  }
  const password = values['password-stdin'] ? await passwordFromStdin(o.readStdin) : undefined;
  const user = await withPeople(values, o.clock, async (people) => {
    const team = values.team ? await people.teams.byName(values.team) : null;
    if (values.team && !team)
      throw new UsageError(
        `--team: no team named "${values.team}" (create it with: pasang-server team create --name …)`,
      );
    return people.createUser(
      {
        username: values.username!,
        displayName: values.name!,
        roles,
        ...(values.nip !== undefined ? { nip: values.nip } : {}),
        ...(team ? { teamId: team.id } : {}),
        ...(values.qualification !== undefined
          ? { qualification: values.qualification as keyof typeof Qualifications }
          : {}),
        ...(values.email !== undefined ? { email: values.email } : {}),
        ...(password !== undefined ? { password } : {}),
      },
      cliActor(),
    );
  });
  io.out(
    `created user ${user.username} (${user.id}) with roles ${user.roles.join(', ')}${user.hasPassword ? '' : '; no password: set one with user set-password'}`,
  );
  return 0;
}

async function userSetPassword(args: string[], io: CliIo, o: Required<UserCommandOptions>): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { username: { type: 'string' }, ...storeOptions },
    strict: true,
    allowPositionals: false,
  });
  if (!values.username) throw new UsageError('--username is required');
  const password = await passwordFromStdin(o.readStdin);
  const username = await withPeople(values, o.clock, async (people) => {
    const user = await people.userByUsername(values.username!);
    if (!user) throw new UsageError(`no user named "${values.username}"`);
    await people.setPassword(user.id, password, undefined, cliActor());
    return user.username;
  });
  io.out(`password set for ${username}; their sessions have ended`);
  return 0;
}

async function teamCreate(args: string[], io: CliIo, o: Required<UserCommandOptions>): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, lead: { type: 'string' }, ...storeOptions },
    strict: true,
    allowPositionals: false,
  });
  if (!values.name) throw new UsageError('--name is required');
  const team = await withPeople(values, o.clock, async (people) => {
    const lead = values.lead ? await people.userByUsername(values.lead) : null;
    if (values.lead && !lead) throw new UsageError(`--lead: no user named "${values.lead}"`);
    return people.teams.create({ name: values.name!, ...(lead ? { leadUserId: lead.id } : {}) }, cliActor());
  });
  io.out(`created team ${team.name} (${team.id})${values.lead ? ` with Ketua Tim ${values.lead}` : ''}`);
  return 0;
}

/** Runs the command if it is one of these; null when it is not (the caller tries its others). */
export async function runUserCommand(
  argv: string[],
  io: CliIo,
  options: UserCommandOptions = {},
): Promise<number | null> {
  const [command, sub, ...rest] = argv;
  const o = { clock: options.clock ?? systemClock, readStdin: options.readStdin ?? readProcessStdin };
  const run =
    command === 'user' && sub === 'create'
      ? () => userCreate(rest, io, o)
      : command === 'user' && sub === 'set-password'
        ? () => userSetPassword(rest, io, o)
        : command === 'team' && sub === 'create'
          ? () => teamCreate(rest, io, o)
          : null;
  if (!run) return null;
  try {
    return await run();
  } catch (err) {
    // The store's verdict on an argument (a NIP that is no NIP, a password too short) is a wrong argument too.
    const badArgument = isPasangError(err, ErrorCodes.BAD_REQUEST) || isPasangError(err, ErrorCodes.NIP_INVALID);
    if (err instanceof UsageError || badArgument || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`pasang-server: ${(err as Error).message}\nusage:\n  ${USER_USAGE}`);
      return 2;
    }
    const cause = (err as Error).cause;
    io.err(`pasang-server: ${(err as Error).message}${cause && !isPasangError(err) ? ` (${String(cause)})` : ''}`);
    return 1;
  }
}
