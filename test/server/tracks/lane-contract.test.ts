import { describe, expect, it } from 'vitest';
import type { Frame } from '../../../server/relay/frame.js';
import { H264Lane, H264_VIEWER_QUEUE_UNITS, type H264Unit } from '../../../server/tracks/h264-lane.js';
import type { Lane, LaneSink } from '../../../server/tracks/lane.js';
import { MAX_WINDOW, ViewerSlot } from '../../../server/tracks/viewer-slot.js';
import { frame } from '../../helpers/frames.js';
import type { LiveObjects } from '../../../shared/live-objects.js';
import { AUDIO_WAITING_MAX, AUDIO_WINDOW } from '../../../shared/live-audio.js';
import { type AacUnit, AudioLane } from '../../../server/tracks/audio-lane.js';

/** One lane policy with a viewer that acks only when told: `sent` holds the seqs written, `ack` settles the oldest. */
interface Rig<U> {
  lane: Lane<U>;
  /** A unit `bytes` long; `start`: a point the viewer can begin decoding at (every frame is one). */
  unit: (seq: number, start: boolean, bytes?: number) => U;
  isStart: (seq: number) => boolean;
  sent: number[];
  ack: () => Promise<void>;
  ackAll: () => Promise<void>;
}

/** Lets the lane's pump run after an ack (H264Lane settles on a promise). */
const settle = async () => {
  for (let i = 0; i < 4; i++) await Promise.resolve();
};

function acker() {
  const acks: Array<() => void> = [];
  const ack = async () => {
    acks.shift()?.();
    await settle();
  };
  const ackAll = async () => {
    while (acks.length > 0) await ack();
  };
  return { acks, ack, ackAll };
}

function frameRig(): Rig<Frame> {
  const sent: number[] = [];
  const a = acker();
  const lane = new ViewerSlot<Frame>({ write: (f, done) => (sent.push(f.seq), a.acks.push(done)) });
  const unit = (seq: number, _start: boolean, bytes = 4): Frame => ({ ...frame(seq), jpeg: Buffer.alloc(bytes) });
  return { lane, unit, isStart: () => true, sent, ack: a.ack, ackAll: a.ackAll };
}

/** The detector's looks (objects-track.ts) on the same newest-wins policy: each look stands alone. */
function lookRig(): Rig<LiveObjects> {
  const sent: number[] = [];
  const a = acker();
  const bytes = new WeakMap<LiveObjects, number>();
  const lane = new ViewerSlot<LiveObjects>({ write: (l, done) => (sent.push(l.at), a.acks.push(done)) }, undefined, undefined, (l) => bytes.get(l) ?? 0);
  const unit = (seq: number, _start: boolean, size = 4): LiveObjects => {
    const look: LiveObjects = { cameraId: 'cam', at: seq, width: 640, height: 360, boxes: [] };
    bytes.set(look, size);
    return look;
  };
  return { lane, unit, isStart: () => true, sent, ack: a.ack, ackAll: a.ackAll };
}

/** A camera's sound (audio-lane.ts, #40): every AAC frame in order, each one a start point, the oldest dropped past the wait. */
function audioRig(): Rig<AacUnit> {
  const sent: number[] = [];
  const a = acker();
  const lane = new AudioLane({ write: (u, done) => (sent.push(u.meta.seq), a.acks.push(done)) });
  const unit = (seq: number, _start: boolean, bytes = 4): AacUnit => ({
    meta: { cameraId: 'cam', seq, capturedAt: seq * 21, sampleRate: 48_000, channels: 2, config: '1190' },
    frame: Buffer.alloc(bytes),
  });
  return { lane, unit, isStart: () => true, sent, ack: a.ack, ackAll: a.ackAll };
}

function gopRig(options: { queueBytes?: number } = {}): Rig<H264Unit> {
  const sent: number[] = [];
  const starts = new Set<number>();
  const a = acker();
  const sink: LaneSink<H264Unit> = { write: (u, done) => (sent.push(u.meta.seq), a.acks.push(done)) };
  const lane = new H264Lane({ sink, ...options });
  const unit = (seq: number, keyframe: boolean, bytes = 100): H264Unit => {
    if (keyframe) starts.add(seq);
    const meta = { cameraId: 'cam', seq, epoch: 1, capturedAt: 0, clockSynced: true, receivedAt: 0, width: 320, height: 180, keyframe, codec: 'avc1.42C01E' };
    return { meta, au: new Uint8Array(bytes) };
  };
  return { lane, unit, isStart: (seq) => starts.has(seq), sent, ack: a.ack, ackAll: a.ackAll };
}

