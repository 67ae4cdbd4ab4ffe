/**
 * The track contract (#56): every kind over its delivery policy, through one Track, with fake readers (no sockets).
 * What every reader may count on, whatever the kind: it gets only the cameras it subscribed to and may see; a paused
 * reader gets nothing and starts again on its return; a reader that never takes a unit costs its lane's bound and
 * never delays another; the demand hears a camera's first reader come and its last go; a latest-value kind gives a
 * reader that comes its newest unit while that holds; a newest-GOP kind gives a reader that comes or resumes the GOP
 * held from its keyframe, or asks the publisher for a keyframe (rate-limited per camera).
 */
import { describe, expect, it } from 'vitest';
import { KEYFRAME_REQUEST_MIN_MS } from '../../../shared/live-video.js';
import type { Frame } from '../../../server/relay/frame.js';
import type { AacUnit } from '../../../server/tracks/audio-lane.js';
import type { H264Unit } from '../../../server/tracks/h264-lane.js';
import { everyUnit, latestValue, newestFrame, newestGop, type TrackPolicy } from '../../../server/tracks/policies.js';
import { Track, type TrackReader } from '../../../server/tracks/track.js';
import { recordPolicy } from '../../../server/recording/record-lane.js';
import type { LiveObjects } from '../../../shared/live-objects.js';
import { frame } from '../../helpers/frames.js';

/** A kind as the contract drives it: its policy, a unit of a camera (`start`: a point a reader can begin at), and its seq. */
interface Kind<U> {
  name: string;
  policy: TrackPolicy<U>;
  unit: (cameraId: string, seq: number, start: boolean, at: number) => U;
  cameraOf: (u: U) => string;
  seqOf: (u: U) => number;
}

const jpeg: Kind<Frame> = {
  name: 'JPEG',
  policy: newestFrame<Frame>((f) => f.jpeg.length),
  unit: (cameraId, seq) => ({ ...frame(seq), cameraId }),
  cameraOf: (f) => f.cameraId,
  seqOf: (f) => f.seq,
};
const h264: Kind<H264Unit> = {
  name: 'H.264',
  policy: newestGop(),
  unit: (cameraId, seq, start) => ({
    meta: { cameraId, seq, epoch: 1, capturedAt: 0, clockSynced: true, receivedAt: 0, width: 320, height: 180, keyframe: start, codec: 'avc1.42C01E' },
    au: new Uint8Array(100),
  }),
  cameraOf: (u) => u.meta.cameraId,
  seqOf: (u) => u.meta.seq,
};
const sound: Kind<AacUnit> = {
  name: 'sound',
  policy: everyUnit(),
  unit: (cameraId, seq) => ({ meta: { cameraId, seq, capturedAt: seq * 21, sampleRate: 48_000, channels: 2, config: '1190' }, frame: Buffer.alloc(4) }),
  cameraOf: (u) => u.meta.cameraId,
  seqOf: (u) => u.meta.seq,
};
const SHOWN_MS = 3000;
const objects: Kind<LiveObjects> = {
  name: 'objects',
  policy: latestValue<LiveObjects>(
    () => 64,
    (l) => l.at,
    SHOWN_MS,
  ),
  unit: (cameraId, seq, _start, at) => ({ cameraId, at, width: 640, height: 360, boxes: [{ label: 'person', score: 0.5, box: [seq, 0, 10, 10] }] }),
  cameraOf: (l) => l.cameraId,
  seqOf: (l) => l.boxes[0]!.box[0],
};

/** H264Lane's pump settles on a promise: lets it run after an ack. */
const settle = async () => {
  for (let i = 0; i < 4; i++) await Promise.resolve();
};

