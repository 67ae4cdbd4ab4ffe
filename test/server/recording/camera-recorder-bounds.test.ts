/** A camera's recorder under attack: big frames, alternating sizes, a camera that leaves (issue #25). */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MB, memoryCaps } from '../../../server/recording/byte-budget.js';
import { CameraRecorder } from '../../../server/recording/camera-recorder.js';
import { SegmentFiles, type SegmentRecord } from '../../../server/recording/segment-files.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS, type CameraRecording } from '../../../server/recording/settings.js';
import { waitFor } from '../../helpers/wait.js';
import { FakeSink, frameAt } from './fakes.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
let dir: string;
let clock: number;
let sinks: FakeSink[];
let closed: SegmentRecord[];
let recorders: CameraRecorder[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-rec-bounds-'));
  clock = T0;
  sinks = [];
  closed = [];
  recorders = [];
});
afterEach(async () => {
  for (const r of recorders) await r.close();
  rmSync(dir, { recursive: true, force: true });
});

function recorder(settings: Partial<CameraRecording>, memory = memoryCaps(RECORDING_DEFAULTS), camera = 'cam', segmentMs = 60_000): CameraRecorder {
  const r = new CameraRecorder(
    camera,
    { ...CAMERA_DEFAULTS, ...settings },
    {
      files: new SegmentFiles(dir),
      openSink: (_format, file) => {
        mkdirSync(path.dirname(file), { recursive: true });
        const sink = new FakeSink(file);
        sinks.push(sink);
        return sink;
      },
      segmentMs,
      silenceMs: 3000,
      diskFull: () => false,
      onSegmentClosed: (s) => closed.push(s),
      onError: () => {},
      now: () => clock,
      memory,
    },
  );
  recorders.push(r);
  return r;
}

/** A frame of `bytes` bytes and `width`×`height` at `at`. */
function frame(at: number, seq: number, bytes: number, width = 1920, height = 1080) {
  const f = frameAt(at, seq);
  return { ...f, jpeg: Buffer.alloc(bytes), meta: { ...f.meta, width, height } };
}

const settle = () => new Promise((r) => setImmediate(r));

/** Offers frames at 15 fps for `ms` from `fromMs`, the clock following; `make` builds each. */
async function feed(r: CameraRecorder, fromMs: number, ms: number, make: (at: number, i: number) => ReturnType<typeof frame>, flood = false) {
  for (let i = 0; i < (ms * 15) / 1000; i++) {
    clock = T0 + Math.round(fromMs + (i * 1000) / 15);
    r.write('jpeg', make(clock, i));
    if (!flood) await settle();
  }
}

