/** What the work order's PDF parts share: page margins, colours, and the drawing helpers the renderer hands them. */

export const MARGIN = { top: 40, bottom: 62, left: 45, right: 45 };
export const INK = '#111111';
export const MUTED = '#5a5a5a';
export const ACCENT = '#1f4e79';
export const RULE = '#b8b8b8';
export const BAD = '#a4161a';
export const GOOD = '#2b6a30';

export type Doc = PDFKit.PDFDocument;
export type FontName = 'Helvetica' | 'Helvetica-Bold' | 'Helvetica-Oblique' | 'Courier';

/** The renderer's helpers, bound to one document (text goes through pdfSafeText). */
export interface Kit {
  x0: number;
  width: number;
  ensure(height: number): void;
  font(name: FontName, size: number, color?: string): Doc;
  put(text: string, x: number, y: number, opts?: PDFKit.Mixins.TextOptions): Doc;
  heightOf(text: string, w: number): number;
  t(iso: string | null): string;
}

/** A horizontal line. */
export function rule(doc: Doc, x: number, width: number, y: number, color: string, lineWidth: number): void {
  doc.save().lineWidth(lineWidth).strokeColor(color).moveTo(x, y).lineTo(x + width, y).stroke().restore();
}
