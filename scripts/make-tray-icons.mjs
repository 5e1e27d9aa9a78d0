#!/usr/bin/env node
// Draws the tray icons into build/tray/ (committed; re-run after changing the drawing):
//   trayTemplate.png, trayTemplate@2x.png         macOS: black + alpha, recoloured by the menu bar
//   tray-16/24/32.png and their @2x               Linux and others: a light key with a dark rim,
//                                                 readable on dark and on light panels
//   tray.ico                                      Windows: 16, 24, 32 and 48 px in one file
// The key is a signed distance field rendered with analytic anti-aliasing, so every size is
// drawn, not scaled. No dependencies: PNG is zlib + CRC, ICO a table of PNGs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'build', 'tray');

// ── the key, in a unit square, as a signed distance (negative inside) ──
const box = (px, py, cx, cy, hw, hh) => {
  const dx = Math.abs(px - cx) - hw;
  const dy = Math.abs(py - cy) - hh;
  return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0);
};
function keyDistance(x, y) {
  // Drawn on a 45° diagonal, bow at the lower left.
  const c = Math.SQRT1_2;
  const u = (x - 0.5) * c - (y - 0.5) * c + 0.5;
  const v = (x - 0.5) * c + (y - 0.5) * c + 0.5;
  const ring = Math.abs(Math.hypot(u - 0.26, v - 0.5) - 0.17) - 0.065;
  const shaft = box(u, v, 0.66, 0.5, 0.25, 0.065);
  const tooth1 = box(u, v, 0.76, 0.62, 0.05, 0.1);
  const tooth2 = box(u, v, 0.88, 0.6, 0.04, 0.08);
  return Math.min(ring, shaft, tooth1, tooth2);
}

const clamp01 = (n) => Math.min(1, Math.max(0, n));

/** RGBA pixels: `fill` inside the key, `rim` in a band around it (null: no rim). */
function draw(size, fill, rim) {
  const px = 1 / size;
  const rimWidth = rim ? Math.max(px, 0.055) : 0;
  const pixels = Buffer.alloc(size * size * 4);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const d = keyDistance((i + 0.5) / size, (j + 0.5) / size);
      const inside = clamp01(0.5 - d / px);
      const outer = rim ? clamp01(0.5 - (d - rimWidth) / px) : 0;
      // Fill over rim, both with coverage as alpha.
      const a = inside + outer * (1 - inside);
      const o = (j * size + i) * 4;
      if (a <= 0) continue;
      for (let k = 0; k < 3; k++) pixels[o + k] = Math.round((fill[k] * inside + (rim ? rim[k] * outer * (1 - inside) : 0)) / a);
      pixels[o + 3] = Math.round(a * 255);
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let j = 0; j < size; j++) rgba.copy(rows, j * (size * 4 + 1) + 1, j * size * 4, (j + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
export function encodeIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, n) => {
    const e = 6 + 16 * n;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

const LIGHT = [0xf2, 0xf4, 0xf8];
const DARK = [0x1f, 0x24, 0x30];
const BLACK = [0, 0, 0];

export function makeTrayIcons() {
  mkdirSync(outDir, { recursive: true });
  const files = {};
  const png = (size, fill, rim) => encodePng(size, draw(size, fill, rim));
  files['trayTemplate.png'] = png(16, BLACK, null);
  files['trayTemplate@2x.png'] = png(32, BLACK, null);
  for (const size of [16, 24, 32]) {
    files[`tray-${size}.png`] = png(size, LIGHT, DARK);
    files[`tray-${size}@2x.png`] = png(size * 2, LIGHT, DARK);
  }
  files['tray.ico'] = encodeIco([16, 24, 32, 48].map((size) => ({ size, png: png(size, LIGHT, DARK) })));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(outDir, name), data);
  return Object.keys(files);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(makeTrayIcons().join('\n'));
}