describe('CameraRecorder under attack', () => {
  describe('motion pre-roll', () => {
    it('holds no more than its byte cap of 1.7 MB frames and says it was cut short, in seconds', async () => {
      const r = recorder({ mode: 'motion', fps: 15, preRollSeconds: 5 });
      await feed(r, 0, 6000, (at, i) => frame(at, i, 1_700_000));
      const { bytes, frames, short, trimmed } = r.preRollStatus;
      expect(bytes).toBeLessThanOrEqual(32 * MB);
      // 32 MB holds 19 frames of 1.7 MB: 1.2 s at 15 fps instead of 5.
      expect(frames).toBe(19);
      expect(short).toEqual({ seconds: 1.2, cap: 'camera', capMb: 32 });
      expect(trimmed).toBeGreaterThan(0);
    });

    it('shares the cap over all cameras between recorders', async () => {
      const memory = memoryCaps({ ...RECORDING_DEFAULTS, preRollTotalMb: 40 });
      const [a, b] = [recorder({ mode: 'motion' }, memory, 'a'), recorder({ mode: 'motion' }, memory, 'b')];
      for (let i = 0; i < 90; i++) {
        clock = T0 + Math.round((i * 1000) / 15);
        a.write('jpeg', frame(clock, i, 1_700_000));
        b.write('jpeg', frame(clock, i, 1_700_000));
      }
      expect(a.preRollStatus.bytes + b.preRollStatus.bytes).toBeLessThanOrEqual(40 * MB);
      expect(memory.preRoll.all.used).toBe(a.preRollStatus.bytes + b.preRollStatus.bytes);
      expect(b.preRollStatus.short).toMatchObject({ cap: 'all', capMb: 40 });
    });

    it('lets the pre-roll go when the camera disconnects, and when it falls silent', async () => {
      const memory = memoryCaps(RECORDING_DEFAULTS);
      const r = recorder({ mode: 'motion' }, memory);
      await feed(r, 0, 2000, (at, i) => frame(at, i, 100_000));
      expect(r.preRollStatus.bytes).toBeGreaterThan(0);
      r.disconnected();
      expect(r.preRollStatus).toEqual({ frames: 0, bytes: 0, trimmed: 0, short: null });
      expect(memory.preRoll.all.used).toBe(0);

      await feed(r, 2000, 2000, (at, i) => frame(at, i, 100_000));
      expect(r.preRollStatus.bytes).toBeGreaterThan(0);
      clock += 3001;
      r.tick();
      expect(r.preRollStatus.bytes).toBe(0);
    });

    it('still records the pre-roll it kept when motion starts', async () => {
      const r = recorder({ mode: 'motion', fps: 15, preRollSeconds: 5 });
      await feed(r, 0, 6000, (at, i) => frame(at, i, 1_700_000));
      r.motion({ type: 'start', at: clock });
      await waitFor(() => r.queued === 0 && r.counts.kept === 19, 'the pre-roll written');
      expect(r.preRollStatus.bytes).toBe(0);
      expect(sinks).toHaveLength(1);
    });
  });

  describe('the queue', () => {
    it('holds no more than its byte cap while the sink is slow; the rest is dropped as queue_full', async () => {
      const memory = memoryCaps({ ...RECORDING_DEFAULTS, queueMb: 8 });
      const r = recorder({ mode: 'continuous', fps: 15 }, memory);
      await feed(r, 0, 200, (at, i) => frame(at, i, 1_700_000));
      sinks[0]!.stall = true;
      await feed(r, 200, 4000, (at, i) => frame(at, i, 1_700_000), true);
      // 8 MB holds 4 frames of 1.7 MB, far fewer than the 30 frames the frame limit allows.
      expect(r.queued).toBe(4);
      expect(r.queuedBytes).toBeLessThanOrEqual(8 * MB);
      expect(r.counts.dropped.queue_full).toBeGreaterThan(0);
      sinks[0]!.release();
      await waitFor(() => r.queued === 0, 'the queue written');
      expect(r.queuedBytes).toBe(0);
      expect(memory.queue.all.used).toBe(0);
    });
  });

  describe('frame size changes', () => {
    it('starts at most one encoder in 4 s of frames alternating 640×360 and 320×240, counting the others as size_change', async () => {
      const r = recorder({ mode: 'continuous', fps: 15 });
      await feed(r, 0, 4000, (at, i) => (i % 2 ? frame(at, i, 5000, 320, 240) : frame(at, i, 5000, 640, 360)));
      await settle();
      expect(sinks).toHaveLength(1);
      expect(r.counts.kept).toBe(30);
      expect(r.counts.dropped.size_change).toBe(30);
    });

    it('starts a new segment for a new size once the open one is 10 s old', async () => {
      const r = recorder({ mode: 'continuous', fps: 15 });
      await feed(r, 0, 4000, (at, i) => frame(at, i, 5000, 640, 360));
      await feed(r, 4000, 8000, (at, i) => frame(at, i, 5000, 1280, 720));
      await waitFor(() => closed.length === 1, 'the first segment closed');
      expect(closed[0]).toMatchObject({ endReason: 'rotate', width: 640, height: 360 });
      expect(sinks).toHaveLength(2);
      expect(r.openSegment).toMatchObject({ width: 1280, height: 720, start: T0 + 10_000 });
      // 6 s of the new size before the first segment was 10 s old.
      expect(r.counts.dropped.size_change).toBe(90);
    });
  });

  describe('#disconnected', () => {
    it('writes what is queued, then ends the segment as camera-offline at once', async () => {
      const r = recorder({ mode: 'continuous', fps: 15 });
      await feed(r, 0, 1000, (at, i) => frame(at, i, 1000));
      r.disconnected();
      await waitFor(() => closed.length === 1, 'the segment closed');
      expect(closed[0]).toMatchObject({ endReason: 'camera-offline', frames: 15, state: 'closed' });
      expect(sinks[0]!.closed).toBe(true);
      expect(r.state).toBe('waiting');
    });

    it('starts at most six segments a minute for a camera that reconnects every second, counting the rest as start_limit', async () => {
      const r = recorder({ mode: 'continuous', fps: 15 });
      // Twenty reconnects, one a second: a frame, then the connection ends and the segment with it.
      for (let n = 0; n < 20; n++) {
        await feed(r, n * 1000, 50, (at, i) => frame(at, i, 1000));
        r.disconnected();
        await settle();
      }
      await waitFor(() => closed.length === 6, 'six segments closed');
      expect(sinks).toHaveLength(6);
      expect(r.counts.dropped.start_limit).toBe(14);
      // A minute after the first start, the camera records again.
      await feed(r, 60_000, 50, (at, i) => frame(at, i, 1000));
      expect(sinks).toHaveLength(7);
    });

    it('does not count a segment that reached its length against the limit: 5 s segments with a reconnect lose no frame', async () => {
      const r = recorder({ mode: 'continuous', fps: 15 }, undefined, 'cam', 5000);
      await feed(r, 0, 12_000, (at, i) => frame(at, i, 1000));
      r.disconnected();
      await settle();
      // Back a second later: with the rotations counted, this start and the five after made a seventh inside 30 s.
      await feed(r, 13_000, 27_000, (at, i) => frame(at, i, 1000));
      await waitFor(() => closed.length === 8, 'eight segments closed');
      expect([...closed].sort((a, b) => a.start - b.start).map((c) => c.endReason)).toEqual([
        'rotate',
        'rotate',
        'camera-offline',
        'rotate',
        'rotate',
        'rotate',
        'rotate',
        'rotate',
      ]);
      expect(r.counts.dropped.start_limit).toBe(0);
      expect(r.counts.kept).toBe(((12_000 + 27_000) * 15) / 1000);
    });
  });
});
