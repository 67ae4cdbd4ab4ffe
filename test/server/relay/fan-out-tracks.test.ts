import { afterEach, describe, expect, it, vi } from 'vitest';
import { FanOut } from '../../../server/relay/fan-out.js';
import type { Frame } from '../../../server/relay/frame.js';
import { NO_OBSERVER } from '../../../server/relay/observer.js';
import type { Resize } from '../../../server/relay/renditions.js';
import { rungFor } from '../../../server/relay/rungs.js';
import { frame } from '../../helpers/frames.js';

/** A resizer that answers at once with a stand-in of the width asked. */
const resize: Resize = async (_jpeg, width) => ({ jpeg: Buffer.from(`w${width}`), width, height: Math.round((width * 9) / 16) });

/** A native frame of `cameraId`, 1280 wide. */
const wide = (seq: number, cameraId = 'cam'): Frame => {
  const f = frame(seq, cameraId);
  return { ...f, meta: { ...f.meta, width: 1280, height: 720 } };
};

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup() {
  const fan = new FanOut(NO_OBSERVER, resize);
  const got: Frame[] = [];
  const viewer = fan.addViewer(
    { write: (f, done) => (got.push(f), done()) },
    'socketio',
    () => true,
    () => {},
  );
  return { fan, viewer, got };
}

const [R320, R640] = [rungFor(320)!, rungFor(640)!];

describe('FanOut', () => {
  afterEach(() => vi.useRealTimers());

  describe('#offer', () => {
    it("moves a viewer's camera to the new rung's track when it asks another width, and the old track no longer reads it", async () => {
      const { fan, viewer, got } = setup();
      viewer.subscribe('*', { cam: 640 });
      fan.offer(wide(1));
      await settle();
      expect(fan.track(R640).isReadBy(viewer, 'cam')).toBe(true);
      expect(fan.track(null).isReadBy(viewer, 'cam')).toBe(false);
      viewer.subscribe('*', { cam: 320 });
      fan.offer(wide(2));
      await settle();
      expect(fan.track(R320).isReadBy(viewer, 'cam')).toBe(true);
      expect(fan.track(R640).isRead('cam')).toBe(false);
      expect([...fan.rungsWatched('cam')]).toEqual([R320]);
      expect(got.map((f) => [f.seq, f.meta.width])).toEqual([
        [1, 640],
        [2, 320],
      ]);
    });

    it('moves a camera to the lower rung track when the step-down takes it down, and the renditions read the native track meanwhile', async () => {
      vi.useFakeTimers();
      const fan = new FanOut(NO_OBSERVER, resize);
      // A link that takes nothing: the step-down goes one rung down after its measuring period.
      const viewer = fan.addViewer(
        { write: () => {} },
        'socketio',
        () => true,
        () => {},
      );
      viewer.subscribe('*', { cam: 640 });
      for (let seq = 1; seq <= 25; seq++) {
        await vi.advanceTimersByTimeAsync(100);
        fan.offer(wide(seq));
      }
      expect(fan.track(R320).isReadBy(viewer, 'cam')).toBe(true);
      expect(fan.track(R640).isRead('cam')).toBe(false);
      expect(fan.track(null).isRead('cam')).toBe(true);
      expect(fan.track(null).isReadBy(viewer, 'cam')).toBe(false);
    });

    it('reads none of the JPEG tracks of a camera the viewer takes as H.264, and reads it again once that stops', async () => {
      const { fan, viewer, got } = setup();
      viewer.subscribe('*');
      let h264 = true;
      viewer.muted = () => h264;
      fan.offer(wide(1));
      expect(fan.track(null).isRead('cam')).toBe(false);
      h264 = false;
      fan.offer(wide(2));
      await settle();
      expect(fan.track(null).isReadBy(viewer, 'cam')).toBe(true);
      expect(got.map((f) => f.seq)).toEqual([2]);
    });

    it('walks only the viewers that watch the camera: a viewer of other cameras is not asked about its frame', () => {
      const { fan, viewer, got } = setup();
      viewer.subscribe(['cam']);
      const others = Array.from({ length: 10 }, (_, i) => {
        const other = fan.addViewer(
          { write: (_f, done) => done() },
          'socketio',
          () => true,
          () => {},
        );
        other.subscribe([`other-${i}`]);
        return vi.spyOn(other, 'wants');
      });
      for (let seq = 1; seq <= 10; seq++) fan.offer(wide(seq));
      expect(got.map((f) => f.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(others.map((wants) => wants.mock.calls.length)).toEqual(others.map(() => 0));
    });

    it('takes a camera off its track as soon as the viewer stops watching it, and a frame of it reaches the viewer no more', () => {
      const { fan, viewer, got } = setup();
      viewer.subscribe(['cam', 'b']);
      fan.offer(wide(1));
      fan.offer(wide(1, 'b'));
      viewer.subscribe(['b']);
      expect(fan.track(null).isReadBy(viewer, 'cam')).toBe(false);
      fan.offer(wide(2));
      viewer.subscribe('*');
      fan.offer(wide(2, 'b'));
      expect(got.map((f) => `${f.cameraId}#${f.seq}`)).toEqual(['cam#1', 'b#1', 'b#2']);
    });

    it('leaves every track of a viewer that closes, and the renditions stop reading the native track', () => {
      const { fan, viewer } = setup();
      viewer.subscribe('*', { cam: 320 });
      fan.offer(wide(1));
      expect(fan.track(null).isRead('cam')).toBe(true);
      viewer.close();
      expect(fan.track(R320).isRead('cam')).toBe(false);
      expect(fan.track(null).isRead('cam')).toBe(false);
    });
  });

  describe('#offerLatest', () => {
    it('gives a viewer that comes the newest frame of its camera once, from the track it is placed on', () => {
      const { fan, viewer, got } = setup();
      fan.offer(wide(1));
      viewer.subscribe('*');
      fan.offerLatest(viewer, [wide(1)]);
      expect(fan.track(null).isReadBy(viewer, 'cam')).toBe(true);
      expect(got.map((f) => f.seq)).toEqual([1]);
    });
  });

  describe('#refresh', () => {
    it("reads a camera that has sent no frame here yet (another node's) for a viewer that watches it", () => {
      const { fan, viewer } = setup();
      viewer.subscribe(['yard'], { yard: 320 });
      fan.refresh(['yard', 'porch']);
      expect(fan.track(R320).isReadBy(viewer, 'yard')).toBe(true);
      expect(fan.track(null).readCameras()).toEqual(['yard']);
    });
  });
});
