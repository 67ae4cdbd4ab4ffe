import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CameraRecorder } from '../../../server/recording/camera-recorder.js';
import { SegmentFiles, type SegmentRecord } from '../../../server/recording/segment-files.js';
import { SegmentIndex } from '../../../server/recording/segment-index.js';
import { CAMERA_DEFAULTS, type CameraRecording } from '../../../server/recording/settings.js';
import { waitFor } from '../../helpers/wait.js';
import { FakeSink, frameAt } from './fakes.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
let dir: string;
let clock: number;
let sinks: FakeSink[];
let closed: SegmentRecord[];
let diskFull: boolean;
let recorders: CameraRecorder[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-rec-'));
  clock = T0;
  sinks = [];
  closed = [];
  diskFull = false;
  recorders = [];
});
afterEach(async () => {
  // Sidecars are written in the background: the folder goes once every recorder has finished.
  for (const r of recorders) await r.close();
  rmSync(dir, { recursive: true, force: true });
});

function recorder(settings: Partial<CameraRecording> = {}, segmentMs = 10_000): CameraRecorder {
  const files = new SegmentFiles(dir);
  const r = new CameraRecorder(
    'cam',
    { ...CAMERA_DEFAULTS, mode: 'continuous', ...settings },
    {
      files,
      openSink: (_format, file) => {
        mkdirSync(path.dirname(file), { recursive: true });
        const sink = new FakeSink(file);
        sinks.push(sink);
        return sink;
      },
      segmentMs,
      silenceMs: 3000,
      diskFull: () => diskFull,
      onSegmentClosed: (r) => closed.push(r),
      onError: () => {},
      now: () => clock,
    },
  );
  recorders.push(r);
  return r;
}

const settle = () => new Promise((r) => setImmediate(r));

/** Offers frames at `fps` for `ms`, the clock following, letting the recorder write between frames as a real ingest does. */
async function feed(r: CameraRecorder, fromMs: number, ms: number, fps: number, flood = false): Promise<void> {
  for (let i = 0; i < (ms * fps) / 1000; i++) {
    clock = T0 + Math.round(fromMs + (i * 1000) / fps);
    r.write('jpeg', frameAt(clock, i));
    if (!flood) await settle();
  }
}