/** A lane with a window of one: unit 0 (a start point) in flight, unit 1 waiting behind it. */
function busy(make: () => Rig<Frame> | Rig<H264Unit> | Rig<LiveObjects> | Rig<AacUnit>): Rig<unknown> {
  const rig = make() as Rig<unknown>;
  rig.lane.window = 1;
  rig.lane.offer(rig.unit(0, true));
  rig.lane.offer(rig.unit(1, false));
  return rig;
}

/** A GOP of 30: a start point every 30th unit, as a camera at 15 fps with a keyframe every 2 s. */
const startsAt = (seq: number) => seq % 30 === 0;

const policies: Array<[string, () => Rig<Frame> | Rig<H264Unit> | Rig<LiveObjects> | Rig<AacUnit>]> = [
  ['newest frame wins (ViewerSlot)', frameRig],
  ['every frame in order, the oldest dropped (AudioLane)', audioRig],
  ['newest frame wins, detector looks (ViewerSlot)', lookRig],
  ['newest GOP wins (H264Lane)', gopRig],
];

describe.each(policies)('Lane contract: %s', (_name, make) => {
  it('holds no more than its bounds in units and bytes for a frozen viewer, however much arrives', () => {
    const rig = make() as Rig<unknown>;
    let largest = 0;
    for (let seq = 0; seq < 10_000; seq++) {
      const bytes = 50 + (seq % 7) * 40;
      largest = Math.max(largest, bytes);
      rig.lane.offer(rig.unit(seq, startsAt(seq), bytes));
      expect(rig.lane.held).toBeLessThanOrEqual(rig.lane.bounds.units);
      expect(rig.lane.heldBytes).toBeLessThanOrEqual(rig.lane.bounds.bytes);
      expect(rig.lane.heldBytes).toBeLessThanOrEqual(rig.lane.bounds.units * largest);
      // Every unit held counts its bytes, the ones in flight too.
      expect(rig.lane.heldBytes).toBeGreaterThanOrEqual(rig.lane.held * 50);
    }
  });

  it('never grows for a slow viewer: it holds no more after 10,000 units than after the first GOPs', async () => {
    const rig = make() as Rig<unknown>;
    let early = 0;
    let late = 0;
    for (let seq = 0; seq < 10_000; seq++) {
      rig.lane.offer(rig.unit(seq, startsAt(seq)));
      // The viewer takes one unit in ten: it falls ever further behind the camera.
      if (seq % 10 === 9) await rig.ack();
      if (seq < 300) early = Math.max(early, rig.lane.held);
      else late = Math.max(late, rig.lane.held);
    }
    expect(late).toBeLessThanOrEqual(early);
    expect(rig.lane.dropped).toBeGreaterThan(0);
  });

  it('lets the newest win: a slow viewer gets the newest unit last, never an older one after a newer', async () => {
    const rig = make() as Rig<unknown>;
    for (let seq = 0; seq <= 95; seq++) rig.lane.offer(rig.unit(seq, startsAt(seq)));
    await rig.ackAll();
    expect(rig.sent.at(-1)).toBe(95);
    expect(rig.sent).toEqual([...rig.sent].sort((a, b) => a - b));
    expect(rig.sent.length).toBeLessThan(96);
    expect(rig.lane.dropped).toBeGreaterThan(0);
  });

  it('sends nothing offered while paused, and after resume starts at a clean start point with nothing from before', async () => {
    const rig = busy(make);
    rig.lane.pause();
    // The link frees while paused: nothing that waited, nor anything offered now, may take its place.
    await rig.ackAll();
    rig.lane.offer(rig.unit(2, true));
    rig.lane.offer(rig.unit(3, false));
    await rig.ackAll();
    expect(rig.sent).toEqual([0]);
    expect(rig.lane.resume()).toBe(true);
    rig.lane.offer(rig.unit(4, false));
    rig.lane.offer(rig.unit(5, true));
    rig.lane.offer(rig.unit(6, false));
    await rig.ackAll();
    expect(rig.sent[0]).toBe(0);
    const after = rig.sent.slice(1);
    expect(after.filter((seq) => seq < 4)).toEqual([]);
    expect(rig.isStart(after[0]!)).toBe(true);
    expect(after.at(-1)).toBe(6);
  });

  it('restarts with a mark even when not paused, and without one leaves a running lane as it is', async () => {
    const rig = busy(make);
    expect(rig.lane.resume()).toBe(false);
    expect(rig.lane.resume(1)).toBe(true);
    await rig.ackAll();
    expect(rig.sent).toEqual([0]);
  });

  it('keeps no more in flight than its window, within 1 and its own limit', () => {
    const rig = make() as Rig<unknown>;
    rig.lane.window = 2;
    for (let seq = 0; seq < 10; seq++) rig.lane.offer(rig.unit(seq, seq === 0));
    expect(rig.sent).toEqual([0, 1]);
    rig.lane.window = 0;
    expect(rig.lane.window).toBe(1);
    rig.lane.window = 1000;
    expect(rig.lane.window).toBeLessThan(1000);
  });

  it('drops what waits on close and sends nothing more', async () => {
    const rig = busy(make);
    rig.lane.close();
    rig.lane.offer(rig.unit(2, true));
    await rig.ackAll();
    expect(rig.sent).toEqual([0]);
    expect(rig.lane.resume(1)).toBe(false);
  });
});

