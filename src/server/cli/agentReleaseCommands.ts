/**
 * `pasang-server agent-release publish|list`: the agent app's releases in the server's repository, offered to every
 * PC's tray through /updates/<platform>/ (README "Agent updates"). Exit 0 when done, 1 when the store refuses (a
 * version not newer than the channel's newest, a file name taken), 2 when the arguments are wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isPasangError } from '../../shared/errors';
import { DEFAULT_UPDATE_CHANNEL, updateFeedFileName } from '../../shared/updates/agentUpdates';
import { AgentReleaseService } from '../domain/agentReleases';
import { AuditLog } from '../domain/auditLog';
import { systemClock, type Clock } from '../domain/clock';
import { RepositoryService } from '../domain/repository';
import { openDatabase, type OpenedDatabase } from '../store/openDatabase';
import { cliActor } from './adminCommands';
import type { CliIo } from './serverCli';

export const AGENT_RELEASE_USAGE = [
  'pasang-server agent-release publish --file FILE --version X.Y.Z --platform win|linux|mac [--channel latest] [--data-dir DIR] [--db URL]',
  'pasang-server agent-release list [--data-dir DIR] [--db URL]                # every published release, newest first',
].join('\n  ');

class UsageError extends Error {}

const storeOptions = {
  'data-dir': { type: 'string', default: './data' },
  db: { type: 'string' },
} as const;

async function withReleases<T>(
  values: { 'data-dir': string; db?: string | undefined },
  clock: Clock,
  fn: (releases: AgentReleaseService, store: OpenedDatabase) => Promise<T>,
): Promise<T> {
  const dataDir = path.resolve(values['data-dir']);
  const store = await openDatabase({ dataDir, ...(values.db ? { url: values.db } : {}) });
  try {
    // The same files the server serves: <data-dir>/repository, content-addressed.
    const repository = new RepositoryService({ db: store.db, clock, dataDir });
    await repository.init();
    const audit = new AuditLog({ db: store.db, dialect: store.dialect, clock });
    return await fn(new AgentReleaseService({ db: store.db, clock, repository, audit }), store);
  } finally {
    await store.close();
  }
}

/** Runs the command if it is one of these; null when it is not (the caller tries its others). */
export async function runAgentReleaseCommand(argv: string[], io: CliIo, options: { clock?: Clock } = {}): Promise<number | null> {
  const [command, sub, ...rest] = argv;
  if (command !== 'agent-release') return null;
  const clock = options.clock ?? systemClock;
  try {
    if (sub === 'publish') return await publish(rest, io, clock);
    if (sub === 'list') return await list(rest, io, clock);
    throw new UsageError(sub ? `unknown command "agent-release ${sub}"` : 'agent-release takes publish or list');
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`pasang-server: ${(err as Error).message}\nusage:\n  ${AGENT_RELEASE_USAGE}`);
      return 2;
    }
    const cause = (err as Error).cause;
    io.err(`pasang-server: ${(err as Error).message}${cause && !isPasangError(err) ? ` (${String(cause)})` : ''}`);
    return 1;
  }
}

async function publish(args: string[], io: CliIo, clock: Clock): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      file: { type: 'string' },
      version: { type: 'string' },
      platform: { type: 'string' },
      channel: { type: 'string', default: DEFAULT_UPDATE_CHANNEL },
      ...storeOptions,
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.file || !values.version || !values.platform) throw new UsageError('publish needs --file FILE, --version X.Y.Z and --platform win|linux|mac');
  const st = await fs.promises.stat(values.file).catch(() => null);
  if (!st?.isFile()) throw new UsageError(`--file: ${values.file} is not a readable file`);
  const input = {
    fileName: path.basename(values.file),
    sizeBytes: st.size,
    version: values.version,
    platform: values.platform,
    channel: values.channel,
  };
  const release = await withReleases(values, clock, async (releases) => {
    // Checked before the store is touched with a byte of the file: a wrong platform or name says so at once.
    releases.checkPublish(input);
    return releases.publish({ ...input, body: fs.createReadStream(values.file!), by: cliActor() });
  });
  io.out(`published ${release.version} for ${release.platform} (channel ${release.channel}): ${release.fileName}, ${release.sizeBytes} bytes`);
  io.out(`sha512 ${release.sha512}`);
  io.out(`feed: /updates/${release.platform}/${updateFeedFileName(release.platform, release.channel)} (signed: …yml.sig)`);
  return 0;
}

async function list(args: string[], io: CliIo, clock: Clock): Promise<number> {
  const { values } = parseArgs({ args, options: storeOptions, strict: true, allowPositionals: false });
  const items = await withReleases(values, clock, (releases) => releases.list());
  if (items.length === 0) io.out('no agent releases published');
  for (const r of items) io.out(`${r.platform}\t${r.channel}\t${r.version}\t${r.fileName}\t${r.sizeBytes}\t${r.publishedAt}`);
  return 0;
}
