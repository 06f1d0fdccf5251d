/**
 * Runs one package-listing command for a software collector and returns its stdout, or throws a one-line reason.
 * A program that does not exist throws ToolMissingError, so a caller can tell "no rpm here" from "rpm failed".
 */
import type { CommandRunner } from '../../process/commandRunner';

export class ToolMissingError extends Error {
  constructor(readonly tool: string) {
    super(`${tool} is not installed`);
    this.name = 'ToolMissingError';
  }
}

export interface ListingOptions {
  /** @default 15_000 (the inventory's section timeout) */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** A big Windows registry dump runs to a few MB; past this something is wrong, and a cut list would be a lie. */
const MAX_LISTING_BYTES = 64 * 1024 * 1024;

export async function runListing(
  runner: CommandRunner,
  file: string,
  args: readonly string[],
  options: ListingOptions = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const r = await runner.run(file, args, {
    timeoutMs,
    maxOutputBytes: MAX_LISTING_BYTES,
    ...(options.env ? { env: options.env } : {}),
  });
  if (r.errorCode === 'ENOENT') throw new ToolMissingError(file);
  if (r.error) throw new Error(`${file}: ${r.error}`);
  if (r.timedOut) throw new Error(`${file} timed out after ${timeoutMs} ms`);
  if (r.truncated) throw new Error(`${file} printed more than ${MAX_LISTING_BYTES} bytes`);
  if (r.exitCode !== 0) {
    const why = r.stderr.trim().split('\n')[0]?.trim();
    throw new Error(`${file} exited with ${r.exitCode ?? r.signal}${why ? `: ${why}` : ''}`);
  }
  return r.stdout;
}
