/**
 * HlsPackagers with a stand-in for the relay's LiveH264 (a map of sinks) and an injected clock: a
 * camera's packager watches its H.264 only while its playlist is fetched, and stops after `idleMs`.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { H264Unit } from '../../../server/tracks/h264-lane.js';
import type { LaneSink } from '../../../server/tracks/lane.js';
import { HlsPackagers } from '../../../server/streams/hls-packagers.js';
import { h264AccessUnits, type AccessUnit } from '../../helpers/h264.js';

let units: AccessUnit[];

/** The viewers LiveH264 would have: `watch` adds a sink, `unwatch` takes it away. */
function fakeLive() {
  const sinks = new Map<string, LaneSink<H264Unit>>();
  return {
    sinks,
    watch: (viewer: string, cameraId: string, sink: LaneSink<H264Unit>) => void sinks.set(`${viewer}/${cameraId}`, sink),
    unwatch: (viewer: string, cameraId: string) => void sinks.delete(`${viewer}/${cameraId}`),
    /** Sends `list` to every sink of `cameraId`, 15 fps from `start`. */
    send(cameraId: string, list: AccessUnit[], start: number) {
      list.forEach((u, i) => {
        const meta = { keyframe: u.keyframe, width: 320, height: 180, capturedAt: Math.round(start + (i * 1000) / 15) } as H264Unit['meta'];
        for (const [key, sink] of sinks) if (key.endsWith(`/${cameraId}`)) sink.write({ meta, au: u.au }, () => {});
      });
    },
  };
}

let clock = 0;
const now = () => clock;
let packagers: HlsPackagers | undefined;

beforeAll(async () => {
  units = await h264AccessUnits(60, 320, 180, 15);
}, 60_000);

afterEach(() => {
  packagers?.close();
  vi.useRealTimers();
});

