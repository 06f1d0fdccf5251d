/** poppler-utils (installed for tests) on a PDF in memory: its text, and the images it embeds as PNG files. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';

/**
 * The text as pdftotext extracts it, whitespace collapsed: in reading order, or with `raw` in the order it was drawn
 * (a table cell's wrapped lines then stay together).
 */
export function pdfText(pdf: Buffer, mode: 'reading' | 'raw' = 'reading'): string {
  const args = ['-enc', 'UTF-8', ...(mode === 'raw' ? ['-raw'] : []), '-', '-'];
  return execFileSync('pdftotext', args, { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
}

/** One page (or a pixel region of it) rendered as a PNG at `dpi`, as a printer or a screen would show it. */
export function renderPage(pdf: Buffer, page = 1, dpi = 100, crop?: { x: number; y: number; w: number; h: number }): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-pdftoppm-'));
  try {
    const file = path.join(dir, 'in.pdf');
    fs.writeFileSync(file, pdf);
    const region = crop ? ['-x', String(crop.x), '-y', String(crop.y), '-W', String(crop.w), '-H', String(crop.h)] : [];
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), ...region, '-singlefile', file, path.join(dir, 'page')]);
    return fs.readFileSync(path.join(dir, 'page.png'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every image embedded in the PDF, decoded back to PNG by pdfimages. */
export function pdfImages(pdf: Buffer): Buffer[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-pdfimages-'));
  try {
    const file = path.join(dir, 'in.pdf');
    fs.writeFileSync(file, pdf);
    execFileSync('pdfimages', ['-png', file, path.join(dir, 'img')]);
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => fs.readFileSync(path.join(dir, f)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The text a QR code in a PNG holds, or null. An image of a few pixels per module (as embedded) is first enlarged
 * without smoothing, as a PDF viewer draws it, since jsQR needs several pixels per module.
 */
export function decodeQr(png: Buffer): string | null {
  const img = PNG.sync.read(png); // pngjs always gives RGBA
  const k = img.width < 100 ? Math.ceil(300 / img.width) : 1;
  const w = img.width * k;
  const h = img.height * k;
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const src = (Math.floor(y / k) * img.width + Math.floor(x / k)) * 4;
      const a = img.data[src + 3]! / 255;
      // Transparent pixels are paper: composite over white.
      for (let c = 0; c < 3; c++) rgba[(y * w + x) * 4 + c] = Math.round(img.data[src + c]! * a + 255 * (1 - a));
      rgba[(y * w + x) * 4 + 3] = 255;
    }
  }
  return jsQR(rgba, w, h)?.data ?? null;
}
