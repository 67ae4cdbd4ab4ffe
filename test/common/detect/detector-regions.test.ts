/**
 * A look at regions with the real worker and model (#57 item 2): a person 65 px tall on a 1280×720
 * street is missed by the look at the whole picture and found in a region picked around her motion,
 * her box in the picture's pixels; overlapping regions give her once; bad regions give DETECT_BAD_REGION.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Box } from '../../../common/detect/boxes.js';
import { iou } from '../../../common/detect/boxes.js';
import { Detector } from '../../../common/detect/detector.js';
import { pickRegions } from '../../../common/detect/regions.js';
import type { CamrelayError } from '../../../shared/errors.js';
import { detectModelDir } from '../../helpers/detect-model.js';
import { smallPersonFrame, type SmallPerson } from './small-person.js';

const people = (found: { label: string; box: Box }[], near: Box) => found.filter((d) => d.label === 'person' && iou(d.box, near) > 0.5);

describe('Detector', () => {
  let detector: Detector;
  let frame: SmallPerson;
  beforeAll(async () => {
    detector = new Detector({ modelDir: await detectModelDir(), log: () => {} });
    await detector.start();
    frame = await smallPersonFrame();
  }, 120_000);
  afterAll(() => detector?.close());

  describe('#detect with regions', () => {
    it('finds a person 65 px tall on a 1280×720 picture in a region around her motion, whom the whole-picture look misses', async () => {
      const whole = await detector.detect(frame.jpeg);
      expect(people(whole.detections, frame.person)).toEqual([]);
      expect(whole.timings.regions).toBeUndefined();
      // Motion as the detector's grid gives it: a box around her, a little larger.
      const [x, y, w, h] = frame.person;
      const regions = pickRegions({ width: 1280, height: 720 }, [[x - 4, y - 4, w + 8, h + 8]]);
      expect(regions).toHaveLength(1);
      const looked = await detector.detect(frame.jpeg, regions);
      expect(people(looked.detections, frame.person)).toHaveLength(1);
      expect(looked.timings.regions).toBe(1);
    }, 60_000);

    it('gives an object seen in two overlapping regions once', async () => {
      const [x, y] = frame.person;
      const looked = await detector.detect(frame.jpeg, [
        [x - 300, y - 200, 416, 416],
        [x - 100, y - 150, 416, 416],
      ]);
      expect(looked.timings.regions).toBe(2);
      expect(people(looked.detections, frame.person)).toHaveLength(1);
    }, 60_000);

    it('looks at the whole picture when given no regions, as before', async () => {
      const photo = readFileSync(new URL('../../fixtures/detect/dog-human.jpg', import.meta.url));
      expect(people((await detector.detect(photo, [])).detections, [75, 125, 337, 710])).toHaveLength(1);
    }, 60_000);

    it('refuses regions that are not boxes, or outside the picture, with DETECT_BAD_REGION, and detects the next frame', async () => {
      const code = (p: Promise<unknown>) =>
        p.then(
          () => 'none',
          (e: CamrelayError) => e.code,
        );
      expect(await code(detector.detect(frame.jpeg, [[0, 0, NaN, 10]]))).toBe('DETECT_BAD_REGION');
      expect(await code(detector.detect(frame.jpeg, [[0, 0, 0, 10]]))).toBe('DETECT_BAD_REGION');
      expect(
        await code(
          detector.detect(
            frame.jpeg,
            Array.from({ length: 9 }, (): Box => [0, 0, 416, 416]),
          ),
        ),
      ).toBe('DETECT_BAD_REGION');
      expect(await code(detector.detect(frame.jpeg, [[2000, 0, 416, 416]]))).toBe('DETECT_BAD_REGION');
      expect((await detector.detect(frame.jpeg, [[700, 300, 416, 416]])).timings.regions).toBe(1);
    }, 60_000);
  });
});
