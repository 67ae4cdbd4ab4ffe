import { describe, expect, it } from 'vitest';
import { H264Lane, type H264Unit } from '../../../server/tracks/h264-lane.js';
import type { LaneSink } from '../../../server/tracks/lane.js';

const unit = (seq: number, keyframe: boolean, bytes = 100): H264Unit => ({
  meta: { cameraId: 'cam', seq, epoch: 1, capturedAt: 0, clockSynced: true, receivedAt: 0, width: 320, height: 180, keyframe, codec: 'avc1.42C01E' },
  au: new Uint8Array(bytes),
});

/** A viewer that acks only when told: `sent` in order, `ack()` settles the oldest unacked unit. */
function viewer() {
  const sent: number[] = [];
  const acks: Array<() => void> = [];
  const sink: LaneSink<H264Unit> = {
    write: (u, done) => {
      sent.push(u.meta.seq);
      acks.push(done);
    },
  };
  const ackAll = async () => {
    while (acks.length > 0) {
      acks.shift()!();
      await Promise.resolve();
      await Promise.resolve();
    }
  };
  return { sent, sink, ackAll };
}

describe('H264Lane', () => {
  describe('#offer', () => {
    it('starts at a keyframe and sends up to the window, the rest after acks, in order', async () => {
      const v = viewer();
      const lane = new H264Lane({ sink: v.sink, window: 3 });
      lane.offer(unit(0, false));
      for (let seq = 1; seq <= 6; seq++) lane.offer(unit(seq, seq === 1));
      expect(v.sent).toEqual([1, 2, 3]);
      await v.ackAll();
      expect(v.sent).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('keeps unacked bytes under the byte window but always lets one unit go', () => {
      const v = viewer();
      const lane = new H264Lane({ sink: v.sink, window: 8, windowBytes: 250 });
      lane.offer(unit(1, true, 400));
      lane.offer(unit(2, false, 100));
      expect(v.sent).toEqual([1]);
    });

    it('drops the waiting units when a keyframe arrives and goes on from it: no P-frame after a skip', async () => {
      const v = viewer();
      let skips = 0;
      const lane = new H264Lane({ sink: v.sink, window: 1, onSkip: () => skips++ });
      for (let seq = 1; seq <= 5; seq++) lane.offer(unit(seq, seq === 1));
      lane.offer(unit(6, true));
      lane.offer(unit(7, false));
      await v.ackAll();
      expect(v.sent).toEqual([1, 6, 7]);
      expect(skips).toBe(1);
    });

    it('never queues past its byte cap: a GOP too big is dropped whole until the next keyframe', async () => {
      const v = viewer();
      let skips = 0;
      const lane = new H264Lane({ sink: v.sink, window: 1, queueBytes: 350, onSkip: () => skips++ });
      let most = 0;
      for (let seq = 1; seq <= 10; seq++) {
        lane.offer(unit(seq, seq === 1));
        most = Math.max(most, lane.queuedBytes);
      }
      expect(most).toBeLessThanOrEqual(350);
      expect(lane.waitingForKeyframe).toBe(true);
      lane.offer(unit(11, true));
      await v.ackAll();
      expect(v.sent).toEqual([1, 11]);
      expect(skips).toBe(1);
    });
  });

  describe('#resume', () => {
    it('stamps every unit it sends with the newest resume number, from its start on', async () => {
      const stamps: (number | undefined)[] = [];
      const lane = new H264Lane({ sink: { write: (u, done) => (stamps.push(u.meta.resume), done()) }, resume: 3 });
      lane.offer(unit(1, true));
      lane.resume(5);
      lane.offer(unit(2, false));
      lane.offer(unit(3, true));
      await Promise.resolve();
      expect(stamps).toEqual([3, 5]);
    });

    it('hands lanes that send a unit with the same number one meta object (frame-fetch makes its header once per object)', () => {
      const metas: H264Unit['meta'][] = [];
      const lanes = [1, 1, 2].map((resume) => new H264Lane({ sink: { write: (u, done) => (metas.push(u.meta), done()) }, resume }));
      const u = unit(1, true);
      for (const lane of lanes) lane.offer(u);
      expect(metas[0]).toBe(metas[1]);
      expect(metas.map((m) => m.resume)).toEqual([1, 1, 2]);
      expect(u.meta.resume).toBeUndefined();
    });

    it('with a number, restarts a lane that was not paused: what waited is dropped, it goes on from the next keyframe', async () => {
      const v = viewer();
      const lane = new H264Lane({ sink: v.sink, window: 1 });
      for (let seq = 1; seq <= 3; seq++) lane.offer(unit(seq, seq === 1));
      expect(lane.resume(1)).toBe(true);
      expect(lane.waitingForKeyframe).toBe(true);
      lane.offer(unit(4, false));
      lane.offer(unit(5, true));
      await v.ackAll();
      expect(v.sent).toEqual([1, 5]);
    });

    it('without a number, leaves a lane that was not paused as it is', () => {
      const lane = new H264Lane({ sink: viewer().sink });
      lane.offer(unit(1, true));
      expect(lane.resume()).toBe(false);
      expect(lane.waitingForKeyframe).toBe(false);
    });
  });

  describe('#pause', () => {
    it('sends nothing while paused and resumes from the next keyframe', async () => {
      const v = viewer();
      const lane = new H264Lane({ sink: v.sink });
      lane.offer(unit(1, true));
      lane.pause();
      lane.offer(unit(2, false));
      lane.resume();
      lane.offer(unit(3, false));
      lane.offer(unit(4, true));
      await v.ackAll();
      expect(v.sent).toEqual([1, 4]);
    });
  });
});
