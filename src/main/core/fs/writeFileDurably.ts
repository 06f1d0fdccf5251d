/** Replaces a file so that a crash leaves either the old or the new content, never half of one: temp file, fsync, rename. */
import fs from 'node:fs';

export function writeFileDurably(file: string, text: string, mode = 0o600): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
