/**
 * HTTP Range requests on one file (RFC 9110 §14): what a `Range: bytes=…` header asks of a file of a given size, so an
 * agent resumes a broken download from the bytes it has. One range only; a multi-range request is answered with the
 * whole file, which the RFC allows.
 */

export type RangeAnswer =
  /** No Range header, or one we do not serve: 200 with the whole file. */
  | { kind: 'full' }
  /** 206 with bytes start..end inclusive. */
  | { kind: 'partial'; start: number; end: number }
  /** 416 with `Content-Range: bytes *\/size`. */
  | { kind: 'unsatisfiable' };

const SINGLE = /^bytes=(\d{0,16})-(\d{0,16})$/;

export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'full' };
  const spec = header.trim().replace(/\s+/g, '');
  const m = SINGLE.exec(spec);
  // Other units, several ranges, garbage: a server may ignore a Range it does not understand and send everything.
  if (!m) return { kind: 'full' };
  const [, first, last] = m as unknown as [string, string, string];
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // bytes=-n: the last n bytes.
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  if (last === '') return { kind: 'partial', start, end: size - 1 };
  const end = Number(last);
  if (end < start) return { kind: 'full' }; // syntactically invalid: ignored, as the RFC says
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}