describe('Lane policy: newest frame wins (ViewerSlot)', () => {
  it('keeps one frame waiting behind its window: a newer one replaces it, and any frame starts the viewer', async () => {
    const rig = frameRig();
    rig.lane.window = MAX_WINDOW;
    for (let seq = 1; seq <= 10; seq++) rig.lane.offer(rig.unit(seq, false));
    expect(rig.lane.held).toBe(MAX_WINDOW + 1);
    expect(rig.lane.dropped).toBe(10 - MAX_WINDOW - 1);
    await rig.ack();
    expect(rig.sent).toEqual([1, 2, 3, 10]);
  });
});

describe('Lane policy: every frame in order (AudioLane, #40)', () => {
  it('sends every frame in order while the viewer keeps up, and a viewer that stalls loses the oldest waiting, never the newest', async () => {
    const rig = audioRig();
    for (let seq = 1; seq <= 20; seq++) {
      rig.lane.offer(rig.unit(seq, true));
      await rig.ack();
    }
    expect(rig.sent).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rig.lane.dropped).toBe(0);
    const stalled = audioRig();
    const total = AUDIO_WINDOW + AUDIO_WAITING_MAX + 10;
    for (let seq = 1; seq <= total; seq++) stalled.lane.offer(stalled.unit(seq, true));
    expect(stalled.lane.held).toBe(AUDIO_WINDOW + AUDIO_WAITING_MAX);
    expect(stalled.lane.dropped).toBe(10);
    await stalled.ackAll();
    // The window's frames, then the newest second: frames window+1 to window+10 were the oldest waiting.
    expect(stalled.sent.slice(AUDIO_WINDOW, AUDIO_WINDOW + 1)).toEqual([AUDIO_WINDOW + 11]);
    expect(stalled.sent.at(-1)).toBe(total);
  });
});

describe('Lane policy: newest GOP wins (H264Lane)', () => {
  it('keeps the GOP waiting whole behind its window, and a keyframe drops it to go on from itself', async () => {
    const rig = gopRig();
    rig.lane.window = 1;
    for (let seq = 0; seq < 5; seq++) rig.lane.offer(rig.unit(seq, seq === 0));
    expect(rig.lane.held).toBe(5);
    rig.lane.offer(rig.unit(5, true));
    expect(rig.lane.dropped).toBe(4);
    await rig.ackAll();
    expect(rig.sent).toEqual([0, 5]);
  });

  it(`is bounded in units too: a GOP of tiny units waits no more than ${H264_VIEWER_QUEUE_UNITS} of them, then skips to the next keyframe`, async () => {
    const rig = gopRig();
    let most = 0;
    for (let seq = 0; seq < 3 * H264_VIEWER_QUEUE_UNITS; seq++) {
      rig.lane.offer(rig.unit(seq, seq === 0, 1));
      most = Math.max(most, rig.lane.held);
    }
    expect(most).toBeLessThanOrEqual(rig.lane.bounds.units);
    rig.lane.offer(rig.unit(5000, true, 1));
    await rig.ackAll();
    expect(rig.sent.at(-1)).toBe(5000);
  });
});
