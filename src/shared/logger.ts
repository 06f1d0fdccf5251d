/**
 * One logger per module, injected (cf. Signal's createLogger): JSON lines to a sink the entry point chooses, so a
 * service manager or a test can read them. Nothing in core, shared or the server's domain calls `console`.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(name: string): Logger;
}

const Order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  /** @default 'info' */
  level?: LogLevel;
  /** Where lines go (stderr in the server and the agent service, a file in the tray). */
  write: (line: string) => void;
}

export function createLogger(name: string, options: LoggerOptions): Logger {
  const min = Order[options.level ?? 'info'];
  const write = options.write;
  const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (Order[level] < min) return;
    write(`${JSON.stringify({ t: new Date().toISOString(), level, module: name, msg, ...fields })}\n`);
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (child) => createLogger(`${name}.${child}`, options),
  };
}

/** A logger that drops everything (tests that assert on behaviour, not on logs). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
