import { describe, expect, it } from 'vitest';
import { H264FanOut } from '../../../server/relay/h264-fan-out.js';
import type { H264Unit } from '../../../server/relay/h264-lane.js';
import { KEYFRAME_REQUEST_MIN_MS } from '../../../shared/live-video.js';

const unit = (seq: number, keyframe: boolean, bytes = 100): H264Unit => ({
  meta: { cameraId: 'cam', seq, epoch: 1, capturedAt: 0, clockSynced: true, receivedAt: 0, width: 320, height: 180, keyframe, codec: 'avc1.42C01E' },
  au: new Uint8Array(bytes),
});

/** A viewer that records what it gets and acks at once, or never. */
function viewer(acks = true) {
  const sent: number[] = [];
  const write = (u: H264Unit) => {
    sent.push(u.meta.seq);
    return acks ? Promise.resolve() : new Promise<void>(() => {});
  };
  return { sent, write };
}

describe('H264FanOut', () => {
  describe('#join', () => {
    it('gives a viewer that joins mid-GOP the cached GOP from its keyframe at once', () => {
      const fan = new H264FanOut({ requestKeyframe: () => {} });
      for (let seq = 1; seq <= 5; seq++) fan.offer(unit(seq, seq === 1 || seq === 3));
      const late = viewer();
      fan.join('late', late.write);
      expect(late.sent).toEqual([3, 4, 5]);
    });

    it('keeps no GOP past its byte cap, until the next keyframe', () => {
      const fan = new H264FanOut({ requestKeyframe: () => {}, gopCacheBytes: 250 });
      for (let seq = 1; seq <= 3; seq++) fan.offer(unit(seq, seq === 1));
      expect(fan.cachedUnits).toBe(0);
      fan.offer(unit(4, false));
      expect(fan.cachedUnits).toBe(0);
      fan.offer(unit(5, true));
      expect(fan.cachedUnits).toBe(1);
    });
  });

  describe('keyframe requests', () => {
    it('asks at most once per KEYFRAME_REQUEST_MIN_MS however many viewers join and lag', () => {
      let now = 0;
      const asked: number[] = [];
      const fan = new H264FanOut({ requestKeyframe: () => asked.push(now), now: () => now });
      for (let i = 0; i < 200; i++) fan.join(`v${i}`, viewer(false).write);
      for (let seq = 1; seq <= 600; seq++) {
        now += 50;
        fan.offer(unit(seq, seq % 30 === 1));
        if (seq % 10 === 0) fan.join(`j${seq}`, viewer(false).write);
      }
      expect(asked.length).toBeGreaterThan(1);
      for (let i = 1; i < asked.length; i++) expect(asked[i]! - asked[i - 1]!).toBeGreaterThanOrEqual(KEYFRAME_REQUEST_MIN_MS);
      expect(asked.length).toBeLessThanOrEqual(1 + (600 * 50) / KEYFRAME_REQUEST_MIN_MS);
    });

    it('asks when a viewer joins with no GOP cached, not when one is', () => {
      let asked = 0;
      const fan = new H264FanOut({ requestKeyframe: () => asked++, now: () => 0 });
      fan.offer(unit(1, true));
      fan.join('a', viewer().write);
      expect(asked).toBe(0);
      const empty = new H264FanOut({ requestKeyframe: () => asked++, now: () => 0 });
      empty.join('b', viewer().write);
      expect(asked).toBe(1);
    });
  });

  it('lets a fast viewer get every unit while a slow one skips ahead', async () => {
    const fan = new H264FanOut({ requestKeyframe: () => {} });
    const fast = viewer();
    const slow = viewer(false);
    fan.join('fast', fast.write);
    fan.join('slow', slow.write);
    for (let seq = 1; seq <= 90; seq++) {
      fan.offer(unit(seq, seq % 30 === 1));
      await Promise.resolve();
    }
    expect(fast.sent).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    expect(slow.sent).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
