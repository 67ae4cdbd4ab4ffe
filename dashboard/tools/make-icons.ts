/**
 * The installed app's icons (dashboard/public/icons/), made from favicon.svg with sharp; the output
 * is committed, so a build downloads and renders nothing. Run again after favicon.svg changes:
 * `npx tsx dashboard/tools/make-icons.ts`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const publicDir = fileURLToPath(new URL('../public/', import.meta.url));
/** The Live Monitor's dark background (style.css `--bg`): the icon reads as the app it opens. */
const BACKGROUND = '#0b0e13';

/** `glyph`: the camera's share of the side. Maskable icons keep it inside the 80% safe circle (W3C manifest spec). */
export const ICONS = [
  { file: 'icon-192.png', size: 192, glyph: 0.75, rounded: true },
  { file: 'icon-512.png', size: 512, glyph: 0.75, rounded: true },
  { file: 'icon-maskable-512.png', size: 512, glyph: 0.55, rounded: false },
  // iOS draws no transparency (it would show black) and rounds the corners itself.
  { file: 'apple-touch-icon.png', size: 180, glyph: 0.7, rounded: false },
] as const;

async function make(svg: Buffer, icon: (typeof ICONS)[number]): Promise<void> {
  const side = Math.round(icon.size * icon.glyph);
  const glyph = await sharp(svg, { density: 72 * Math.ceil(side / 32) })
    .resize(side, side)
    .png()
    .toBuffer();
  const r = icon.rounded ? Math.round(icon.size * 0.2) : 0;
  const tile = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${icon.size}" height="${icon.size}"><rect width="100%" height="100%" rx="${r}" fill="${BACKGROUND}"/></svg>`,
  );
  const offset = Math.round((icon.size - side) / 2);
  await sharp(tile)
    .composite([{ input: glyph, left: offset, top: offset }])
    .png({ compressionLevel: 9 })
    .toFile(path.join(publicDir, 'icons', icon.file));
}

const svg = readFileSync(path.join(publicDir, 'favicon.svg'));
mkdirSync(path.join(publicDir, 'icons'), { recursive: true });
for (const icon of ICONS) await make(svg, icon);
console.log(`wrote ${ICONS.length} icons to ${path.join(publicDir, 'icons')}`);
