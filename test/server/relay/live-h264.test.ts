/**
 * LiveH264's cluster part (#30): streams read for other nodes' viewers (the track bus's reader of the h264 track, #56),
 * and units of another node's camera.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaptureDemand } from '../../../shared/demand.js';
import { Demand } from '../../../server/relay/demand.js';
import type { H264Unit } from '../../../server/tracks/h264-lane.js';
import type { LaneSink } from '../../../server/tracks/lane.js';
import type { TrackReader } from '../../../server/tracks/track.js';
import { LiveH264, RELEASE_MS, type RemoteH264 } from '../../../server/relay/live-h264.js';
import { LocalH264 } from '../../../server/relay/local-h264.js';
import { KEYFRAME_REQUEST_MIN_MS } from '../../../shared/live-video.js';
import { recordPolicy } from '../../../server/recording/record-lane.js';

const SPS_IDR = new Uint8Array([0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0xab, 0, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 1, 0x65, 0x88]);
const unit = (seq: number, keyframe: boolean, cameraId = 'far'): H264Unit => ({
  meta: { cameraId, seq, epoch: 2, capturedAt: 0, clockSynced: true, receivedAt: 0, width: 320, height: 180, keyframe, codec: '' },
  au: keyframe ? SPS_IDR : new Uint8Array([0, 0, 0, 1, 0x41, 0x9a]),
});

/** Another node's reader, as the track bus reads a camera's track for the nodes that want it. */
const others: TrackReader = { wants: () => true, paused: false };
const drop: LaneSink<H264Unit> = { write: (_u, done) => done() };
const hold = (live: LiveH264, ids: string[], sink = drop) => live.trackOf(null).subscribe(others, ids, sink);

