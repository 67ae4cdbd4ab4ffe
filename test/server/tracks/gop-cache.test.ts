/**
 * The newest-GOP track's start points (gop-cache.ts, through Track and newestGop): what H264FanOut's tests asserted
 * of one camera's viewers before live H.264 became a track (#56), each through the track's public API.
 */
import { describe, expect, it } from 'vitest';
import type { H264Unit } from '../../../server/tracks/h264-lane.js';
import type { LaneSink } from '../../../server/tracks/lane.js';
import { newestGop } from '../../../server/tracks/policies.js';
import { Track, type TrackReader } from '../../../server/tracks/track.js';
import { KEYFRAME_REQUEST_MIN_MS } from '../../../shared/live-video.js';

const unit = (seq: number, keyframe: boolean, bytes = 100): H264Unit => ({
  meta: { cameraId: 'cam', seq, epoch: 1, capturedAt: 0, clockSynced: true, receivedAt: 0, width: 320, height: 180, keyframe, codec: 'avc1.42C01E' },
  au: new Uint8Array(bytes),
});

/** A viewer that records what it gets and acks at once, or never. */
function viewer(acks = true) {
  const sent: number[] = [];
  const metas: H264Unit['meta'][] = [];
  const sink: LaneSink<H264Unit> = {
    write: (u, done) => {
      sent.push(u.meta.seq);
      metas.push(u.meta);
      if (acks) queueMicrotask(done);
    },
  };
  /** The seqs it got marked catch-up. */
  const catchUp = () => metas.filter((m) => m.catchUp === true).map((m) => m.seq);
  return { sent, metas, sink, catchUp };
}

/** One camera's track with its viewers named as H264FanOut named them. */
function fanOut(o: { requestKeyframe: () => void; now?: () => number; gopCacheBytes?: number }) {
  const track = new Track<H264Unit>({
    kind: 'h264',
    policy: newestGop(o.gopCacheBytes),
    cameraOf: (u) => u.meta.cameraId,
    now: o.now,
    onStartAsk: o.requestKeyframe,
  });
  const readers = new Map<string, TrackReader>();
  return {
    offer: (u: H264Unit) => track.publish(u),
    join(id: string, sink: LaneSink<H264Unit>, onSkip?: () => void, resume = 0) {
      const r: TrackReader = { wants: () => true, paused: false };
      readers.set(id, r);
      track.subscribe(r, ['cam'], sink, { onSkip: () => onSkip?.(), mark: resume });
    },
    leave(id: string) {
      track.unsubscribe(readers.get(id)!);
      readers.delete(id);
    },
    pause: (id: string) => track.pause(readers.get(id)!, true),
    resume: (id: string, resume?: number) => track.pause(readers.get(id)!, false, resume),
    get viewers() {
      return readers.size;
    },
    get cachedUnits() {
      return track.startUnits('cam');
    },
  };
}

