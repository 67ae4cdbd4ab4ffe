/**
 * Generates the benchmark's 720p JPEGs once (kept in bench/fixtures/): a detailed synthetic scene
 * (gradients, fine stripes, text, light noise) at a quality that lands near 150 KB, like a real
 * 720p webcam frame. Run: npx tsx bench/make-fixtures.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const W = 1280;
const H = 720;

function scene(n: number): string {
  const stripes = Array.from(
    { length: 90 },
    (_, i) =>
      `<rect x="${i * 14 + (n % 7)}" y="${380 + (i % 5) * 6}" width="6" height="${120 + ((i * 37 + n) % 90)}" fill="hsl(${(i * 23 + n * 11) % 360},60%,${35 + (i % 4) * 10}%)"/>`,
  ).join('');
  const words = Array.from(
    { length: 14 },
    (_, i) =>
      `<text x="${40 + (i % 2) * 620}" y="${60 + i * 22}" font-size="18" font-family="DejaVu Sans, sans-serif" fill="#eee">camrelay bench frame ${n} · line ${i} · the quick brown fox jumps over the lazy dog 0123456789</text>`,
  ).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d3557"/><stop offset="1" stop-color="#e76f51"/></linearGradient></defs>
    <rect width="${W}" height="${H}" fill="url(#g)"/>${stripes}${words}
    <circle cx="${200 + n * 80}" cy="560" r="90" fill="#f4a261" stroke="#264653" stroke-width="12"/></svg>`;
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const sizes: number[] = [];
  for (let n = 0; n < 10; n++) {
    const noise = await sharp({ create: { width: W, height: H, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 18 } } })
      .png()
      .toBuffer();
    const jpeg = await sharp(Buffer.from(scene(n)))
      .composite([{ input: noise, blend: 'soft-light' }])
      .jpeg({ quality: 68 })
      .toBuffer();
    await writeFile(path.join(OUT, `frame-${String(n).padStart(2, '0')}.jpg`), jpeg);
    sizes.push(jpeg.length);
  }
  console.log(`wrote ${sizes.length} frames to ${OUT}: ${sizes.map((s) => Math.round(s / 1024)).join(', ')} KiB`);
}

await main();
