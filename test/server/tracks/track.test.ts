/** Track's own costs (#56): what one published unit touches. The behaviour every kind shares is track-contract.test.ts's. */
import { describe, expect, it, vi } from 'vitest';
import type { Frame } from '../../../server/relay/frame.js';
import { newestFrame } from '../../../server/tracks/policies.js';
import { Track, type TrackReader } from '../../../server/tracks/track.js';
import { frame } from '../../helpers/frames.js';

const jpegTrack = () => new Track<Frame>({ kind: 'jpeg', policy: newestFrame<Frame>((f) => f.jpeg.length), cameraOf: (f) => f.cameraId });

/** A reader of `cameraId` that counts how often the track asks it whether it wants a camera, and keeps what it got. */
function reader(cameraId: string) {
  const counts = { asked: 0, got: [] as Frame[] };
  const self: TrackReader = { wants: (id) => (counts.asked++, id === cameraId), paused: false };
  const sink = { write: (f: Frame, done: () => void) => (counts.got.push(f), done()) };
  return { self, counts, sink };
}

describe('Track', () => {
  describe('#publish', () => {
    it("touches only the lanes of the unit's camera: its work does not grow with the readers of other cameras", () => {
      /** Map lookups made while publishing 100 units of camera `a` to its one reader, beside `others` readers of other cameras. */
      const lookups = (others: number): number => {
        const track = jpegTrack();
        for (let i = 0; i < others; i++) {
          const o = reader(`other-${i}`);
          track.subscribe(o.self, [`other-${i}`], o.sink);
        }
        const a = reader('a');
        track.subscribe(a.self, ['a'], a.sink);
        const get = vi.spyOn(Map.prototype, 'get');
        try {
          for (let seq = 1; seq <= 100; seq++) track.publish({ ...frame(seq), cameraId: 'a' });
          return get.mock.calls.length;
        } finally {
          get.mockRestore();
          expect(a.counts.got).toHaveLength(100);
        }
      };
      expect(lookups(50)).toBe(lookups(0));
    });

    it('still offers nothing to a reader of the camera that stopped wanting it or paused', () => {
      const track = jpegTrack();
      let wants = true;
      const got: Frame[] = [];
      const r: TrackReader & { paused: boolean } = { wants: () => wants, paused: false };
      track.subscribe(r, ['a'], { write: (f, done) => (got.push(f), done()) });
      track.publish({ ...frame(1), cameraId: 'a' });
      wants = false;
      track.publish({ ...frame(2), cameraId: 'a' });
      wants = true;
      r.paused = true;
      track.publish({ ...frame(3), cameraId: 'a' });
      expect(got.map((f) => f.seq)).toEqual([1]);
    });
  });

  describe('#readCameras', () => {
    it('lists a camera while any reader reads it, and hears its first reader come and its last go once each', () => {
      const heard: Array<[string, boolean]> = [];
      const track = new Track<Frame>({
        kind: 'jpeg',
        policy: newestFrame<Frame>((f) => f.jpeg.length),
        cameraOf: (f) => f.cameraId,
        onRead: (id, on) => heard.push([id, on]),
      });
      const [x, y] = [reader('a'), reader('a')];
      track.subscribe(x.self, ['a'], x.sink);
      track.subscribe(y.self, ['a'], y.sink);
      expect(track.readCameras()).toEqual(['a']);
      track.unsubscribe(x.self);
      expect(track.isRead('a')).toBe(true);
      track.read(y.self, 'a', null);
      expect(track.readCameras()).toEqual([]);
      expect(heard).toEqual([
        ['a', true],
        ['a', false],
      ]);
    });
  });
});