describe('GopCache (a newest-GOP track)', () => {
  describe('#join', () => {
    it('gives a viewer that joins mid-GOP the cached GOP from its keyframe at once', () => {
      const fan = fanOut({ requestKeyframe: () => {} });
      for (let seq = 1; seq <= 5; seq++) fan.offer(unit(seq, seq === 1 || seq === 3));
      const late = viewer();
      fan.join('late', late.sink);
      expect(late.sent).toEqual([3, 4, 5]);
    });

    it('marks every cached unit but the newest catch-up, and no live unit after them', () => {
      const fan = fanOut({ requestKeyframe: () => {} });
      for (let seq = 1; seq <= 6; seq++) fan.offer(unit(seq, seq === 1 || seq === 3));
      const late = viewer();
      fan.join('late', late.sink);
      fan.offer(unit(7, false));
      fan.offer(unit(8, true));
      expect(late.sent).toEqual([3, 4, 5, 6, 7, 8]);
      expect(late.catchUp()).toEqual([3, 4, 5]);
    });

    it('marks nothing when the GOP kept is its keyframe alone: that is the newest picture', () => {
      const fan = fanOut({ requestKeyframe: () => {} });
      fan.offer(unit(1, true));
      const v = viewer();
      fan.join('v', v.sink);
      expect(v.sent).toEqual([1]);
      expect(v.catchUp()).toEqual([]);
    });

    it('stamps what it sends with the resume number the viewer joined with', () => {
      const fan = fanOut({ requestKeyframe: () => {} });
      fan.offer(unit(1, true));
      fan.offer(unit(2, false));
      const v = viewer();
      fan.join('v', v.sink, undefined, 4);
      fan.offer(unit(3, false));
      expect(v.metas.map((m) => m.resume)).toEqual([4, 4, 4]);
    });

    it('keeps no GOP past its byte cap, until the next keyframe', () => {
      const fan = fanOut({ requestKeyframe: () => {}, gopCacheBytes: 250 });
      for (let seq = 1; seq <= 3; seq++) fan.offer(unit(seq, seq === 1));
      expect(fan.cachedUnits).toBe(0);
      fan.offer(unit(4, false));
      expect(fan.cachedUnits).toBe(0);
      fan.offer(unit(5, true));
      expect(fan.cachedUnits).toBe(1);
    });
  });

  describe('#leave', () => {
    it('closes the viewer’s lane: what waited in it is not written once the link acks what was in flight', async () => {
      const fan = fanOut({ requestKeyframe: () => {} });
      const sent: number[] = [];
      const acks: Array<() => void> = [];
      fan.join('v', { write: (u, done) => (sent.push(u.meta.seq), acks.push(done)) });
      for (let seq = 1; seq <= 20; seq++) fan.offer(unit(seq, seq === 1));
      const inFlight = [...sent];
      fan.leave('v');
      while (acks.length > 0) {
        acks.shift()!();
        await Promise.resolve();
        await Promise.resolve();
      }
      expect(sent).toEqual(inFlight);
      expect(fan.viewers).toBe(0);
    });
  });

  describe('#resume', () => {
    it('gives a paused viewer the GOP kept again, marked as on a join', () => {
      const fan = fanOut({ requestKeyframe: () => {} });
      const v = viewer();
      fan.join('v', v.sink);
      for (let seq = 1; seq <= 3; seq++) fan.offer(unit(seq, seq === 1));
      fan.pause('v');
      for (let seq = 4; seq <= 8; seq++) fan.offer(unit(seq, seq === 5));
      fan.resume('v');
      fan.offer(unit(9, false));
      expect(v.sent).toEqual([1, 2, 3, 5, 6, 7, 8, 9]);
      expect(v.catchUp()).toEqual([5, 6, 7]);
    });

    it('without a resume number, gives a viewer that was not paused nothing again', () => {
      const fan = fanOut({ requestKeyframe: () => {} });
      const v = viewer();
      fan.join('v', v.sink);
      for (let seq = 1; seq <= 3; seq++) fan.offer(unit(seq, seq === 1));
      fan.resume('v');
      expect(v.sent).toEqual([1, 2, 3]);
    });

    it('with a resume number, restarts a viewer that was not paused from the GOP kept and stamps the number from then on', async () => {
      const fan = fanOut({ requestKeyframe: () => {} });
      // A frozen page that never said so: it acks nothing until it thaws, so units wait behind the 8 in flight.
      const acks: Array<() => void> = [];
      const v = viewer();
      fan.join('v', { write: (u, done) => (v.sink.write(u, () => {}), acks.push(done)) }, undefined, 1);
      for (let seq = 1; seq <= 12; seq++) fan.offer(unit(seq, seq === 1 || seq === 10));
      expect(v.sent).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      fan.resume('v', 2);
      fan.offer(unit(13, false));
      while (acks.length > 0) {
        acks.shift()!();
        await new Promise((r) => setImmediate(r));
      }
      expect(v.sent).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13]);
      expect(v.metas.map((m) => m.resume)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2]);
      expect(v.catchUp()).toEqual([10, 11]);
    });

    it('asks the camera for a keyframe when a viewer resumes with no GOP kept', () => {
      let asked = 0;
      let now = 0;
      const fan = fanOut({ requestKeyframe: () => asked++, now: () => now, gopCacheBytes: 150 });
      fan.join('v', viewer().sink);
      expect(asked).toBe(1);
      fan.offer(unit(1, true));
      fan.offer(unit(2, false)); // past the cap: nothing kept
      now += KEYFRAME_REQUEST_MIN_MS;
      fan.resume('v', 1);
      expect(asked).toBe(2);
    });
  });

  describe('keyframe requests', () => {
    it('asks at most once per KEYFRAME_REQUEST_MIN_MS however many viewers join and lag', () => {
      let now = 0;
      const asked: number[] = [];
      const fan = fanOut({ requestKeyframe: () => asked.push(now), now: () => now });
      for (let i = 0; i < 200; i++) fan.join(`v${i}`, viewer(false).sink);
      for (let seq = 1; seq <= 600; seq++) {
        now += 50;
        fan.offer(unit(seq, seq % 30 === 1));
        if (seq % 10 === 0) fan.join(`j${seq}`, viewer(false).sink);
      }
      expect(asked.length).toBeGreaterThan(1);
      for (let i = 1; i < asked.length; i++) expect(asked[i]! - asked[i - 1]!).toBeGreaterThanOrEqual(KEYFRAME_REQUEST_MIN_MS);
      expect(asked.length).toBeLessThanOrEqual(1 + (600 * 50) / KEYFRAME_REQUEST_MIN_MS);
    });

    it('asks when a viewer joins with no GOP cached, not when one is', () => {
      let asked = 0;
      const fan = fanOut({ requestKeyframe: () => asked++, now: () => 0 });
      fan.offer(unit(1, true));
      fan.join('a', viewer().sink);
      expect(asked).toBe(0);
      const empty = fanOut({ requestKeyframe: () => asked++, now: () => 0 });
      empty.join('b', viewer().sink);
      expect(asked).toBe(1);
    });
  });

  it('lets a fast viewer get every unit while a slow one skips ahead', async () => {
    const fan = fanOut({ requestKeyframe: () => {} });
    const fast = viewer();
    const slow = viewer(false);
    fan.join('fast', fast.sink);
    fan.join('slow', slow.sink);
    for (let seq = 1; seq <= 90; seq++) {
      fan.offer(unit(seq, seq % 30 === 1));
      await Promise.resolve();
    }
    expect(fast.sent).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    expect(slow.sent).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