describe('HlsPackagers', () => {
  describe('#touch', () => {
    it('starts watching the camera at the first playlist fetch, once, and segments what comes', () => {
      const live = fakeLive();
      packagers = new HlsPackagers(live, { now });
      packagers.touch('yard', 'token:a@1.2.3.4');
      packagers.touch('yard', 'token:b@1.2.3.5');
      expect([...live.sinks.keys()]).toEqual(['hls:1/yard']);
      live.send('yard', units, 0);
      expect(packagers.get('yard')!.segments.length).toBe(1);
      expect(packagers.bytes).toBeGreaterThan(0);
      expect(packagers.readers()).toEqual(new Map([['yard', 2]]));
    });
  });

  describe('#sweep', () => {
    it('stops a packager nobody fetched for idleMs: it stops watching and its segments go', () => {
      const live = fakeLive();
      const stopped: string[] = [];
      clock = 1_000_000;
      packagers = new HlsPackagers(live, { now, idleMs: 30_000 }, (id) => stopped.push(id));
      packagers.touch('yard', 'a');
      live.send('yard', units, clock);
      clock += 20_000;
      packagers.touch('yard', 'a');
      clock += 29_000;
      packagers.sweep();
      expect(packagers.running).toEqual(['yard']);
      expect(live.sinks.size).toBe(1);
      clock += 1000;
      packagers.sweep();
      expect(packagers.running).toEqual([]);
      expect(live.sinks.size).toBe(0);
      expect(packagers.get('yard')).toBeUndefined();
      expect(packagers.bytes).toBe(0);
      expect(packagers.readers().size).toBe(0);
      expect(stopped).toEqual(['yard']);
    });

    it('runs on its own timer: with fake timers, idle plus one check later it has stopped', async () => {
      vi.useFakeTimers();
      const live = fakeLive();
      packagers = new HlsPackagers(live, { idleMs: 30_000, checkEveryMs: 5000 });
      packagers.touch('yard', 'a');
      await vi.advanceTimersByTimeAsync(29_000);
      expect(live.sinks.size).toBe(1);
      await vi.advanceTimersByTimeAsync(6000);
      expect(live.sinks.size).toBe(0);
    });

    it('forgets a reader not seen for idleMs while others keep the packager', () => {
      const live = fakeLive();
      clock = 0;
      packagers = new HlsPackagers(live, { now, idleMs: 30_000 });
      packagers.touch('yard', 'a');
      clock = 20_000;
      packagers.touch('yard', 'b');
      clock = 31_000;
      packagers.sweep();
      expect(packagers.readers()).toEqual(new Map([['yard', 1]]));
    });
  });

  describe('#ready', () => {
    it('resolves true when the first segment is finished', async () => {
      const live = fakeLive();
      packagers = new HlsPackagers(live, { now });
      packagers.touch('yard', 'a');
      const ready = packagers.ready('yard', 10_000);
      // Two seconds, the keyframe that ends them, and the picture after it (each is written when the next comes).
      live.send('yard', units.slice(0, 32), 0);
      expect(await ready).toBe(true);
    });

    it('resolves false when no segment came in time', async () => {
      vi.useFakeTimers();
      packagers = new HlsPackagers(fakeLive(), { now });
      packagers.touch('yard', 'a');
      const ready = packagers.ready('yard', 10_000);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await ready).toBe(false);
    });
  });

  describe('#until', () => {
    const hasPart = (id: number) => (s: { part(id: number): unknown }) => s.part(id) !== undefined;

    it('resolves true as soon as a unit makes the part it waits for, before its deadline', async () => {
      vi.useFakeTimers();
      const live = fakeLive();
      packagers = new HlsPackagers(live, { now });
      packagers.touch('yard', 'a');
      let got: boolean | 'busy' | undefined;
      void packagers.until('yard', hasPart(0), 900).then((v) => (got = v));
      // Four frames of 15 fps make no part yet (the fifth is held until the sixth comes); the fifth ends the first.
      live.send('yard', units.slice(0, 5), 0);
      await vi.advanceTimersByTimeAsync(0);
      expect(got).toBeUndefined();
      live.send('yard', units.slice(5, 6), 5000 / 15);
      await vi.advanceTimersByTimeAsync(0);
      expect(got).toBe(true);
      expect(packagers.waiting).toBe(0);
    });

    it('resolves false at its deadline, and when the reader leaves, and lets go of its place', async () => {
      vi.useFakeTimers();
      packagers = new HlsPackagers(fakeLive(), { now });
      packagers.touch('yard', 'a');
      const late = packagers.until('yard', hasPart(0), 900);
      const ac = new AbortController();
      const left = packagers.until('yard', hasPart(0), 900, ac.signal);
      expect(packagers.waiting).toBe(2);
      ac.abort();
      expect(await left).toBe(false);
      await vi.advanceTimersByTimeAsync(899);
      expect(packagers.waiting).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(await late).toBe(false);
      expect(packagers.waiting).toBe(0);
    });

    it('answers busy past maxWaiting requests of one camera, not of another', async () => {
      vi.useFakeTimers();
      packagers = new HlsPackagers(fakeLive(), { now, maxWaiting: 2 });
      packagers.touch('yard', 'a');
      packagers.touch('porch', 'a');
      const waits = [packagers.until('yard', hasPart(0), 900), packagers.until('yard', hasPart(0), 900)];
      expect(await packagers.until('yard', hasPart(0), 900)).toBe('busy');
      const other = packagers.until('porch', hasPart(0), 900);
      await vi.advanceTimersByTimeAsync(900);
      expect(await Promise.all([...waits, other])).toEqual([false, false, false]);
    });

    it('resolves false for every waiting request when the packager stops', async () => {
      const live = fakeLive();
      packagers = new HlsPackagers(live, { now });
      packagers.touch('yard', 'a');
      const wait = packagers.until('yard', hasPart(0), 60_000);
      packagers.close();
      expect(await wait).toBe(false);
    });
  });

  describe('#playlist', () => {
    it('hands every reader woken by a new part the same rendered bytes: one render per part, however many wait', async () => {
      const live = fakeLive();
      packagers = new HlsPackagers(live, { now });
      const segmenter = packagers.touch('yard', 'a');
      // Two seconds, the keyframe that ends them, and the picture after it (each is written when the next comes).
      live.send('yard', units.slice(0, 32), 0);
      const wants = segmenter.nextPartId;
      const before = packagers.renders('yard');
      // Five readers block on the next part (as hls.js's _HLS_msn/_HLS_part reload does), each answered with the playlist then.
      const readers = Array.from({ length: 5 }, () =>
        packagers!.until('yard', (s) => s.part(wants) !== undefined, 60_000).then(() => packagers!.playlist(segmenter, '?token=t')),
      );
      live.send('yard', units.slice(31, 36), (31 * 1000) / 15);
      const got = await Promise.all(readers);
      expect(got[0]!.toString('utf8')).toContain(`hls/part-${wants}.m4s?token=t`);
      for (const bytes of got) expect(bytes).toBe(got[0]);
      expect(packagers.renders('yard') - before).toBe(1);
    });
  });
});