function rig<U>(kind: Kind<U>) {
  let now = 10_000;
  const heard: Array<[string, boolean]> = [];
  const track = new Track<U>({ kind: kind.name, policy: kind.policy, cameraOf: kind.cameraOf, now: () => now, onRead: (id, on) => heard.push([id, on]) });
  /** A reader of `ids` that takes a unit only when told (`take`), or at once (`eager`). */
  const reader = (ids: string[], eager = true) => {
    const r: TrackReader & { paused: boolean } = { wants: (id) => ids.includes(id), paused: false };
    const got: U[] = [];
    const acks: Array<() => void> = [];
    const sink = { write: (u: U, done: () => void) => (got.push(u), eager ? done() : acks.push(done)) };
    const seqs = (cameraId?: string) => got.filter((u) => cameraId === undefined || kind.cameraOf(u) === cameraId).map(kind.seqOf);
    return { r, got, sink, seqs, take: async () => (acks.shift()?.(), await settle()) };
  };
  let seq = 0;
  /** Publishes the camera's next unit; every tenth is a start point, and the first of all. */
  const publish = (cameraId: string) => {
    const s = seq++;
    track.publish(kind.unit(cameraId, s, s % 10 === 0, now));
    return s;
  };
  return { track, heard, reader, publish, at: (ms: number) => (now = ms) };
}

describe.each([jpeg, h264, sound, objects] as Array<Kind<unknown>>)('a $name track ($policy.name)', (kind) => {
  it('gives a reader only the cameras it subscribed to and may see', async () => {
    const { track, reader, publish } = rig(kind);
    const a = reader(['door', 'yard']);
    track.subscribe(a.r, ['door', 'vault'], a.sink);
    publish('door');
    publish('yard');
    publish('vault');
    await settle();
    expect(a.got.map(kind.cameraOf)).toEqual(['door']);
  });

  it('hears the first reader of a camera come and the last go, and drops units nobody reads', async () => {
    const { track, heard, reader, publish } = rig(kind);
    const a = reader(['door']);
    const b = reader(['door']);
    publish('door');
    track.subscribe(a.r, ['door'], a.sink);
    track.subscribe(b.r, ['door'], b.sink);
    expect(heard).toEqual([['door', true]]);
    expect(track.readCameras()).toEqual(['door']);
    track.unsubscribe(a.r);
    track.subscribe(b.r, [], b.sink);
    expect(heard).toEqual([
      ['door', true],
      ['door', false],
    ]);
    expect(track.isRead('door')).toBe(false);
    publish('door');
    expect(track.held).toBe(0);
  });

  it('sends a paused reader nothing, and starts it again at a start point on its return', async () => {
    const { track, reader, publish } = rig(kind);
    const a = reader(['door']);
    track.subscribe(a.r, ['door'], a.sink);
    a.r.paused = true;
    track.pause(a.r, true);
    for (let i = 0; i < 5; i++) publish('door');
    await settle();
    expect(a.got).toEqual([]);
    a.r.paused = false;
    track.pause(a.r, false);
    for (let i = 0; i < 15; i++) publish('door');
    await settle();
    expect(a.got.length).toBeGreaterThan(0);
    // Every kind's first unit after a return is one a reader can begin at (every tenth is a start point).
    if (kind.policy.name === 'newest-gop') expect(a.seqs()[0]! % 10).toBe(0);
  });

  it('holds at most its bound for a reader that never takes a unit, and never delays another', async () => {
    const { track, reader, publish } = rig(kind);
    const frozen = reader(['door'], false);
    const live = reader(['door']);
    track.subscribe(frozen.r, ['door'], frozen.sink);
    track.subscribe(live.r, ['door'], live.sink);
    const bound = kind.policy.lane({ write: () => {} }).bounds.units;
    for (let i = 0; i < 2000; i++) publish('door');
    await settle();
    expect(track.held).toBeLessThanOrEqual(bound);
    expect(live.got.length).toBe(2000);
  });

  it("lets a reader hold its units by its own policy, and the others keep the kind's", async () => {
    const { track, reader, publish } = rig(kind);
    const recorder = reader(['door'], false);
    const viewer = reader(['door'], false);
    track.subscribe(recorder.r, ['door'], recorder.sink, {}, recordPolicy<unknown>({ sizeOf: () => 100 }));
    track.subscribe(viewer.r, ['door'], viewer.sink);
    for (let i = 0; i < 50; i++) publish('door');
    for (let i = 0; i < 60 && recorder.got.length < 50; i++) await recorder.take();
    expect(recorder.seqs()).toEqual([...Array(50).keys()]);
    expect(viewer.got.length).toBeLessThan(50);
  });

  it(
    kind.policy.name === 'latest-value'
      ? "gives a reader that comes the camera's newest unit while it holds, and not after"
      : kind.policy.name === 'newest-gop'
        ? 'gives a reader that comes the GOP held, from its keyframe'
        : 'gives a reader that comes nothing until the next unit',
    async () => {
      const { track, reader, publish, at } = rig(kind);
      const last = publish('door');
      const a = reader(['door']);
      track.subscribe(a.r, ['door'], a.sink);
      await settle();
      if (kind.policy.name === 'latest-value') {
        expect(a.seqs()).toEqual([last]);
        at(10_000 + SHOWN_MS);
        const b = reader(['door']);
        track.subscribe(b.r, ['door'], b.sink);
        expect(b.got).toEqual([]);
      } else if (kind.policy.name === 'newest-gop') expect(a.seqs()).toEqual([last]);
      else expect(a.got).toEqual([]);
    },
  );
});