describe('LiveH264', () => {
  let now = 0;
  let demand: Demand;
  let local: LocalH264;
  let live: LiveH264;
  let told: CaptureDemand | null;
  let keyframes: Array<[string, number | null]>;
  const remote: RemoteH264 = {
    offers: (id) => id === 'far',
    offersRungs: () => false,
    requestKeyframe: (id, rung) => keyframes.push([id, rung]),
  };

  beforeEach(() => {
    vi.useFakeTimers();
    now = 10_000;
    demand = new Demand({ viewedWidths: () => [] });
    local = new LocalH264(() => now);
    live = new LiveH264({ h264: local, demand, epochOf: () => 1, now: () => now });
    live.setRemote(remote);
    told = null;
    keyframes = [];
    demand.open('near', ['h264'], (d) => (told = d));
  });
  afterEach(() => {
    live.close();
    demand.close();
    vi.useRealTimers();
  });

  describe("another node's reader (the track bus)", () => {
    it('asks the camera for H.264 while another node holds it, and lets it go at once when no longer held', () => {
      hold(live, ['near']);
      demand.refresh();
      expect(told?.h264).toBe(true);
      hold(live, []);
      demand.refresh();
      expect(told?.h264).toBe(false);
    });

    it("keeps the camera asked past a local viewer's release delay while another node holds it", () => {
      live.watch('v', 'near', { write: (_u, done) => done() });
      hold(live, ['near']);
      live.unwatch('v', 'near');
      vi.advanceTimersByTime(RELEASE_MS + 1);
      demand.refresh();
      expect(told?.h264).toBe(true);
    });

    it('waits for the release delay of a local viewer that left before the hold ended', () => {
      hold(live, ['near']);
      live.watch('v', 'near', { write: (_u, done) => done() });
      live.unwatch('v', 'near');
      hold(live, []);
      demand.refresh();
      expect(told?.h264).toBe(true);
      vi.advanceTimersByTime(RELEASE_MS + 1);
      demand.refresh();
      expect(told?.h264).toBe(false);
    });
  });

  describe('a reader that records (the recorder)', () => {
    const recorder = { wants: () => true, paused: false, records: true } as const;
    const policy = recordPolicy<H264Unit>({ sizeOf: (u) => u.au.length });
    const record = (ids: string[], sink = drop) => live.trackOf(null).subscribe(recorder, ids, sink, {}, policy);

    it('asks the camera for H.264 with no live hurry while it reads it, and lets it go at once when it stops', () => {
      record(['near']);
      demand.refresh();
      expect([told?.h264, told?.h264Live]).toEqual([true, false]);
      record([]);
      demand.refresh();
      expect(told?.h264).toBe(false);
    });

    it('asks live while a viewer watches too, and no longer live RELEASE_MS after the viewer left, still asked for the recorder', () => {
      record(['near']);
      live.watch('v', 'near', drop);
      demand.refresh();
      expect([told?.h264, told?.h264Live]).toEqual([true, true]);
      live.unwatch('v', 'near');
      vi.advanceTimersByTime(RELEASE_MS + 1);
      demand.refresh();
      expect([told?.h264, told?.h264Live]).toEqual([true, false]);
      live.trackOf(null).unsubscribe(recorder);
      demand.refresh();
      expect(told?.h264).toBe(false);
    });

    it("gets every unit with the camera side's meta, H.265 and units before the session's epoch too, which a viewer's lane skips", () => {
      let epoch = 0;
      const fresh = new LiveH264({ h264: local, demand, epochOf: () => epoch, now: () => now });
      const kept: Array<[number, number | undefined, boolean]> = [];
      const seen: number[] = [];
      const keep: LaneSink<H264Unit> = { write: (u, done) => (kept.push([u.meta.seq, u.capture?.capturedAt, u.live !== false]), done()) };
      fresh.trackOf(null).subscribe(recorder, ['near'], keep, {}, policy);
      fresh.watch('v', 'near', { write: (u, done) => (seen.push(u.meta.seq), done()) });
      const send = (seq: number, keyframe: boolean, codec?: 'h265') =>
        local.ingest(
          'near',
          { seq, capturedAt: 100, clockOffset: 5, keyframe, width: 320, height: 180, ...(codec && { codec }) },
          Buffer.from(unit(seq, keyframe).au),
        );
      send(1, true);
      epoch = 1;
      send(2, false);
      send(3, true);
      send(4, true, 'h265');
      send(5, false);
      send(6, true);
      fresh.close();
      expect(kept).toEqual([
        [1, 105, false],
        [2, 105, true],
        [3, 105, true],
        [4, 105, false],
        [5, 105, true],
        [6, 105, true],
      ]);
      expect(seen).toEqual([3, 6]);
    });
  });

  describe('#trackOf', () => {
    it('hears every unit of a stream it keeps, in order, with the codec and epoch viewers get', () => {
      const heard: number[] = [];
      hold(live, ['near'], {
        write: (u, done) => {
          expect([u.meta.cameraId, u.meta.codec, u.meta.epoch]).toEqual(['near', 'avc1.42C01E', 1]);
          heard.push(u.meta.seq);
          done();
        },
      });
      for (let seq = 1; seq <= 4; seq++)
        local.ingest('near', { seq, capturedAt: 0, keyframe: seq === 1, width: 320, height: 180 }, Buffer.from(unit(seq, seq === 1).au));
      expect(heard).toEqual([1, 2, 3, 4]);
    });

    it("sends no unit before the camera's session has an epoch (a restarted relay before its first JPEG), and starts at the next keyframe", () => {
      let epoch = 0;
      const fresh = new LiveH264({ h264: local, demand, epochOf: () => epoch, now: () => now });
      const heard: Array<[number, number]> = [];
      hold(fresh, ['near'], { write: (u, done) => (heard.push([u.meta.seq, u.meta.epoch]), done()) });
      const send = (seq: number, keyframe: boolean) =>
        local.ingest('near', { seq, capturedAt: 0, keyframe, width: 320, height: 180 }, Buffer.from(unit(seq, keyframe).au));
      send(1, true);
      send(2, false);
      epoch = 1_700_000_000_000;
      send(3, false);
      send(4, true);
      fresh.close();
      // Unit 3, the first with an epoch, is no start point: the bus's lane, as a viewer's, starts at keyframe 4.
      expect(heard).toEqual([[4, epoch]]);
    });
  });

  describe('#offerRemote', () => {
    it("sends another node's camera to its viewers here from a keyframe, and asks that node for the keyframe", async () => {
      expect(live.canSend('far')).toBe(true);
      expect(live.canSendRungs('far')).toBe(false);
      const got: H264Unit['meta'][] = [];
      live.watch('v', 'far', { write: (u, done) => (got.push(u.meta), done()) });
      expect(keyframes).toEqual([['far', null]]);
      live.offerRemote(null, unit(1, false));
      for (let seq = 2; seq <= 4; seq++) live.offerRemote(null, unit(seq, seq === 2));
      await vi.advanceTimersByTimeAsync(1);
      expect(got.map((m) => m.seq)).toEqual([2, 3, 4]);
      expect(got[0]).toMatchObject({ keyframe: true, codec: 'avc1.42C01E', epoch: 2 });
      expect(live.streams()).toEqual([['far', null]]);
    });

    it('drops units of a stream no viewer here takes', () => {
      live.offerRemote(null, unit(1, true));
      expect(live.streams()).toEqual([]);
    });
  });

  describe('a start point asked by another node', () => {
    it("asks the camera for a keyframe for another node's joiner at most once per KEYFRAME_REQUEST_MIN_MS", () => {
      const asked: Array<number | undefined> = [];
      demand.close();
      demand.open(
        'near',
        ['h264'],
        () => {},
        (rung) => asked.push(rung),
      );
      hold(live, ['near']);
      live.trackOf(null).askStart('near');
      live.trackOf(null).askStart('near');
      expect(asked).toEqual([undefined]);
      now += KEYFRAME_REQUEST_MIN_MS;
      live.trackOf(null).askStart('near');
      expect(asked).toEqual([undefined, undefined]);
    });
  });
});
