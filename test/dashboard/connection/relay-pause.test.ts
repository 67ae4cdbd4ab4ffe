import { describe, expect, it } from 'vitest';
import { RelayPause } from '../../../dashboard/src/connection/relay-pause.js';
import type { MonitorFrameMeta, MonitorH264Meta } from '../../../shared/protocol.js';
import type { TileFeed } from '../../../dashboard/src/receivers/receiver.js';

const unit = (seq: number, resume?: number): MonitorH264Meta => ({
  cameraId: 'cam',
  seq,
  epoch: 1,
  capturedAt: 0,
  clockSynced: true,
  receivedAt: 0,
  width: 320,
  height: 180,
  keyframe: false,
  codec: 'avc1.42C01E',
  ...(resume === undefined ? {} : { resume }),
});

function socket() {
  const sent: { paused: boolean; resume?: number }[] = [];
  return { sent, emit: (_event: 'pause', req: { paused: boolean; resume?: number }) => sent.push(req) };
}

describe('RelayPause', () => {
  describe('#set', () => {
    it('says each change once, numbering each return from 1', () => {
      const s = socket();
      const pause = new RelayPause(s);
      pause.set(false);
      pause.set(true);
      pause.set(true);
      pause.set(false);
      pause.set(true);
      pause.set(false);
      expect(s.sent).toEqual([{ paused: true }, { paused: false, resume: 1 }, { paused: true }, { paused: false, resume: 2 }]);
    });
  });

  describe('#stale', () => {
    it('from the pause on, drops units sent before the relay took the return; takes those after', () => {
      const pause = new RelayPause(socket());
      expect(pause.stale(unit(1, 0))).toBe(false);
      pause.set(true);
      // In flight when the page froze, delivered after the thaw, before or after the page said it is back.
      expect(pause.stale(unit(2, 0))).toBe(true);
      pause.set(false);
      expect(pause.stale(unit(3, 0))).toBe(true);
      expect(pause.stale(unit(40, 1))).toBe(false);
    });

    it('takes every unit of a relay that stamps none (older than the numbering)', () => {
      const pause = new RelayPause(socket());
      pause.set(true);
      pause.set(false);
      expect(pause.stale(unit(1))).toBe(false);
    });
  });

  describe('#connected', () => {
    it('counts again from 0 on a new connection, and a hidden page pauses at once', () => {
      const s = socket();
      const pause = new RelayPause(s);
      pause.set(true);
      pause.set(false);
      pause.connected(false);
      expect(pause.stale(unit(1, 0))).toBe(false);
      pause.connected(true);
      pause.set(false);
      expect(s.sent.slice(2)).toEqual([{ paused: true }, { paused: false, resume: 1 }]);
    });
  });

  describe('#filter', () => {
    it('hands the tiles every frame and every H.264 unit but the stale ones, and reads their state live', () => {
      const got: string[] = [];
      let expects = false;
      const feed: TileFeed = {
        frame: (m: MonitorFrameMeta) => got.push(`frame ${m.seq}`),
        h264: (m) => got.push(`h264 ${m.seq}`),
        stepped: (id, reason) => got.push(`stepped ${id} ${reason}`),
        get expectsFrames() {
          return expects;
        },
      };
      const pause = new RelayPause(socket());
      const filtered = pause.filter(feed);
      pause.set(true);
      pause.set(false);
      filtered.h264!(unit(1, 0), new Uint8Array(1));
      filtered.h264!(unit(2, 1), new Uint8Array(1));
      filtered.frame(unit(3), new Uint8Array(1));
      filtered.stepped!('cam', 'thin');
      expects = true;
      expect(filtered.expectsFrames).toBe(true);
      expect(got).toEqual(['h264 2', 'frame 3', 'stepped cam thin']);
    });
  });
});
