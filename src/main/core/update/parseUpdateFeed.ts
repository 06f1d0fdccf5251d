/**
 * Reads the agent-update channel file (latest.yml and its -linux/-mac siblings) strictly: YAML with the JSON schema
 * only (no timestamps, no custom tags, duplicate keys refused), then exactly the shape electron-builder writes
 * (src/shared/updates/agentUpdates.ts), one file, named as the platform's installer is. Run only on bytes whose
 * signature already checked: the strictness is for a server bug or a wrong upload, told apart by a clear message.
 */
import { JSON_SCHEMA, load } from 'js-yaml';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import { createAjv, formatAjvErrors } from '../../../shared/protocol/codec';
import {
  UpdateFeedSchema,
  UpdateFileExtensions,
  type UpdateFeed,
  type UpdatePlatform,
} from '../../../shared/updates/agentUpdates';

const validateFeed = createAjv().compile<UpdateFeed>(UpdateFeedSchema);

function invalid(message: string, cause?: unknown): PasangError {
  return new PasangError(ErrorCodes.UPDATE_FEED_INVALID, `the update feed ${message}`, cause === undefined ? {} : { cause });
}

export function parseUpdateFeed(bytes: Uint8Array, platform: UpdatePlatform): UpdateFeed {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw invalid('is not UTF-8 text', err);
  }
  let value: unknown;
  try {
    value = load(text, { schema: JSON_SCHEMA });
  } catch (err) {
    throw invalid(`is not valid YAML: ${(err as Error).message.split('\n')[0]}`, err);
  }
  if (!validateFeed(value)) throw invalid(`does not have the shape electron-updater reads: ${formatAjvErrors(validateFeed.errors)}`);
  const feed = value;
  const file = feed.files[0]!;
  if (feed.path !== file.url || feed.sha512 !== file.sha512) {
    throw invalid('names two different files (path/sha512 and files[0] disagree)');
  }
  if (!UpdateFileExtensions[platform].some((ext) => file.url.endsWith(ext))) {
    throw invalid(`offers ${file.url}, which is not a ${platform} installer (${UpdateFileExtensions[platform].join(', ')})`);
  }
  return feed;
}
