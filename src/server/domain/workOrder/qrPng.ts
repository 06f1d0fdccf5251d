/**
 * The QR code printed on the work order, as a PNG: deterministic for a given URL (no timestamps in the PNG). One pixel
 * per module by default: the PDF scales the image up without interpolation (pdfkit sets no /Interpolate), so the
 * modules print as sharp squares, and encoding a large PNG would cost far more CPU for nothing.
 */
import QRCode from 'qrcode';

export interface QrPngOptions {
  /** Pixels per module. @default 1 */
  scale?: number;
  /** Quiet zone in modules; 4 is what the QR standard asks for. @default 4 */
  margin?: number;
}

export function qrPng(text: string, options: QrPngOptions = {}): Promise<Buffer> {
  // Level M: survives a crease or a smudge on a printed copy without making the code too dense for a phone.
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', scale: options.scale ?? 1, margin: options.margin ?? 4 });
}
