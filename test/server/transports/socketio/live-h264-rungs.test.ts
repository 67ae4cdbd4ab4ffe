/**
 * Live H.264 per rung over real sockets (#30): a viewer that names a camera in `subscribe.h264Rungs` and shows it
 * smaller than the camera gets the camera side's H.264 of that rung (from a keyframe, at the rung's size) instead
 * of its JPEGs; the relay demands the rung only while someone watches it, and releases it after RELEASE_MS. A camera
 * whose capture side makes no H.264 rungs stays JPEG for such a tile, never full-size H.264.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEASE_MS } from '../../../../server/relay/live-h264.js';
import type { CaptureDemand, CaptureOffer } from '../../../../shared/demand.js';
import type { MonitorFrameMeta, MonitorH264Meta } from '../../../../shared/protocol.js';
import type { RenditionNotice, SubscribeReply } from '../../../../shared/subscription.js';
import { h264AccessUnits, type AccessUnit } from '../../../helpers/h264.js';
import { makeJpeg } from '../../../helpers/jpeg.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../../helpers/server.js';
import { waitFor } from '../../../helpers/wait.js';

interface Camera {
  socket: Socket;
  demand: CaptureDemand | null;
  keyframeAsks: unknown[];
  timer: ReturnType<typeof setInterval>;
}

/** A capture client sending 1280×720 JPEGs at 15 fps and, while demanded, the units of each rung it has (`units` by width). */
async function camera(server: TestServer, cameraId: string, offers: CaptureOffer[], units: Map<number, AccessUnit[]>, jpeg: Buffer): Promise<Camera> {
  const socket = io(`${server.url}/capture`, { auth: { token: server.captureToken, cameraId, offers }, transports: ['websocket'], forceNew: true });
  const cam: Camera = { socket, demand: null, keyframeAsks: [], timer: setInterval(() => {}, 1000) };
  socket.on('demand', (d: CaptureDemand) => (cam.demand = d));
  socket.on('keyframe', (req: unknown) => cam.keyframeAsks.push(req));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let seq = 0;
  const rungSeq = new Map<number, number>();
  clearInterval(cam.timer);
  cam.timer = setInterval(() => {
    seq++;
    socket.emit('frame', { seq, capturedAt: Date.now(), width: 1280, height: 720 }, jpeg, () => {});
    for (const w of cam.demand?.h264Widths ?? []) {
      const list = units.get(w);
      if (!list) continue;
      const n = (rungSeq.get(w) ?? 0) + 1;
      rungSeq.set(w, n);
      const u = list[(n - 1) % list.length]!;
      socket.emit('h264-rung', { seq: n, capturedAt: Date.now(), keyframe: u.keyframe, width: w, height: (w * 9) / 16, rung: w }, u.au, () => {});
    }
  }, 66);
  return cam;
}

interface Watcher {
  socket: Socket;
  units: MonitorH264Meta[];
  jpegs: MonitorFrameMeta[];
  reply: SubscribeReply | null;
  notices: RenditionNotice[];
  /** While true, units are not acked: the viewer's link is too thin for its rung. */
  hold: boolean;
}

/** `page`: the page's own id (`auth.page`), the same on a reconnect. */
function watch(url: string, cameraId: string, width = 300, page?: string): Watcher {
  const socket = io(`${url}/monitor`, { transports: ['websocket'], forceNew: true, auth: { ...TEST_ADMIN, ...(page ? { page } : {}) } });
  const w: Watcher = { socket, units: [], jpegs: [], reply: null, notices: [], hold: false };
  const req = { cameraIds: [cameraId], widths: { [cameraId]: width }, h264Rungs: [cameraId] };
  socket.on('rendition', (n: RenditionNotice) => w.notices.push(n));
  socket.on('connect', () => socket.emit('subscribe', req, (r: SubscribeReply) => (w.reply = r)));
  socket.on('frame', (meta: MonitorFrameMeta, _jpeg: unknown, ack: () => void) => {
    w.jpegs.push(meta);
    ack();
  });
  socket.on('h264', (meta: MonitorH264Meta, _au: unknown, ack: () => void) => {
    w.units.push(meta);
    if (!w.hold) ack();
  });
  return w;
}

