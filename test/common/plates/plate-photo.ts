/**
 * A real car with a plate (#58's tests): the front taxi of taxis.jpg (CC0, test/fixtures/detect/SOURCES.md,
 * its box marked by hand in detector.test.ts) with a plate drawn on its bumper by sharp from an SVG:
 * a white plate, a dark rim and the text in a bold sans, as European plates are. The photo has no
 * readable plate of its own; a drawn one is fair for reading (the issue says so), and the car, its
 * light and its JPEG are real. The same bytes each run.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Box } from '../../../common/detect/boxes.js';

/** The taxi nearest the camera, [x, y, w, h] in taxis.jpg's 640×427 pixels. */
export const TAXI: Box = [324, 274, 184, 121];

export interface PlatePhoto {
  jpeg: Buffer;
  /** Where the plate was drawn. */
  plate: Box;
  /** The car. */
  car: Box;
}

/** taxis.jpg scaled by `scale` (1: as it is, 640×427) with `text` on a plate on the taxi's bumper. */
export async function platePhoto(text: string, scale = 2): Promise<PlatePhoto> {
  const car = TAXI.map((v) => Math.round(v * scale)) as Box;
  const w = Math.round(car[2] * 0.36);
  const h = Math.round(w * 0.24);
  const x = Math.round(car[0] + car[2] * 0.42);
  const y = Math.round(car[1] + car[3] * 0.72);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
<rect x="1" y="1" width="${w - 2}" height="${h - 2}" rx="${h * 0.12}" fill="#f4f4f0" stroke="#222" stroke-width="${Math.max(1, h * 0.06)}"/>
<text x="50%" y="54%" dominant-baseline="middle" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${h * 0.7}" fill="#111">${text}</text>
</svg>`;
  const photo = readFileSync(new URL('../../fixtures/detect/taxis.jpg', import.meta.url));
  const jpeg = await sharp(photo)
    .resize(Math.round(640 * scale))
    .composite([{ input: Buffer.from(svg), left: x, top: y }])
    .jpeg({ quality: 88 })
    .toBuffer();
  return { jpeg, plate: [x, y, w, h], car };
}
