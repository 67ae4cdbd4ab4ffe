import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CameraRecorder } from '../../../server/recording/camera-recorder.js';
import { SegmentFiles, type SegmentRecord } from '../../../server/recording/segment-files.js';
import { CAMERA_DEFAULTS } from '../../../server/recording/settings.js';
import { FakeSink, frameAt } from './fakes.js';
import { annexB } from './h264-fixtures.js';
import { recordedH264 } from '../../../server/recording/record-tracks.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
let dir: string;
let clock: number;
let sinks: FakeSink[];
let closed: SegmentRecord[];
let fallbacks: string[];
let r: CameraRecorder;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-copy-'));
  clock = T0;
  sinks = [];
  closed = [];
  fallbacks = [];
  r = new CameraRecorder(
    'cam',
    { ...CAMERA_DEFAULTS, mode: 'continuous', fps: 15 },
    {
      files: new SegmentFiles(dir),
      openSink: (_format, file, _w, _h, avcC) => {
        mkdirSync(path.dirname(file), { recursive: true });
        const sink = new FakeSink(file, avcC ? 'copy' : 'encode');
        sinks.push(sink);
        return sink;
      },
      segmentMs: 60_000,
      silenceMs: 10_000,
      diskFull: () => false,
      onSegmentClosed: (s) => closed.push(s),
      onError: () => {},
      onFallback: (why) => fallbacks.push(why),
      now: () => clock,
    },
  );
});
afterEach(async () => {
  await r.close();
  rmSync(dir, { recursive: true, force: true });
});

const settle = () => new Promise((res) => setImmediate(res));

/** Frames at 15 fps from `fromMs` for `ms`: a JPEG each, and an access unit each while `h264` (a keyframe every 30). */
async function feed(fromMs: number, ms: number, h264: boolean, seq = { n: 0 }, skip: (n: number) => boolean = () => false): Promise<void> {
  for (let t = fromMs; t < fromMs + ms; t += 66) {
    clock = T0 + t;
    r.write('jpeg', frameAt(clock, seq.n));
    if (h264 && !skip(seq.n))
      r.write(
        'h264',
        recordedH264('cam', { seq: seq.n, capturedAt: clock, keyframe: seq.n % 30 === 0, width: 320, height: 180 }, annexB(seq.n % 30 === 0), clock),
      );
    seq.n++;
    await settle();
  }
}

describe('CameraRecorder (recording by copy)', () => {
  it('starts no encoder while H.264 comes, and encodes the JPEGs 3 s after it stops, saying why once', async () => {
    r.expectH264();
    await feed(0, 2000, true);
    expect(sinks.map((s) => s.kind)).toEqual(['copy']);
    expect(r.source).toMatchObject({ mode: 'copy', note: null, copies: 1, encoders: 0 });
    await feed(2000, 5000, false);
    expect(sinks.map((s) => s.kind)).toEqual(['copy', 'encode']);
    expect(fallbacks).toEqual(['no H.264 from the capture client for 3 s: the relay encodes its JPEGs']);
    expect(r.source).toMatchObject({ mode: 'encode', note: fallbacks[0], fallbacks: 1, encoders: 1 });
    // The encode began only after 3 s without H.264: the JPEGs in between were not recorded twice.
    expect(sinks[1]!.times.length).toBeLessThan(Math.ceil(2000 / 66));
  });

  it('waits 10 s for the first unit of the H.264 a client offered before encoding its JPEGs', async () => {
    r.expectH264();
    await feed(0, 9900, false);
    expect(sinks).toEqual([]);
    await feed(10_100, 500, false);
    expect(sinks.map((s) => s.kind)).toEqual(['encode']);
  });

  it('encodes the JPEGs of a client that offered no H.264 at once', async () => {
    await feed(0, 500, false);
    expect(sinks.map((s) => s.kind)).toEqual(['encode']);
    expect(fallbacks).toEqual([]);
  });

  it('ends the segment as uplink at a hole in seq and drops the access units up to the next keyframe', async () => {
    r.expectH264();
    await feed(0, 66 * 90, true, { n: 0 }, (n) => n >= 40 && n < 45);
    await r.close();
    // Each segment's file and sidecar finish in the background: they may be said closed in either order.
    closed.sort((a, b) => a.start - b.start);
    expect(closed.map((s) => [s.frames, s.endReason])).toEqual([
      [40, 'uplink'],
      [30, 'relay-down'],
    ]);
    expect(r.counts.dropped.uplink).toBe(15);
    expect(sinks.every((s) => s.kind === 'copy')).toBe(true);
  });

  it('skips a stream that starts mid-GOP up to its first keyframe, and counts no drop: nothing was lost (#37)', async () => {
    r.expectH264();
    await feed(0, 66 * 40, true, { n: 25 });
    expect(r.counts.dropped.uplink).toBe(0);
    expect(r.counts.skipped).toBe(5);
    expect(sinks[0]!.times[0]).toBe(0);
    expect(sinks[0]!.times.length).toBe(35);
  });
});

describe('CameraRecorder (recording by copy, motion mode)', () => {
  it('starts the recording at the keyframe before the pre-roll, so its first frames decode', async () => {
    await r.close();
    r = new CameraRecorder(
      'cam',
      { ...CAMERA_DEFAULTS, mode: 'motion', fps: 15, preRollSeconds: 1 },
      {
        files: new SegmentFiles(dir),
        openSink: (_format, file, _w, _h, avcC) => {
          mkdirSync(path.dirname(file), { recursive: true });
          const sink = new FakeSink(file, avcC ? 'copy' : 'encode');
          sinks.push(sink);
          return sink;
        },
        segmentMs: 60_000,
        silenceMs: 10_000,
        diskFull: () => false,
        onSegmentClosed: (s) => closed.push(s),
        onError: () => {},
        now: () => clock,
      },
    );
    r.expectH264();
    // Keyframes at 0 ms and 30 × 66 ms; motion at frame 50, so the pre-roll (1 s back) starts mid-GOP.
    await feed(0, 66 * 50, true);
    r.motion({ type: 'start', at: T0 + 66 * 50 });
    await settle();
    expect(r.counts.dropped.uplink).toBe(0);
    expect(sinks.map((s) => s.kind)).toEqual(['copy']);
    // From the keyframe at frame 30 on: 20 frames.
    expect(sinks[0]!.times.length).toBe(20);
  });
});

describe('CameraRecorder (recording by copy, a new stream)', () => {
  it('starts a new file, with no uplink gap, when a new connection’s stream starts over with other parameter sets', async () => {
    r.expectH264();
    await feed(0, 66 * 35, true);
    // The takeover's client counts from 0 again, with another encoder (another SPS).
    clock += 66;
    r.write('h264', recordedH264('cam', { seq: 0, capturedAt: clock, keyframe: true, width: 320, height: 180 }, annexB(true, 0x4d), clock));
    await settle();
    await r.close();
    closed.sort((a, b) => a.start - b.start);
    expect(closed.map((s) => [s.frames, s.endReason])).toEqual([
      [35, 'rotate'],
      [1, 'relay-down'],
    ]);
    expect(r.counts.dropped.uplink).toBe(0);
  });
});
