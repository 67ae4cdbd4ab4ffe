/** The installed app's manifest and icons (dashboard/public/, made by dashboard/tools/make-icons.ts), as committed. */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

const publicDir = new URL('../../../dashboard/public/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.webmanifest', publicDir), 'utf8')) as {
  start_url: string;
  scope: string;
  icons: { src: string; sizes: string; purpose: string }[];
};

describe('manifest.webmanifest', () => {
  it('starts and scopes at the page itself, relative, so a proxy sub-path keeps working', () => {
    expect([manifest.start_url, manifest.scope]).toEqual(['./', './']);
    for (const icon of manifest.icons) expect(icon.src).not.toMatch(/^\//);
  });

  it('lists a 192 and a 512 icon and a maskable one, each the size it says', async () => {
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of manifest.icons) {
      const meta = await sharp(readFileSync(new URL(icon.src, publicDir))).metadata();
      expect(`${meta.width}x${meta.height}`).toBe(icon.sizes);
    }
  });

  it('gives the maskable icon and the apple-touch-icon a full background (no transparent corner)', async () => {
    for (const file of ['icons/icon-maskable-512.png', 'icons/apple-touch-icon.png']) {
      const { data, info } = await sharp(readFileSync(new URL(file, publicDir)))
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(data[info.channels - 1]).toBe(255);
    }
    const apple = await sharp(readFileSync(new URL('icons/apple-touch-icon.png', publicDir))).metadata();
    expect(apple.width).toBe(180);
  });
});
