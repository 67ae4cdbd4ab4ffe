import { describe, expect, it } from 'vitest';
import { ByteBudget, MB } from '../../../server/recording/byte-budget.js';
import { MotionGate } from '../../../server/recording/motion-gate.js';
import { PreRoll } from '../../../server/recording/pre-roll.js';
import type { Queued } from '../../../server/recording/recorder-types.js';
import { CAMERA_DEFAULTS } from '../../../server/recording/settings.js';
import type { CameraRecording } from '../../../shared/recording.js';

const frame = (at: number): Queued => ({ at, jpeg: Buffer.alloc(100), width: 640, height: 360 });

function gate(mode: CameraRecording['mode']) {
  const settings: CameraRecording = { ...CAMERA_DEFAULTS, mode, preRollSeconds: 2, postRollSeconds: 1 };
  const queued: number[] = [];
  const closes: string[] = [];
  const preRoll = new PreRoll(new ByteBudget(32 * MB, new ByteBudget(256 * MB)), { camera: 32, all: 256 });
  const g = new MotionGate(preRoll, () => settings, { enqueue: (item) => queued.push(item.at), close: (why) => closes.push(why) });
  return { g, queued, closes, preRoll };
}

describe('MotionGate', () => {
  describe('#pass', () => {
    it('lets every frame through outside motion mode', () => {
      const { g, queued, preRoll } = gate('continuous');
      g.pass(frame(0));
      expect(queued).toEqual([0]);
      expect(preRoll.frames).toBe(0);
    });

    it('holds frames in the pre-roll until motion starts, then queues the pre-roll and what follows', () => {
      const { g, queued, preRoll } = gate('motion');
      for (let at = 0; at <= 5000; at += 1000) g.pass(frame(at));
      expect(queued).toEqual([]);
      expect(preRoll.frames).toBeGreaterThan(0);
      g.motion({ type: 'start', at: 5000, score: 0.4 });
      expect(queued).toEqual([3000, 4000, 5000]);
      g.pass(frame(6000));
      expect(queued.at(-1)).toBe(6000);
    });

    it('closes the segment as no-motion with the first frame past the post-roll, and holds that frame again', () => {
      const { g, queued, closes } = gate('motion');
      g.motion({ type: 'start', at: 0, score: 0.4 });
      g.motion({ type: 'end', at: 1000, score: 0 });
      g.pass(frame(2000));
      g.pass(frame(2001));
      expect(queued).toEqual([2000]);
      expect(closes).toEqual(['no-motion']);
    });
  });

  describe('#tick', () => {
    it('ends motion whose post-roll ran out on a camera that went quiet', () => {
      const { g, closes } = gate('motion');
      g.motion({ type: 'start', at: 0, score: 0.4 });
      g.motion({ type: 'end', at: 1000, score: 0 });
      g.tick(2000 + 3000, 3000);
      expect(closes).toEqual([]);
      g.tick(2001 + 3000, 3000);
      expect(closes).toEqual(['no-motion']);
    });
  });
});
