/**
 * The face finder on real photos (#58 item 1): BlazeFace on onnxruntime-node, the model as npm run
 * detect:model fetches it. The girl of dog-human.jpg (CC0, test/fixtures/detect/SOURCES.md) has one
 * face, found on the whole picture and on her person box alike, at the same place; the street of
 * taxis.jpg has none a person would call a face, and none is found.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Box } from '../../../common/detect/boxes.js';
import { decodePicture, type DecodedPicture } from '../../../common/detect/prepare-input.js';
import { checkFaceModel, defaultFaceModelDir } from '../../../common/faces/face-model-files.js';
import { loadFaceFinder, type FaceFinder } from '../../../common/faces/face-finder.js';
import { fetchFaceModel } from '../../../tools/detect-model/fetch-face-model.js';

async function photo(name: string): Promise<DecodedPicture> {
  const picture = await decodePicture(readFileSync(new URL(`../../fixtures/detect/${name}`, import.meta.url)));
  if (!picture.ok) throw picture.error;
  return picture.value;
}
/** The girl's person box in dog-human.jpg (640×962), as detector.test.ts marks it. */
const GIRL: Box = [75, 125, 337, 710];

let finder: FaceFinder;
beforeAll(async () => {
  // Fetched as npm run detect:model does, when this machine has not run it yet (as the NanoDet tests do).
  await fetchFaceModel();
  const model = checkFaceModel(defaultFaceModelDir());
  if (!model.ok) throw model.error;
  finder = await loadFaceFinder(model.value, ort);
}, 120_000);

describe('the face finder (BlazeFace, real photos)', () => {
  it("finds the girl's one face, in the top of her box, with its eyes above its mouth, on the whole picture and on her box", async () => {
    const picture = await photo('dog-human.jpg');
    const whole = await finder.find(picture);
    const crop = await finder.find(picture, GIRL);
    for (const { faces } of [whole, crop]) {
      expect(faces).toHaveLength(1);
      const [x, y, w, h] = faces[0]!.box;
      expect(faces[0]!.score).toBeGreaterThan(0.7);
      // Inside her box, in its top fifth, a face's size for a girl 710 px tall (40-120 px).
      expect(x).toBeGreaterThan(GIRL[0]);
      expect(x + w).toBeLessThan(GIRL[0] + GIRL[2]);
      expect(y).toBeGreaterThan(GIRL[1] - 20);
      expect(y + h).toBeLessThan(GIRL[1] + GIRL[3] / 5);
      expect(w).toBeGreaterThan(40);
      expect(w).toBeLessThan(120);
      const [rightEye, leftEye, , mouth] = faces[0]!.keypoints;
      expect(mouth![1]).toBeGreaterThan(Math.max(rightEye![1], leftEye![1]));
    }
    // The crop is a closer look at the same face: the boxes agree within a few pixels.
    for (let i = 0; i < 4; i++) expect(Math.abs(crop.faces[0]!.box[i]! - whole.faces[0]!.box[i]!)).toBeLessThan(8);
    console.log(`face at [${whole.faces[0]!.box.map(Math.round).join(', ')}], score ${whole.faces[0]!.score.toFixed(2)}`);
  });

  it('finds no face on a street of taxis, and none on a crop that holds nothing', async () => {
    const street = await photo('taxis.jpg');
    expect((await finder.find(street)).faces).toEqual([]);
    expect((await finder.find(street, [700, 500, 50, 50])).faces).toEqual([]);
  });
});
