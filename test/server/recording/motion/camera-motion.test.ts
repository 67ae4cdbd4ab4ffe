import { describe, expect, it } from 'vitest';
import { CameraMotion, type Sighting } from '../../../../server/recording/motion/camera-motion.js';
import type { GreyPicture } from '../../../../server/recording/motion/grey-picture.js';
import type { MotionSignal } from '../../../../server/recording/recorder-types.js';
import { MOTION_DEFAULTS } from '../../../../server/recording/settings.js';
import { frameAt } from '../fakes.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const W = 16;
const H = 9;

/** A decoder the test releases by hand; each picture is plain grey at the level the frame's seq says. */
function heldDecoder() {
  const pending: Array<() => void> = [];
  const decode = (jpeg: Buffer): Promise<GreyPicture> =>
    new Promise((resolve) => pending.push(() => resolve({ data: new Uint8Array(W * H).fill(jpeg[2]!), width: W, height: H })));
  return { decode, pending };
}

function motion(fps = 5) {
  const held = heldDecoder();
  const signals: Array<{ signal: MotionSignal; best: Sighting | null }> = [];
  const m = new CameraMotion(
    'cam',
    { ...MOTION_DEFAULTS, fps },
    { decode: held.decode, onSignal: (signal, best) => signals.push({ signal, best }), onReading: () => {}, onError: () => {} },
  );
  return { m, held, signals };
}

describe('CameraMotion', () => {
  describe('#offer', () => {
    it('detects at most motion.fps times a second by the frames’ own times', async () => {
      const { m, held } = motion(5);
      for (let i = 0; i < 150; i++) {
        m.offer(frameAt(T0 + Math.round((i * 1000) / 15), i));
        held.pending.shift()?.();
        await m.idle();
      }
      // 10 s of a 15 fps camera at 5 detections a second.
      expect(m.counts.detections).toBe(50);
      expect(m.counts.busy).toBe(0);
    });

    it('skips and counts a detection due while the one before still runs, and never queues', async () => {
      const { m, held } = motion(5);
      for (let i = 0; i < 30; i++) m.offer(frameAt(T0 + Math.round((i * 1000) / 15), i));
      // The first decode never finished: one running, the nine due meanwhile skipped, none waiting.
      expect(held.pending).toHaveLength(1);
      expect(m.counts.busy).toBe(9);
      held.pending.shift()!();
      await m.idle();
      expect(m.counts.detections).toBe(1);
    });
  });

  describe('#offer across capture sessions', () => {
    /** Grey 10 for 2 s of session 1, then grey 200 for 2 s of `epoch`: the whole picture changed. */
    async function switchTo(epoch: number) {
      const { m, held, signals } = motion(5);
      m.configure({ ...MOTION_DEFAULTS, fps: 5, minAreaPercent: 90 });
      for (let i = 0; i < 20; i++) {
        const f = frameAt(T0 + i * 200, i);
        f.jpeg[2] = i < 10 ? 10 : 200;
        m.offer(i < 10 ? f : { ...f, meta: { ...f.meta, epoch } });
        held.pending.shift()?.();
        await m.idle();
      }
      return signals.map((s) => s.signal.type);
    }

    it('takes a new session’s first picture for the background, not for motion (a reconnect is not motion)', async () => {
      expect(await switchTo(2)).toEqual([]);
    });

    it('still sees the same change within one session as motion', async () => {
      expect(await switchTo(1)).toEqual(['start']);
    });
  });

  describe('#tick', () => {
    it('ends motion when the camera goes silent', async () => {
      const { m, held, signals } = motion(5);
      // Grey 10, then 200 from frame 10 on: the whole picture changes, held for the detection count.
      m.configure({ ...MOTION_DEFAULTS, fps: 5, minAreaPercent: 90 });
      for (let i = 0; i < 20; i++) {
        const f = frameAt(T0 + i * 200, i);
        f.jpeg[2] = i < 10 ? 10 : i % 2 ? 200 : 10;
        m.offer(f);
        held.pending.shift()?.();
        await m.idle();
      }
      expect(signals.map((s) => s.signal.type)).toEqual(['start']);
      expect(signals[0]!.best?.jpeg).toBeInstanceOf(Buffer);
      m.tick(T0 + 19 * 200 + 6000, 5000);
      expect(signals.map((s) => s.signal)).toEqual([expect.objectContaining({ type: 'start' }), { type: 'end', at: T0 + 19 * 200 }]);
    });
  });

  describe("#offer with the camera side's small picture", () => {
    /** A CameraMotion whose camera side has `small` to give, and the sizes its decoder was handed. */
    function withSmall(small: () => ReturnType<typeof frameAt> | null) {
      const sizes: Array<[number, number]> = [];
      const decode = (_jpeg: Buffer, width: number, height: number): Promise<GreyPicture> => {
        sizes.push([width, height]);
        return Promise.resolve({ data: new Uint8Array(W * H), width: W, height: H });
      };
      const m = new CameraMotion('cam', MOTION_DEFAULTS, { decode, smaller: small, onSignal: () => {}, onReading: () => {}, onError: () => {} });
      return { m, sizes };
    }
    const smallAt = (at: number) => {
      const f = frameAt(at, 1);
      return { ...f, meta: { ...f.meta, width: 320, height: 180 } };
    };

    it('decodes the small picture rather than the full frame while a fresh one comes', async () => {
      const { m, sizes } = withSmall(() => smallAt(T0 - 66));
      m.offer(frameAt(T0, 2));
      await m.idle();
      expect(sizes).toEqual([[320, 180]]);
    });

    it('decodes the full frame when there is no small picture, or only a stale one', async () => {
      let small: ReturnType<typeof smallAt> | null = null;
      const { m, sizes } = withSmall(() => small);
      m.offer(frameAt(T0, 2));
      await m.idle();
      small = smallAt(T0);
      m.offer(frameAt(T0 + 2000, 3));
      await m.idle();
      expect(sizes).toEqual([
        [1280, 720],
        [1280, 720],
      ]);
    });
  });

  describe('#boxes', () => {
    it('holds where the last detection saw change, in the full frame’s pixels even when a small picture was decoded', async () => {
      // Plain grey, then a 2×2 block changed at (4, 2) of the 16×9 compared picture.
      const decode = (jpeg: Buffer): Promise<GreyPicture> => {
        const data = new Uint8Array(W * H).fill(10);
        if (jpeg[2] === 2) for (const i of [2 * W + 4, 2 * W + 5, 3 * W + 4, 3 * W + 5]) data[i] = 200;
        return Promise.resolve({ data, width: W, height: H });
      };
      const m = new CameraMotion('cam', MOTION_DEFAULTS, { decode, onSignal: () => {}, onReading: () => {}, onError: () => {} });
      expect(m.boxes).toBeNull();
      m.offer(frameAt(T0, 1));
      await m.idle();
      expect(m.boxes).toEqual({ at: T0, width: 1280, height: 720, boxes: [] });
      m.offer(frameAt(T0 + 1000, 2));
      await m.idle();
      expect(m.boxes).toEqual({ at: T0 + 1000, width: 1280, height: 720, boxes: [[320, 160, 160, 160]] });
    });
  });
});
