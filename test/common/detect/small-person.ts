/**
 * #57's small person: the girl of dog-human.jpg (her hand-marked box) scaled to 65 px tall and pasted
 * on the taxis street scaled to 1280×720, where a look at the whole picture shrinks her to 21 px.
 * Made with sharp from the fixture photos (test/fixtures/detect/SOURCES.md) each time, the same bytes each run.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Box } from '../../../common/detect/boxes.js';

const photo = (name: string) => readFileSync(new URL(`../../fixtures/detect/${name}`, import.meta.url));
/** dog-human.jpg's person, marked by hand (detector.test.ts). */
const GIRL: Box = [75, 125, 337, 710];
export const PERSON_HEIGHT = 65;
/** Where she stands on the street: on the pavement right of the taxis, where no person was. */
const AT = { x: 900, y: 420 };

export interface SmallPerson {
  /** 1280×720 JPEG, quality 85. */
  jpeg: Buffer;
  /** Where she was pasted, [x, y, w, h]. */
  person: Box;
}

/** The 1280×720 street alone, JPEG quality 85 (her background). */
export async function streetFrame(): Promise<Buffer> {
  return sharp(photo('taxis.jpg')).resize(1280, 720, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
}

/** The street with her at `at` (her top-left corner; default on the pavement right of the taxis). */
export async function smallPersonFrame(at: { x: number; y: number } = AT): Promise<SmallPerson> {
  const width = Math.round((GIRL[2] * PERSON_HEIGHT) / GIRL[3]);
  const girl = await sharp(photo('dog-human.jpg'))
    .extract({ left: GIRL[0], top: GIRL[1], width: GIRL[2], height: GIRL[3] })
    .resize(width, PERSON_HEIGHT)
    .toBuffer();
  const street = await sharp(photo('taxis.jpg')).resize(1280, 720, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer();
  const jpeg = await sharp(street)
    .composite([{ input: girl, left: at.x, top: at.y }])
    .jpeg({ quality: 85 })
    .toBuffer();
  return { jpeg, person: [at.x, at.y, width, PERSON_HEIGHT] };
}
