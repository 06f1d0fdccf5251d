/**
 * The agent store on `conf`: the headless adapter behind core's `AgentStore`. The Electron shell puts electron-store
 * (a subclass of Conf) behind the same wrapper, `confBackedStore`, so both keep the same guarantees: a JSON schema,
 * an owner-only file (it holds the agent secret), atomic writes, and a corrupt file set aside and reported as
 * STORE_CORRUPT — never silently cleared.
 */
import fs from 'node:fs';
import path from 'node:path';
import Conf, { type Schema } from 'conf';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import type { AgentStore, AgentStoreData } from './agentStore';

/** Owner read/write only: the file holds the agent secret. */
export const AGENT_STORE_FILE_MODE = 0o600;

/**
 * One entry per field of `AgentStoreData` (the `satisfies` fails the build when a field is added without one).
 * Unknown keys are allowed, so a file written by a newer agent is not taken for a corrupt one after a downgrade.
 */
export const agentStoreSchema = {
  serverUrl: { type: 'string', format: 'uri' },
  agentId: { type: 'string', minLength: 1 },
  agentSecret: { type: 'string', minLength: 1 },
  serverPublicKey: { type: 'string', minLength: 1 },
  serverCertSha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
  inventoryHash: { type: 'string', minLength: 1 },
  enrolledAt: { type: 'string', format: 'date-time' },
} as const satisfies Schema<AgentStoreData>;

/** The Conf options both adapters pass (electron-store takes the same ones, with `name` for `configName`). */
export const agentStoreConfOptions = {
  schema: agentStoreSchema,
  configFileMode: AGENT_STORE_FILE_MODE,
  // Our keys hold URLs; dot notation would read `serverUrl` fine but is a trap for any key with a dot.
  accessPropertiesByDotNotation: false,
  // Conf's own recovery empties the store and loses the file: we set it aside and report instead.
  clearInvalidConfig: false,
  watch: false,
} as const;

/** Default file name, without the `.json` extension. */
export const DEFAULT_AGENT_STORE_NAME = 'agent';

export interface ConfStoreOptions {
  /** Directory that holds the file; created owner-only (0700) when missing. */
  dir: string;
  /** File name without extension. @default 'agent' */
  fileName?: string;
  /** Clock for the `.corrupt-<timestamp>` suffix. @default () => new Date() */
  now?: () => Date;
}

/**
 * Opens (or creates) `<dir>/<fileName>.json`.
 *
 * @throws PasangError STORE_CORRUPT when the file is not valid JSON or fails the schema; the file has then been
 *   renamed to `<file>.corrupt-<timestamp>` (see `details.keptAs`), so opening again starts an empty store.
 */
export function createConfStore(options: ConfStoreOptions): AgentStore {
  const dir = path.resolve(options.dir);
  const configName = options.fileName ?? DEFAULT_AGENT_STORE_NAME;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return confBackedStore(
    () => new Conf<AgentStoreData>({ cwd: dir, configName, ...agentStoreConfOptions }),
    agentStoreFilePath(dir, configName),
    { now: options.now },
  );
}

/** Where Conf (and electron-store) put a store named `name` in `dir`. */
export function agentStoreFilePath(dir: string, name: string = DEFAULT_AGENT_STORE_NAME): string {
  return path.resolve(dir, `${name}.json`);
}

export interface ConfBackedStoreOptions {
  /** Clock for the `.corrupt-<timestamp>` suffix. @default () => new Date() */
  now?: (() => Date) | undefined;
}

/**
 * Wraps a Conf instance (built by `open`, which may throw on a corrupt file) as an `AgentStore`. Every read goes to
 * disk (Conf does not cache), so corruption found later is reported the same way as at open.
 */
export function confBackedStore(
  open: () => Conf<AgentStoreData>,
  filePath: string,
  options: ConfBackedStoreOptions = {},
): AgentStore {
  const now = options.now ?? (() => new Date());
  const conf = guardCorruption(filePath, now, open);
  enforceFileMode(conf.path);

  const read = (): AgentStoreData => guardCorruption(filePath, now, () => conf.store);
  const write = (data: AgentStoreData): void => {
    try {
      conf.store = data;
    } catch (error) {
      if (isSchemaViolation(error)) {
        // The file was read fine a moment ago: the new values are what fails the schema.
        const message = `Agent store: refused to write invalid values (${errorMessage(error)})`;
        throw new PasangError(ErrorCodes.INVALID_PAYLOAD, message, { cause: error });
      }
      throw error;
    }
    enforceFileMode(conf.path);
  };

  return {
    path: conf.path,
    get(key) {
      return read()[key];
    },
    set(values) {
      const data = read();
      let changed = false;
      for (const [key, value] of Object.entries(values) as [keyof AgentStoreData, string | undefined][]) {
        // `undefined` means "not given" (Partial), never "erase": erasing the secret takes an explicit delete().
        if (value === undefined) continue;
        data[key] = value;
        changed = true;
      }
      if (changed) write(data);
    },
    delete(key) {
      const data = read();
      if (!(key in data)) return;
      delete data[key];
      write(data);
    },
  };
}

function guardCorruption<T>(filePath: string, now: () => Date, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (!(error instanceof SyntaxError) && !isSchemaViolation(error)) throw error;
    const keptAs = `${filePath}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    let moved = true;
    try {
      fs.renameSync(filePath, keptAs);
    } catch {
      // Left in place rather than lost: the next open reports it again.
      moved = false;
    }
    throw new PasangError(
      ErrorCodes.STORE_CORRUPT,
      moved
        ? `Agent store ${filePath} is corrupt (${errorMessage(error)}); it was kept as ${keptAs} and a new store will be started`
        : `Agent store ${filePath} is corrupt (${errorMessage(error)}) and could not be moved aside`,
      { cause: error, details: { path: filePath, keptAs: moved ? keptAs : undefined } },
    );
  }
}

/**
 * Conf passes `configFileMode` to its atomic writer, but the umask applies and a file written by an older version
 * keeps its mode: check after every write and narrow it. Windows has no mode bits (the installer sets the ACL).
 */
function enforceFileMode(filePath: string): void {
  if (process.platform === 'win32') return;
  let mode: number;
  try {
    mode = fs.statSync(filePath).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // nothing written yet
    throw error;
  }
  if (mode !== AGENT_STORE_FILE_MODE) fs.chmodSync(filePath, AGENT_STORE_FILE_MODE);
}

function isSchemaViolation(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Config schema violation:');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
