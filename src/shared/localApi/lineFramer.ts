/**
 * Newline-delimited frames over a text stream (the agent service's local socket), with a bound: a line longer than
 * `maxChars` is never held in memory — what arrived of it is dropped, and the rest up to its newline is skipped. JSON
 * never contains a raw newline, so one line is one frame. Pure: the socket side decodes UTF-8 before pushing.
 */
export interface LineFramerOptions {
  /** Longest frame kept, in UTF-16 code units (≤ its UTF-8 bytes), without its newline. */
  maxChars: number;
}

export interface FramerOutput {
  frames: string[];
  /** Lines dropped for being over `maxChars` (counted once each, when they started overflowing). */
  oversized: number;
}

export class LineFramer {
  private partial = '';
  /** Inside an oversized line: discard until its newline. */
  private skipping = false;

  constructor(private readonly options: LineFramerOptions) {}

  /** Characters held for a frame not yet complete. */
  get buffered(): number {
    return this.partial.length;
  }

  push(chunk: string): FramerOutput {
    const frames: string[] = [];
    let oversized = 0;
    let start = 0;
    while (start <= chunk.length) {
      const nl = chunk.indexOf('\n', start);
      const piece = nl === -1 ? chunk.slice(start) : chunk.slice(start, nl);
      if (this.skipping) {
        if (nl !== -1) this.skipping = false;
      } else if (this.partial.length + piece.length > this.options.maxChars) {
        this.partial = '';
        oversized += 1;
        this.skipping = nl === -1;
      } else if (nl === -1) {
        this.partial += piece;
      } else {
        const line = this.partial + piece;
        this.partial = '';
        // Blank lines (a client's keep-alive, a trailing \r\n) carry nothing.
        if (line.trim() !== '') frames.push(line);
      }
      if (nl === -1) break;
      start = nl + 1;
    }
    return { frames, oversized };
  }
}