describe('a start-point track (newest-gop): GOP start points', () => {
  function gopRig() {
    let now = 10_000;
    const asks: Array<[string, number]> = [];
    const track = new Track<H264Unit>({ kind: 'h264', policy: newestGop(), cameraOf: h264.cameraOf, now: () => now, onStartAsk: (id) => asks.push([id, now]) });
    const reader = () => {
      const r: TrackReader = { wants: () => true, paused: false };
      const got: H264Unit[] = [];
      return { r, got, sink: { write: (u: H264Unit, done: () => void) => (got.push(u), done()) } };
    };
    const publish = (cameraId: string, seq: number, keyframe: boolean) => track.publish(h264.unit(cameraId, seq, keyframe, now));
    return { track, asks, reader, publish, at: (ms: number) => (now = ms) };
  }

  it('gives a reader that joins mid-GOP the GOP from its keyframe, every unit but the newest marked catch-up', async () => {
    const { track, asks, reader, publish } = gopRig();
    const first = reader();
    track.subscribe(first.r, ['door'], first.sink);
    for (let seq = 1; seq <= 6; seq++) publish('door', seq, seq === 1 || seq === 4);
    const late = reader();
    track.subscribe(late.r, ['door'], late.sink);
    publish('door', 7, false);
    await settle();
    expect(late.got.map((u) => u.meta.seq)).toEqual([4, 5, 6, 7]);
    expect(late.got.filter((u) => u.meta.catchUp).map((u) => u.meta.seq)).toEqual([4, 5]);
    expect(first.got.some((u) => u.meta.catchUp)).toBe(false);
    expect(asks).toEqual([['door', 10_000]]);
  });

  it('gives a resumed reader the GOP held again, marked as on a join', async () => {
    const { track, reader, publish } = gopRig();
    const a = reader();
    track.subscribe(a.r, ['door'], a.sink);
    publish('door', 1, true);
    track.pause(a.r, true);
    for (let seq = 2; seq <= 5; seq++) publish('door', seq, seq === 3);
    track.pause(a.r, false);
    await settle();
    expect(a.got.map((u) => u.meta.seq)).toEqual([1, 3, 4, 5]);
    expect(a.got.filter((u) => u.meta.catchUp).map((u) => u.meta.seq)).toEqual([3, 4]);
  });

  it('with no GOP held asks the publisher for a keyframe, at most once per KEYFRAME_REQUEST_MIN_MS per camera', () => {
    const { track, asks, reader, at } = gopRig();
    for (let i = 0; i < 5; i++) track.subscribe(reader().r, ['door', 'yard'], reader().sink);
    expect(asks).toEqual([
      ['door', 10_000],
      ['yard', 10_000],
    ]);
    at(10_000 + KEYFRAME_REQUEST_MIN_MS - 1);
    track.subscribe(reader().r, ['door'], reader().sink);
    expect(asks.length).toBe(2);
    at(10_000 + KEYFRAME_REQUEST_MIN_MS);
    track.subscribe(reader().r, ['door'], reader().sink);
    expect(asks).toEqual([
      ['door', 10_000],
      ['yard', 10_000],
      ['door', 10_000 + KEYFRAME_REQUEST_MIN_MS],
    ]);
  });
});
