/**
 * The relay's detection path looks where motion is (#57 item 2), with the real worker and model: a
 * person 65 px tall on a 1280×720 frame, under motion's box, is counted in the camera's look.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Box } from '../../../common/detect/boxes.js';
import { iou } from '../../../common/detect/boxes.js';
import { DetectionService } from '../../../server/detection/detection-service.js';
import type { LiveObjects } from '../../../shared/live-objects.js';
import { detectModelDir } from '../../helpers/detect-model.js';
import { patient, waitFor } from '../../helpers/wait.js';
import { CameraMotion } from '../../../server/recording/motion/camera-motion.js';
import { MOTION_DEFAULTS } from '../../../server/recording/settings.js';
import { jpegFrame } from '../recording/fakes.js';
import { smallPersonFrame, streetFrame } from '../../common/detect/small-person.js';

let dir: string | undefined;
let service: DetectionService | undefined;
afterEach(async () => {
  await service?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  service = dir = undefined;
});

describe('DetectionService with motion’s boxes', () => {
  it(
    'finds a person 65 px tall on a 1280×720 frame by looking at the region where motion saw her',
    async () => {
      const frame = await smallPersonFrame();
      const [x, y, w, h] = frame.person;
      const motionBox: Box = [x - 8, y - 8, w + 16, h + 16];
      const looks: LiveObjects[] = [];
      dir = mkdtempSync(path.join(tmpdir(), 'camrelay-regions-'));
      service = new DetectionService({
        dataDir: dir,
        motion: () => ({ detects: true, moving: true, boxes: { at: Date.now(), width: 1280, height: 720, boxes: [motionBox] } }),
        onObjects: () => true,
        onError: () => {},
        live: { publishing: () => {}, look: (look) => looks.push(look) },
        detector: { modelDir: await detectModelDir(), log: () => {} },
      });
      await service.change('door', { enabled: true, labels: ['person'] });
      // A frame a second (the camera's turn comes at rate 2) until a look counts her; the first waits for the worker to start.
      const seen = await waitFor(
        () => {
          service!.offer('door', { jpeg: frame.jpeg, width: 1280, height: 720, at: Date.now() });
          return looks.find((l) => l.boxes.some((b) => b.label === 'person' && iou(b.box, frame.person) > 0.5));
        },
        'a look counting the small person',
        patient(60_000),
        1000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; looks: ${JSON.stringify(looks.slice(-3))}; status: ${JSON.stringify(service!.answer('door').status)}`);
      });
      expect(seen).toMatchObject({ cameraId: 'door', width: 1280, height: 720 });
    },
    patient(90_000),
  );

  it(
    'finds her walking along the street from motion’s own boxes: real frames through motion detection, its boxes to the detector',
    async () => {
      // Her 31×65 px is 0.2% of the picture: under the default 1% motion needs, so this camera asks for 0.1%.
      const motion = new CameraMotion(
        'door',
        { ...MOTION_DEFAULTS, fps: 5, minAreaPercent: 0.1 },
        { onSignal: () => {}, onReading: () => {}, onError: () => {} },
      );
      const looks: LiveObjects[] = [];
      dir = mkdtempSync(path.join(tmpdir(), 'camrelay-regions-'));
      service = new DetectionService({
        dataDir: dir,
        motion: () => ({ detects: true, moving: motion.stirring, boxes: motion.boxes }),
        onObjects: () => true,
        onError: () => {},
        live: { publishing: () => {}, look: (look) => looks.push(look) },
        detector: { modelDir: await detectModelDir(), log: () => {} },
      });
      await service.change('door', { enabled: true, labels: ['person'] });
      const t0 = Date.now();
      let seq = 0;
      const show = async (jpeg: Buffer) => {
        const at = t0 + seq * 200;
        motion.offer(jpegFrame(at, seq++, jpeg, 1280, 720, 'door'));
        await motion.idle();
        service!.offer('door', { jpeg, width: 1280, height: 720, at: Date.now() });
      };
      const street = await streetFrame();
      await show(street);
      await show(street);
      // She walks right 6 px a frame from x 860; a look counts her if its person box is where she was in a frame shown.
      const positions: Box[] = [];
      const seen = await waitFor(
        async () => {
          const frame = await smallPersonFrame({ x: 860 + (seq % 40) * 6, y: 420 });
          await show(frame.jpeg);
          positions.push(frame.person);
          return looks.find((l) => l.boxes.some((b) => b.label === 'person' && positions.some((p) => iou(b.box, p) > 0.4)));
        },
        'a look counting her',
        patient(60_000),
        200,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; motion: ${JSON.stringify(motion.boxes)}; looks: ${JSON.stringify(looks.slice(-3))}`);
      });
      expect(seen.cameraId).toBe('door');
      expect(motion.boxes!.boxes.length).toBeGreaterThan(0);
    },
    patient(90_000),
  );
});