describe('live H.264 per rung to viewers on /monitor', () => {
  let server: TestServer;
  let yard: Camera;
  let gate: Camera;

  beforeAll(async () => {
    server = await startTestServer();
    // A keyframe every 10 units: a GOP of 0.67 s at 15 fps.
    const units = new Map([
      [320, await h264AccessUnits(60, 320, 180, 10)],
      [640, await h264AccessUnits(60, 640, 360, 10)],
    ]);
    const jpeg = await makeJpeg(1280, 720);
    yard = await camera(server, 'yard', ['h264', 'h264-rungs'], units, jpeg);
    gate = await camera(server, 'gate', ['h264'], units, jpeg);
    await waitFor(() => server.relay.cameras.list().filter((c) => c.width === 1280).length === 2, 'both cameras at 1280 wide');
  }, 30_000);

  afterAll(async () => {
    for (const c of [yard, gate]) {
      clearInterval(c?.timer);
      c?.socket.close();
    }
    await stopTestServer(server);
  });

  it(
    'sends a tile 300 px wide the rung 320 as H.264, from a keyframe at 320×180, instead of its JPEGs',
    async () => {
      const w = watch(server.url, 'yard');
      try {
        await waitFor(() => w.reply, 'the subscribe ack');
        expect(w.reply).toMatchObject({ ok: true, h264: ['yard'], h264Widths: { yard: 320 } });
        await waitFor(() => yard.demand?.h264Widths?.includes(320), 'the relay demands rung 320 as H.264');
        expect(yard.demand!.h264).toBe(false);
        await waitFor(() => w.units.length >= 20, 'twenty rung units at the viewer', 10_000);
        expect(w.units[0]!.keyframe).toBe(true);
        expect(w.units.every((u) => u.cameraId === 'yard' && u.width === 320 && u.height === 180 && u.codec.startsWith('avc1.'))).toBe(true);
        const seqs = w.units.map((u) => u.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        const jpegs = w.jpegs.length;
        const units = w.units.length;
        await waitFor(() => w.units.length >= units + 15, 'fifteen more units');
        expect(w.jpegs.length - jpegs).toBeLessThanOrEqual(1);
      } finally {
        w.socket.close();
      }
      await waitFor(() => yard.demand?.h264Widths?.length === 0, 'the rung released after the last viewer left', RELEASE_MS + 5000);
    },
    RELEASE_MS + 30_000,
  );

  it('keeps a small tile of a camera without H.264 rungs on its JPEG rung, not full-size H.264', async () => {
    const w = watch(server.url, 'gate');
    try {
      await waitFor(() => w.reply, 'the subscribe ack');
      expect(w.reply).toMatchObject({ ok: true, h264: [], h264Widths: {} });
      await waitFor(() => w.jpegs.length >= 5, 'five JPEGs');
      expect(w.jpegs.every((m) => m.width === 320)).toBe(true);
      expect(w.units).toEqual([]);
      expect(gate.demand?.h264).toBe(false);
    } finally {
      w.socket.close();
    }
  });

  it('steps a tile whose link cannot carry its rung down to the next one, and says so as a rendition notice', async () => {
    const w = watch(server.url, 'yard', 600);
    try {
      await waitFor(() => w.units.some((u) => u.width === 640), 'rung 640 units');
      w.hold = true;
      await waitFor(() => w.notices.length > 0, 'a rendition notice', 15_000);
      expect(w.notices[0]).toMatchObject({ cameraId: 'yard', steps: 1 });
      expect(w.notices[0]!.reason).toMatch(/rung 640 → 320/);
      w.hold = false;
      const from = w.units.length;
      await waitFor(() => w.units.slice(from).some((u) => u.width === 320 && u.keyframe), 'rung 320 from a keyframe', 10_000);
      await waitFor(() => yard.demand?.h264Widths?.includes(320), 'the relay demands rung 320');
    } finally {
      w.socket.close();
    }
  });

  it('starts a page that reconnects on the rung its link stepped down to; a new page starts on the rung asked', async () => {
    const page = 'aPageOfItsOwn-0123456789';
    const first = watch(server.url, 'yard', 600, page);
    try {
      await waitFor(() => first.units.some((u) => u.width === 640), 'rung 640 units');
      first.hold = true;
      await waitFor(() => first.notices.length > 0, 'a rendition notice', 15_000);
    } finally {
      first.socket.close();
    }
    await waitFor(() => server.relay.viewerLoad().length === 0, 'the first connection gone');
    // A tunnel, then back: the same page, asked the same, gets rung 320 from its first unit, with no skip on the way.
    const again = watch(server.url, 'yard', 600, page);
    const fresh = watch(server.url, 'yard', 600, 'anotherPage-0123456789');
    try {
      await waitFor(() => again.units.length >= 5 && fresh.units.length >= 5, 'units at both pages');
      expect(again.reply).toMatchObject({ ok: true, h264Widths: { yard: 320 } });
      expect(again.units.every((u) => u.width === 320)).toBe(true);
      expect(again.notices).toEqual([]);
      expect(fresh.reply).toMatchObject({ ok: true, h264Widths: { yard: 640 } });
    } finally {
      again.socket.close();
      fresh.socket.close();
    }
  });
});
