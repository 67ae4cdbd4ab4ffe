import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Transport } from '../../../shared/protocol.js';
import { NO_OBSERVER, type RelayObserver } from '../../../server/relay/observer.js';
import { Viewer } from '../../../server/relay/viewer.js';
import { frame, ManualSink } from '../../helpers/frames.js';

/** A viewer on socketio watching `watching`, allowed every camera unless `may` says otherwise. */
function setup(watching: readonly string[] | '*' = '*', may: (id: string) => boolean = () => true, observer: RelayObserver = NO_OBSERVER) {
  const sink = new ManualSink();
  const onClose = vi.fn();
  const viewer = new Viewer(sink, 'socketio', observer, may, onClose);
  viewer.subscribe(watching);
  return { sink, viewer, onClose };
}

/** An observer that records what the viewer reports. */
function recorder() {
  const delivered: Array<{ seq: number; transport: Transport; ms: number }> = [];
  const dropped: string[] = [];
  const observer: RelayObserver = {
    ...NO_OBSERVER,
    delivered: (f, transport, ms) => delivered.push({ seq: f.seq, transport, ms }),
    dropped: (cameraId, reason) => dropped.push(`${cameraId}:${reason}`),
  };
  return { observer, delivered, dropped };
}

describe('Viewer', () => {
  afterEach(() => vi.useRealTimers());

  describe('#offer', () => {
    it('writes a frame of a watched camera through its sink', () => {
      const { sink, viewer } = setup(['porch']);
      viewer.offer(frame(1, 'porch'));
      expect(sink.written.map((f) => `${f.cameraId}#${f.seq}`)).toEqual(['porch#1']);
    });

    it('sends nothing of a camera it does not watch', () => {
      const { sink, viewer } = setup(['porch']);
      viewer.offer(frame(1, 'garage'));
      expect(sink.written).toEqual([]);
      expect(viewer.held).toBe(0);
    });

    it('sends nothing of a camera it may not see, even when it watches every camera', () => {
      const { sink, viewer } = setup('*', (id) => id !== 'secret');
      viewer.offer(frame(1, 'secret'));
      viewer.offer(frame(2, 'porch'));
      expect(sink.written.map((f) => f.cameraId)).toEqual(['porch']);
      expect(viewer.wants('secret')).toBe(false);
    });

    it('keeps one slot per camera, so a camera whose frame is in flight does not hold back another', () => {
      const { sink, viewer } = setup();
      viewer.offer(frame(1, 'porch'));
      viewer.offer(frame(2, 'porch'));
      viewer.offer(frame(1, 'garage'));
      expect(sink.written.map((f) => `${f.cameraId}#${f.seq}`)).toEqual(['porch#1', 'garage#1']);
      expect(viewer.held).toBe(3);
    });

    it('sends nothing while paused, and does not queue what came meanwhile', () => {
      const { sink, viewer } = setup();
      viewer.setPaused(true);
      viewer.offer(frame(1));
      expect(viewer.paused).toBe(true);
      viewer.setPaused(false);
      expect(sink.written).toEqual([]);
      viewer.offer(frame(2));
      expect(sink.seqs).toEqual([2]);
    });

    it('sends nothing once closed', () => {
      const { sink, viewer } = setup();
      viewer.close();
      viewer.offer(frame(1));
      expect(sink.written).toEqual([]);
    });
  });

  describe('#subscribe', () => {
    it("watches cameras that appear later when given '*'", () => {
      const { sink, viewer } = setup('*');
      viewer.offer(frame(1, 'new-camera'));
      expect(sink.written).toHaveLength(1);
    });

    it('drops what it held for a camera it no longer watches, and sends it nothing more', () => {
      const { sink, viewer } = setup(['porch', 'garage']);
      viewer.offer(frame(1, 'porch'));
      viewer.offer(frame(2, 'porch'));
      viewer.subscribe(['garage']);
      expect(viewer.held).toBe(0);
      sink.release();
      viewer.offer(frame(3, 'porch'));
      expect(sink.seqs).toEqual([1]);
    });

    it('keeps no id the viewer may not see, in any of its lists', () => {
      const { viewer } = setup([], (id) => id === 'porch');
      const madeUp = Array.from({ length: 500 }, (_, i) => `made-up-${i}`);
      const widths = Object.fromEntries([...madeUp, 'porch'].map((id) => [id, 320]));
      viewer.subscribe([...madeUp, 'porch'], widths, [...madeUp, 'porch']);
      expect(viewer.idsKept).toBe(3);
      expect(viewer.rungOf('porch', 1920)).not.toBeNull();
      viewer.subscribe('*', widths, madeUp);
      expect(viewer.idsKept).toBe(1);
    });
  });

  describe('#cameraFrame', () => {
    /** A 1280-wide camera's frames, 100 ms apart, that the viewer's sink never takes: its link carries none. */
    function starve(viewer: Viewer, frames: number): Array<number | null> {
      const widths: Array<number | null> = [];
      for (let seq = 1; seq <= frames; seq++) {
        vi.advanceTimersByTime(100);
        widths.push(viewer.cameraFrame('porch', 1280)?.width ?? null);
        viewer.offer({ ...frame(seq, 'porch'), receivedAt: Date.now() });
      }
      return widths;
    }

    it('returns the rung the frame goes at, the asked one until the link falls behind, then one lower, as rungOf says', () => {
      vi.useFakeTimers();
      const { viewer } = setup('*');
      const steps: number[] = [];
      viewer.onStep = (n) => steps.push(n.steps);
      viewer.subscribe('*', { porch: 640 });
      const widths = starve(viewer, 25);
      expect(steps).toEqual([1]);
      expect(widths[0]).toBe(640);
      // The frame that ends the measuring period already goes at the lower rung.
      expect(widths.indexOf(320)).toBe(widths.lastIndexOf(640) + 1);
      expect(widths.at(-1)).toBe(320);
      expect(viewer.rungOf('porch', 1280)?.width).toBe(320);
    });

    it('returns native for a viewer that asked no width, and forgets its rungs when it subscribes again', () => {
      vi.useFakeTimers();
      const { viewer } = setup('*');
      expect(viewer.cameraFrame('porch', 1280)).toBeNull();
      viewer.subscribe('*', { porch: 640 });
      starve(viewer, 25);
      viewer.subscribe('*', { porch: 960 });
      expect(viewer.rungOf('porch', 1280)?.width).toBe(960);
      expect(viewer.cameraFrame('porch', 1280)?.width).toBe(960);
    });

    it('keeps a stepped-down camera stepped down when it subscribes again at the same width, as scrolling does', () => {
      vi.useFakeTimers();
      const { viewer } = setup('*');
      viewer.subscribe('*', { porch: 640 });
      starve(viewer, 25);
      viewer.subscribe('*', { porch: 640, garden: 320 });
      expect(viewer.rungOf('porch', 1280)?.width).toBe(320);
      viewer.subscribe('*', { porch: 640 }, ['porch']);
      expect(viewer.rungOf('porch', 1280)?.width).toBe(640);
    });
  });

  describe('#setSink', () => {
    it('moves every camera to the new sink and reports the new transport', () => {
      const { sink, viewer } = setup();
      viewer.offer(frame(1, 'porch'));
      viewer.offer(frame(2, 'porch'));
      const next = new ManualSink();
      viewer.setSink(next, 'webrtc');
      // The frame in flight on the old sink counts as taken: the pending one goes out on the new one.
      expect(next.seqs).toEqual([2]);
      viewer.offer(frame(1, 'garage'));
      expect(next.written.map((f) => f.cameraId)).toEqual(['porch', 'garage']);
      expect(sink.seqs).toEqual([1]);
      expect(viewer.transport).toBe('webrtc');
    });
  });

  describe('#held', () => {
    it('counts at most two frames per camera however many arrive', () => {
      const { viewer } = setup();
      for (let seq = 1; seq <= 50; seq++) {
        viewer.offer(frame(seq, 'porch'));
        viewer.offer(frame(seq, 'garage'));
      }
      expect(viewer.held).toBe(4);
    });
  });

  describe('#dropped', () => {
    it('counts pending frames replaced by newer ones across cameras and tells the observer why', () => {
      const { observer, dropped } = recorder();
      const { viewer } = setup('*', () => true, observer);
      for (let seq = 1; seq <= 4; seq++) viewer.offer(frame(seq, 'porch'));
      for (let seq = 1; seq <= 3; seq++) viewer.offer(frame(seq, 'garage'));
      // porch: 1 in flight, 2 and 3 replaced, 4 pending; garage: 1 in flight, 2 replaced, 3 pending.
      expect(viewer.dropped).toBe(3);
      expect(dropped).toEqual(['porch:slow_viewer', 'porch:slow_viewer', 'garage:slow_viewer']);
    });
  });

  it('tells the observer of each frame its sink took, with the transport and the time since the frame arrived', () => {
    vi.useFakeTimers({ now: 5000 });
    const { observer, delivered } = recorder();
    const { sink, viewer } = setup('*', () => true, observer);
    viewer.offer(frame(1));
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(250);
    sink.release();
    // frame(1) arrived at 1001 on the server clock.
    expect(delivered).toEqual([{ seq: 1, transport: 'socketio', ms: 5250 - 1001 }]);
  });

  describe('#close', () => {
    it('lets go of every frame it held and calls onClose once, however often it is closed', () => {
      const { sink, viewer, onClose } = setup();
      viewer.offer(frame(1));
      viewer.offer(frame(2));
      viewer.close();
      viewer.close();
      expect(viewer.held).toBe(0);
      sink.release();
      expect(sink.seqs).toEqual([1]);
      expect(onClose).toHaveBeenCalledTimes(1);
    });
  });
});
