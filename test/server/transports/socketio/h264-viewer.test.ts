/**
 * H264Viewer with the relay core's real LiveH264 and Viewer and a socket that records what it is sent (no network):
 * the `· auto` steps of a viewer's live H.264 on a link that cannot carry it, from full size down to the camera
 * side's rungs and back up once quiet, told as rendition notices; a pinned size and a camera side without rungs never move.
 */
import type { Socket } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { Demand, TrackNeed } from '../../../../server/relay/demand.js';
import { H264_QUIET_MS, LiveH264 } from '../../../../server/relay/live-h264.js';
import { LocalH264 } from '../../../../server/relay/local-h264.js';
import { STEP_UP_QUIET_MS } from '../../../../server/relay/h264-step-down.js';
import { NO_OBSERVER } from '../../../../server/relay/observer.js';
import { Viewer } from '../../../../server/relay/viewer.js';
import { H264Viewer } from '../../../../server/transports/socketio/h264-viewer.js';
import { socketSink } from '../../../../server/transports/socketio/frame-sink.js';
import type { MonitorH264Meta } from '../../../../shared/protocol.js';
import type { RenditionNotice } from '../../../../shared/subscription.js';

const START = [0, 0, 0, 1];
/** An IDR access unit with its SPS (Baseline, level 3.0), or a P-frame's. */
const au = (keyframe: boolean) => Buffer.from(keyframe ? [...START, 0x67, 0x42, 0xc0, 0x1e, ...START, 0x65, 1, 2, 3] : [...START, 0x41, 1, 2, 3]);
/** A GOP every 5 units. */
const GOP = 5;

function setup(opts: { rungs?: boolean; pinned?: boolean } = {}) {
  let now = 0;
  const clock = () => now;
  const rungWanted = new Set<number>();
  const demand = {
    offersH264: () => true,
    offersH264Rungs: () => opts.rungs ?? true,
    // Live viewers at a rung read the camera's H.264 at that width: the rungs asked for now.
    read: (_id: string, reader: string, need: TrackNeed | null) => {
      if (need && need.track === 'h264' && 'width' in need) rungWanted.add(need.width);
      else if (!need) for (const w of [...rungWanted]) if (reader.endsWith(` ${w}`)) rungWanted.delete(w);
    },
    requestKeyframe: () => {},
  } as unknown as Demand;
  const local = new LocalH264(clock);
  const live = new LiveH264({ h264: local, demand, epochOf: () => 1, now: clock });
  const units: MonitorH264Meta[] = [];
  const notices: RenditionNotice[] = [];
  const acks: Array<() => void> = [];
  let acking = false;
  const socket = {
    id: 'viewer',
    compress: () => socket,
    emit: (event: string, ...args: unknown[]) => {
      if (event === 'rendition') notices.push(args[0] as RenditionNotice);
      if (event !== 'h264') return true;
      units.push(args[0] as MonitorH264Meta);
      const ack = args[2] as () => void;
      if (acking) ack();
      else acks.push(ack);
      return true;
    },
  };
  // Socket.IO's own sink: it carries the viewer's units as its frames (one sink per transport for every kind).
  const viewer = new Viewer(
    socketSink(socket as unknown as Socket, null),
    'socketio',
    NO_OBSERVER,
    () => true,
    () => {},
  );
  // The single view: no width (its full size), pinned when the person chose `full`.
  viewer.subscribe(['yard'], {}, opts.pinned ? ['yard'] : []);
  const h264 = new H264Viewer(socket as unknown as Socket, live, viewer, () => 1280, null, clock);
  const seqs = new Map<number | null, number>();
  /** `n` units of the full-size stream (`rung` null) or a rung's, 200 ms apart, a keyframe each GOP. */
  const send = (n: number, rung: number | null = null) => {
    for (let i = 0; i < n; i++) {
      now += 200;
      const seq = (seqs.get(rung) ?? -1) + 1;
      seqs.set(rung, seq);
      const meta = { seq, capturedAt: now, keyframe: seq % GOP === 0, width: rung ?? 1280, height: ((rung ?? 1280) * 9) / 16 };
      if (rung === null) local.ingest('yard', meta, au(meta.keyframe));
      else live.offerRung('yard', rung, meta, au(meta.keyframe), now);
    }
  };
  const ackAll = (on: boolean) => {
    acking = on;
    if (on) for (const ack of acks.splice(0)) ack();
  };
  return { h264, live, viewer, units, notices, send, ackAll, rungWanted, advance: (ms: number) => (now += ms) };
}