describe('CameraRecorder', () => {
  describe('#offer', () => {
    it('keeps every frame up to the fps cap and counts the rest as skipped, not dropped', async () => {
      const r = recorder({ fps: 10 });
      await feed(r, 0, 2000, 30);
      await settle();
      // The cap's rate, after a burst of one frame at the start (the bucket starts full: two frames).
      expect(r.counts.kept).toBe(21);
      expect(r.counts.skipped).toBe(39);
      expect(r.counts.dropped).toEqual({ queue_full: 0, disk_full: 0, error: 0, size_change: 0, start_limit: 0, uplink: 0 });
      // Times from the capture stamps, from the segment's start: then 100 ms apart at the 10 fps cap.
      expect(sinks[0]!.times.slice(0, 5)).toEqual([0, 33, 100, 200, 300]);
    });

    it('keeps every frame of a camera sending at the cap with jittery arrival', async () => {
      const r = recorder({ fps: 15 });
      for (let i = 0; i < 150; i++) {
        clock = T0 + Math.round((i * 1000) / 15) + (i % 3 === 1 ? 30 : i % 3 === 2 ? -25 : 0);
        r.write('jpeg', frameAt(clock, i));
        await settle();
      }
      expect(r.counts).toMatchObject({ kept: 150, skipped: 0 });
    });

    it('keeps a variable-rate camera’s own rhythm', async () => {
      const r = recorder({ fps: 30 });
      for (const [i, t] of [0, 40, 400, 450, 1500].entries()) r.write('jpeg', frameAt(T0 + t, i));
      await settle();
      expect(sinks[0]!.times).toEqual([0, 40, 400, 450, 1500]);
    });

    it('drops and counts frames beyond its bounded queue while the sink is slow, and never blocks the caller', async () => {
      const r = recorder({ fps: 15 });
      await feed(r, 0, 100, 15);
      await settle();
      sinks[0]!.stall = true;
      await feed(r, 100, 10_000, 15, true);
      expect(r.queued).toBe(r.queueLimit);
      expect(r.counts.dropped.queue_full).toBeGreaterThan(0);
      sinks[0]!.release();
      await waitFor(() => r.queued === 0, 'the queue written');
      // Every frame offered (2 + 150) is accounted for: written, skipped by the cap, or dropped.
      expect(r.counts.kept + r.counts.skipped + r.counts.dropped.queue_full).toBe(152);
      expect(r.counts.kept).toBe(sinks[0]!.times.length);
    });

    it('starts a new segment every segment length, each frame in exactly one', async () => {
      const r = recorder({ fps: 10 }, 2000);
      await feed(r, 0, 5000, 10);
      await settle();
      expect(sinks.map((s) => s.times.length)).toEqual([20, 20, 10]);
      await waitFor(() => closed.length === 2, 'two segments closed');
      // Files are finished in the background: they may report in either order.
      closed.sort((a, b) => a.start - b.start);
      expect(closed.map((s) => s.endReason)).toEqual(['rotate', 'rotate']);
      expect(closed[1]!.start).toBe(closed[0]!.end);
    });
  });

  describe('#tick', () => {
    it('ends the segment as camera-offline when frames stop, and the index shows the gap', async () => {
      const r = recorder({ fps: 10 });
      await feed(r, 0, 1000, 10);
      clock += 5000;
      r.tick();
      await waitFor(() => closed.length === 1, 'the segment closed');
      expect(closed[0]).toMatchObject({ endReason: 'camera-offline', frames: 10, state: 'closed', start: T0, end: T0 + 1000 });
      const { segments } = await new SegmentIndex(new SegmentFiles(dir), () => clock).range('cam', T0, T0 + 60_000);
      expect(segments).toHaveLength(1);
      expect(segments[0]).toMatchObject({ endReason: 'camera-offline', frames: 10 });
    });
  });

  describe('#configure', () => {
    it('ends the segment as recording-off and takes no frames while off', async () => {
      const r = recorder();
      await feed(r, 0, 1000, 10);
      r.configure({ ...r.config, mode: 'off' });
      await waitFor(() => closed.length === 1, 'the segment closed');
      expect(closed[0]!.endReason).toBe('recording-off');
      await feed(r, 1000, 1000, 10);
      await settle();
      expect(sinks).toHaveLength(1);
      expect(r.state).toBe('off');
    });
  });

  describe('disk full', () => {
    it('ends the segment as disk-full and counts what it could not keep', async () => {
      const r = recorder({ fps: 10 });
      await feed(r, 0, 1000, 10);
      diskFull = true;
      await feed(r, 1000, 1000, 10);
      await waitFor(() => closed.length === 1, 'the segment closed');
      expect(closed[0]!.endReason).toBe('disk-full');
      expect(r.counts.dropped.disk_full).toBe(10);
      expect(r.state).toBe('disk-full');
    });
  });

  describe('#close', () => {
    // Only the timers: the files are real and written meanwhile.
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] }));
    afterEach(() => vi.useRealTimers());

    /** A recorder whose sink stalled with frames queued behind it; `close()` is under way. */
    async function closingWhileStalled(graceMs: number) {
      const r = recorder({ fps: 10 });
      await feed(r, 0, 100, 10);
      await settle();
      sinks[0]!.stall = true;
      await feed(r, 100, 1000, 10, true);
      expect(r.queued).toBeGreaterThan(0);
      let done = false;
      const closing = r.close(graceMs).then(() => (done = true));
      return { r, closing, isDone: () => done };
    }

    it('ends the segment as relay-down as soon as the queue is written, with no time passing', async () => {
      const { r, closing, isDone } = await closingWhileStalled(5000);
      for (let i = 0; i < 5; i++) await settle();
      expect(isDone()).toBe(false);
      sinks[0]!.release();
      for (let i = 0; i < 50 && r.queuedBytes > 0; i++) await settle();
      expect(r.queuedBytes).toBe(0);
      // Nothing polls, and the grace's timer went with the queue: close() waits only for the files.
      expect(vi.getTimerCount()).toBe(0);
      await vi.waitFor(() => expect(isDone()).toBe(true), { timeout: 2000 });
      await closing;
      expect(r.queued).toBe(0);
      expect(r.counts.kept).toBe(sinks[0]!.times.length);
      expect(closed.map((s) => s.endReason)).toEqual(['relay-down']);
    });

    it('gives up on a stuck writer after the grace and drops what is left, no sooner', async () => {
      const { r, isDone } = await closingWhileStalled(5000);
      await vi.advanceTimersByTimeAsync(4999);
      expect(isDone()).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => expect(isDone()).toBe(true), { timeout: 2000 });
      expect(r.queuedBytes).toBe(0);
      expect(closed.map((s) => s.endReason)).toEqual(['relay-down']);
      sinks[0]!.release();
    });
  });

  describe('#motion', () => {
    it('records the pre-roll kept in memory, the event, and the post-roll, then ends as no-motion', async () => {
      const r = recorder({ mode: 'motion', fps: 10, preRollSeconds: 2, postRollSeconds: 1 });
      await feed(r, 0, 5000, 10);
      await settle();
      expect(sinks).toHaveLength(0);
      r.motion({ type: 'start', at: T0 + 5000, score: 0.4 });
      await feed(r, 5000, 3000, 10);
      r.motion({ type: 'end', at: T0 + 8000, score: 0 });
      await feed(r, 8000, 3000, 10);
      await waitFor(() => closed.length === 1, 'the event’s segment closed');
      const s = closed[0]!;
      expect(s.endReason).toBe('no-motion');
      // Pre-roll from 3.0 s (2 s before 5.0 s), the event to 8.0 s, post-roll to 9.0 s.
      expect(s.start).toBe(T0 + 3000);
      expect(s.frames).toBe(20 + 30 + 11);
    });

    it('ignores motion signals in continuous mode', async () => {
      const r = recorder({ fps: 10 });
      r.motion({ type: 'start', at: T0 });
      await feed(r, 0, 1000, 10);
      await settle();
      expect(r.counts.kept).toBe(10);
    });
  });
});
