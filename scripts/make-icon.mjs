// Draws the extension's icon, media/icon.png (128×128 RGBA), with Node alone: a lens over bars of varied height
// (diversity) on a rounded dark-blue tile, 4×4 supersampled for smooth edges, written as a PNG by hand
// (zlib deflate + CRC-32). Deterministic: run `node scripts/make-icon.mjs` after changing it and commit the PNG.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SS = 4; // samples per pixel side
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');

const BG = [30, 58, 95]; // tile
const BARS = [
  [64, 196, 160],
  [90, 170, 230],
  [245, 190, 80],
  [235, 110, 100],
  [150, 130, 220],
];
const RING = [236, 242, 248];

/** Inside a rounded square of side 120 centred on the canvas (corner radius 26). */
function inTile(x, y) {
  const r = 26;
  const lo = 4;
  const hi = 124;
  const cx = Math.min(Math.max(x, lo + r), hi - r);
  const cy = Math.min(Math.max(y, lo + r), hi - r);
  return x >= lo && x <= hi && y >= lo && y <= hi && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const LENS = { x: 56, y: 56, r: 34, ring: 8 };
/** The colour at a sample point, or null (transparent). */
function colour(x, y) {
  if (!inTile(x, y)) return null;
  const d = Math.hypot(x - LENS.x, y - LENS.y);
  // handle: a thick segment from the ring towards the bottom-right corner
  const t = Math.max(0, Math.min(1, (x - 80 + (y - 80)) / 52));
  const hx = 80 + t * 26;
  const hy = 80 + t * 26;
  if (Math.hypot(x - hx, y - hy) <= 8 && d > LENS.r) return RING;
  if (d > LENS.r && d <= LENS.r + LENS.ring) return RING;
  if (d <= LENS.r) {
    // five bars of different heights inside the lens
    const heights = [30, 44, 22, 38, 16];
    const left = LENS.x - 27;
    const w = 10;
    const base = LENS.y + 22;
    for (let i = 0; i < 5; i++) {
      const bx = left + i * (w + 1);
      if (x >= bx && x < bx + w && y <= base && y >= base - heights[i]) return BARS[i];
    }
    return [22, 44, 74];
  }
  return BG;
}

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++)
  for (let px = 0; px < SIZE; px++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let a = 0;
    for (let sy = 0; sy < SS; sy++)
      for (let sx = 0; sx < SS; sx++) {
        const c = colour(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        if (!c) continue;
        r += c[0];
        g += c[1];
        b += c[2];
        a++;
      }
    const o = (py * SIZE + px) * 4;
    rgba[o] = a ? Math.round(r / a) : 0;
    rgba[o + 1] = a ? Math.round(g / a) : 0;
    rgba[o + 2] = a ? Math.round(b / a) : 0;
    rgba[o + 3] = Math.round((255 * a) / (SS * SS));
  }

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.writeFileSync(OUT, png);
console.log(`wrote ${path.relative(process.cwd(), OUT)} (${png.length} bytes)`);