/** Lets the queued microtasks (a step's subscribe) and the lanes' acks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('H264Viewer', () => {
  let close: () => void = () => {};
  afterEach(() => close());

  describe('a viewer whose link holds its units longer than the H.264 quiet period', () => {
    it('keeps its JPEGs held back while the camera side sends its stream, across a step down, and gives them back once that stream stops', async () => {
      const t = setup();
      close = () => t.live.close();
      t.h264.subscribe(['yard'], undefined);
      t.send(1);
      expect(t.viewer.muted('yard')).toBe(true);
      // Never acked: the window fills and the relay steps it down. JPEGs sent now would take the link from the
      // H.264 the page waits for and keep it stalled (#30's phone row).
      t.send(GOP * 4);
      await settle();
      expect(t.notices).toHaveLength(1);
      expect(t.viewer.muted('yard')).toBe(true);
      // The rung's window goes, then nothing more for longer than the quiet period: the link, not the camera, is slow.
      t.send(GOP * 4, 960);
      await settle();
      expect(t.units.at(-1)?.width).toBe(960);
      expect(t.viewer.muted('yard')).toBe(true);
      // The camera side stops the rung the viewer watches (its full size goes on, as for another viewer): its JPEGs come again.
      t.send(Math.ceil(H264_QUIET_MS / 200));
      expect(t.viewer.muted('yard')).toBe(false);
    });
  });

  describe('a full-size viewer whose link falls behind', () => {
    it('steps down to the camera side’s rung below full size, says so, and gets that rung’s units from its keyframe', async () => {
      const t = setup();
      close = () => t.live.close();
      expect(t.h264.subscribe(['yard'], undefined)).toEqual({ h264: ['yard'], h264Widths: {} });
      // Never acked: the lane's window fills, and each keyframe finds units waiting and skips them.
      t.send(GOP * 4);
      await settle();
      expect(t.notices).toEqual([{ cameraId: 'yard', steps: 1, window: 1, reason: 'its H.264 fell a GOP behind 2 times within 10 s: full size 1280 → 960' }]);
      expect(t.rungWanted).toEqual(new Set([960]));
      // The full-size lane still had units waiting: the acks that come now must not send them after the switch.
      const from = t.units.length;
      t.ackAll(true);
      await settle();
      t.send(GOP * 2, 960);
      await settle();
      const rung = t.units.slice(from);
      expect(rung.length).toBeGreaterThan(0);
      expect(rung[0]).toMatchObject({ keyframe: true, width: 960, height: 540 });
      expect(rung.every((u) => u.width === 960)).toBe(true);
    });

    it(`steps back up at a keyframe once its link skipped nothing for ${STEP_UP_QUIET_MS / 1000} s, and says so`, async () => {
      const t = setup();
      close = () => t.live.close();
      t.h264.subscribe(['yard'], undefined);
      t.send(GOP * 4);
      await settle();
      t.ackAll(true);
      t.send(GOP * 2, 960);
      await settle();
      expect(t.notices).toHaveLength(1);
      t.advance(STEP_UP_QUIET_MS);
      t.send(GOP, 960);
      await settle();
      expect(t.notices[1]).toEqual({ cameraId: 'yard', steps: 0, window: 1, reason: 'its H.264 skipped no GOP for 30 s: rung 960 → full size 1280' });
      const from = t.units.length;
      t.send(GOP * 2);
      expect(t.units.slice(from).every((u) => u.width === 1280)).toBe(true);
      expect(t.units.length).toBeGreaterThan(from);
    });

    it('stays at full size when the person pinned it', async () => {
      const t = setup({ pinned: true });
      close = () => t.live.close();
      t.h264.subscribe(['yard'], undefined);
      t.send(GOP * 6);
      await settle();
      expect(t.live.counts.skipped).toBeGreaterThanOrEqual(2); // as many as step an unpinned one down
      expect(t.notices).toEqual([]);
      expect(t.rungWanted.size).toBe(0);
      expect(t.h264.subscribe(['yard'], undefined)).toEqual({ h264: ['yard'], h264Widths: {} });
    });

    it('stays at full size when its camera side makes no H.264 rungs', async () => {
      const t = setup({ rungs: false });
      close = () => t.live.close();
      t.h264.subscribe(['yard'], undefined);
      t.send(GOP * 6);
      await settle();
      expect(t.live.counts.skipped).toBeGreaterThanOrEqual(2);
      expect(t.notices).toEqual([]);
      expect(t.h264.subscribe(['yard'], undefined)).toEqual({ h264: ['yard'], h264Widths: {} });
    });
  });

  describe('a viewer whose transport changes (a WebRTC upgrade takes over)', () => {
    it('sends nothing the new way until what went the old way is acked, then starts there from the GOP’s keyframe', async () => {
      const t = setup();
      close = () => t.live.close();
      t.h264.subscribe(['yard'], undefined);
      t.send(GOP + 3); // a keyframe at GOP, then 3 units; none acked yet
      const oldWay = t.units.length;
      expect(oldWay).toBeGreaterThan(0);
      const newWay: MonitorH264Meta[] = [];
      const newAcks: Array<() => void> = [];
      t.viewer.setSink({ write: () => {}, unit: (u, done) => (newWay.push(u.meta), newAcks.push(done)) }, 'webrtc');
      t.send(2);
      await settle();
      // Units still in flight the old way: a decoder getting a new-way unit before them would decode out of order.
      expect(newWay).toEqual([]);
      expect(t.units.length).toBe(oldWay);
      t.ackAll(true);
      await settle();
      expect(newWay.length).toBeGreaterThan(0);
      expect(newWay[0]).toMatchObject({ seq: GOP, keyframe: true, catchUp: true });
      expect(newWay.map((m) => m.seq)).toEqual(Array.from({ length: newWay.length }, (_, i) => GOP + i));
      // Nothing more went the old way.
      expect(t.units.length).toBe(oldWay);
    });
  });
});
