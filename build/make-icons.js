#!/usr/bin/env node
// Draws Pasang's icons as PNG with nothing but node:zlib: the app icon (build/icon.png, 512x512, electron-builder
// derives the .ico/.icns from it) and the tray icons, one per tray state, at 16 px and 32 px (`@2x`, which Electron's
// nativeImage picks up on HiDPI screens). The glyph is an "install" arrow into a tray on a rounded square; the
// states differ by colour. Run `node build/make-icons.js` after changing it and commit the PNGs (output is
// deterministic).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const BRAND = [0, 105, 92]; // teal
const STATES = {
  connected: [46, 125, 50], // green
  offline: [117, 117, 117], // grey
  installing: [21, 101, 192], // blue
  attention: [230, 81, 0], // orange
};

// --- PNG encoding ---------------------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA pixels (row-major, 4 bytes each) → PNG file bytes (8-bit RGBA, no interlace). */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- drawing (unit square coordinates, 4x4 supersampling) -----------------------------------------------------------

function inRoundedSquare(x, y, inset, radius) {
  const min = inset;
  const max = 1 - inset;
  if (x < min || x > max || y < min || y > max) return false;
  const cx = Math.min(Math.max(x, min + radius), max - radius);
  const cy = Math.min(Math.max(y, min + radius), max - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function inTriangle(x, y, [ax, ay], [bx, by], [cx, cy]) {
  const side = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = side(ax, ay, bx, by);
  const d2 = side(bx, by, cx, cy);
  const d3 = side(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

function inRect(x, y, x0, y0, x1, y1) {
  return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

/** The white glyph: an arrow pointing down into an open tray. */
function inGlyph(x, y) {
  return (
    inRect(x, y, 0.44, 0.16, 0.56, 0.5) || // shaft
    inTriangle(x, y, [0.26, 0.44], [0.74, 0.44], [0.5, 0.68]) || // head
    inRect(x, y, 0.2, 0.76, 0.8, 0.85) || // tray floor
    inRect(x, y, 0.2, 0.6, 0.29, 0.85) || // tray sides
    inRect(x, y, 0.71, 0.6, 0.8, 0.85)
  );
}

function drawIcon(size, colour) {
  const samples = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (!inRoundedSquare(x, y, 0.03, 0.22)) continue;
          if (inGlyph(x, y)) fg++;
          else bg++;
        }
      }
      const n = samples * samples;
      const alpha = (bg + fg) / n;
      const o = (py * size + px) * 4;
      if (alpha === 0) continue;
      // Colour is the coverage-weighted mix of background and white glyph (straight alpha).
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round((colour[c] * bg + 255 * fg) / (bg + fg));
      rgba[o + 3] = Math.round(alpha * 255);
    }
  }
  return encodePng(size, size, rgba);
}

function main() {
  const buildDir = __dirname;
  const written = [];
  const write = (file, png) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, png);
    written.push(path.relative(buildDir, file));
  };
  write(path.join(buildDir, 'icon.png'), drawIcon(512, BRAND));
  for (const [state, colour] of Object.entries(STATES)) {
    write(path.join(buildDir, 'icons', `tray-${state}.png`), drawIcon(16, colour));
    write(path.join(buildDir, 'icons', `tray-${state}@2x.png`), drawIcon(32, colour));
  }
  process.stdout.write(`wrote ${written.join(', ')}\n`);
}

if (require.main === module) main();

module.exports = { encodePng, drawIcon, STATES };
