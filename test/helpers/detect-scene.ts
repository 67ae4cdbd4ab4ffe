/**
 * Scenes for the object detection tests (#39): a still 640×360 background, the girl of dog-human.jpg
 * (CC0, test/fixtures/detect) walking across it, and "foliage" (a patch of fresh noise each frame).
 */
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export const SCENE_W = 640;
export const SCENE_H = 360;
/** Where the person picture is pasted: top, and its size (its left edge is the caller's). */
export const PERSON_TOP = 15;
export const PERSON_W = 144;
export const PERSON_H = 330;

export const sceneBackground = () =>
  sharp({ create: { width: SCENE_W, height: SCENE_H, channels: 3, background: { r: 96, g: 110, b: 96 } } })
    .composite([{ input: { create: { width: SCENE_W, height: SCENE_H / 3, channels: 3, background: { r: 150, g: 160, b: 170 } } }, top: 0, left: 0 }])
    .jpeg({ quality: 85 })
    .toBuffer();

/** The girl (her dog cut in half), PERSON_W × PERSON_H. */
export const scenePerson = () =>
  sharp(fileURLToPath(new URL('../fixtures/detect/dog-human.jpg', import.meta.url)))
    .extract({ left: 0, top: 0, width: 420, height: 962 })
    .resize({ height: PERSON_H })
    .toBuffer();

/** The background with the person's left edge at `left`. */
export const withPerson = (bg: Buffer, person: Buffer, left: number) =>
  sharp(bg)
    .composite([{ input: person, top: PERSON_TOP, left }])
    .jpeg({ quality: 85 })
    .toBuffer();

/** The background with a patch of fresh noise, as wind in leaves makes pixels change in one place. */
export async function withFoliage(bg: Buffer, seed: number): Promise<Buffer> {
  const patch = await sharp({
    create: { width: 200, height: 160, channels: 3, background: { r: 40 + (seed % 40), g: 120, b: 50 }, noise: { type: 'gaussian', mean: 100, sigma: 60 } },
  })
    .png()
    .toBuffer();
  return sharp(bg)
    .composite([{ input: patch, top: 150, left: 380 }])
    .jpeg({ quality: 85 })
    .toBuffer();
}
