/**
 * `/capture` with demand (#28): a real relay on port 0, real Socket.IO capture engines and viewers.
 * The test's "camera side" sends a 1280 px full frame every 50 ms and, for each width the relay
 * demands, a JPEG of that width made beforehand, as a capture client's rung maker would.
 */
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureEngine } from '../../../../common/capture/engine.js';
import { CAPTURE_SENDERS } from '../../../../common/capture/senders/index.js';
import { MOTION_WIDTH } from '../../../../server/recording/motion/motion-detection.js';
import { rungFor } from '../../../../server/relay/rungs.js';
import type { CaptureDemand, CaptureOffer } from '../../../../shared/demand.js';
import { CAPTURE_NAMESPACE, type FrameAck } from '../../../../shared/protocol.js';
import { makeJpeg } from '../../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../../helpers/viewer.js';
import { waitFor } from '../../../helpers/wait.js';

const R320 = rungFor(320)!;
/** What #28 allows between a change of what a camera is needed for and the camera side hearing it. */
const DEMAND_WITHIN_MS = 2000;

describe('attachCapture', () => {
  let relay: TestServer | undefined;
  const stops: Array<() => void> = [];
  afterEach(async () => {
    stops.splice(0).forEach((stop) => stop());
    await stopTestServer(relay);
    relay = undefined;
  });

  /** A capture engine for `cameraId` offering `offers`, sending as described above, and the demands it heard. */
  async function cameraSide(cameraId: string, offers: CaptureOffer[]) {
    const side = { sendRungs: true };
    const [full, small] = await Promise.all([makeJpeg(1280, 720), makeJpeg(320, 180, 1)]);
    const heard: CaptureDemand[] = [];
    const rungSeqs = new Set<number>();
    const engine = new CaptureEngine(CAPTURE_SENDERS, {
      server: relay!.url,
      cameraId,
      token: relay!.captureToken,
      ackTimeoutMs: 2000,
      transport: 'socketio',
      fps: 30,
      offers,
    });
    engine.onDemand((d) => heard.push(d));
    let seq = 0;
    const timer = setInterval(() => {
      engine.send({ jpeg: full, capturedAt: Date.now() });
      seq++;
      if (!side.sendRungs) return;
      for (const w of engine.currentDemand.widths) {
        rungSeqs.add(seq++);
        engine.send({ jpeg: small, capturedAt: Date.now(), rung: w });
      }
    }, 50);
    stops.push(() => {
      clearInterval(timer);
      engine.close();
    });
    return { engine, heard, rungSeqs, side };
  }

  function viewerAt(width: number, cameraId = 'cam'): TestViewer {
    const viewer = connectViewer(relay!.url, { cameraIds: [cameraId] });
    viewer.socket.on('connect', () => viewer.socket.emit('subscribe', { cameraIds: [cameraId], widths: { [cameraId]: width }, pinned: [cameraId] }));
    stops.push(() => viewer.close());
    return viewer;
  }

  describe('demand', () => {
    it('asks a client offering rungs for 320 within 2 s of a viewer watching at 320, and for none within 2 s of it leaving', async () => {
      relay = await startTestServer();
      const { heard } = await cameraSide('cam', ['rungs']);
      await waitFor(() => heard.length > 0 && relay!.relay.latestFrame('cam'), 'the first demand and frame');
      expect(heard[0]).toEqual({ h264: false, widths: [] });
      const viewer = viewerAt(320);
      await waitFor(() => viewer.frames.length > 0, 'the viewer subscribed');
      await waitFor(() => heard.at(-1)!.widths.includes(320), 'widths [320]', DEMAND_WITHIN_MS);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [320] });
      viewer.close();
      await waitFor(() => heard.at(-1)!.widths.length === 0, 'widths []', DEMAND_WITHIN_MS);
    });

    it("gives the viewer at 320 the camera side's JPEGs untouched, and makes no rendition of that camera itself", async () => {
      relay = await startTestServer();
      const { rungSeqs } = await cameraSide('cam', ['rungs']);
      const viewer = viewerAt(320);
      await waitFor(() => viewer.frames.filter((f) => rungSeqs.has(f.seq)).length >= 10, 'ten camera-side rung frames at the viewer');
      const counts = relay.relay.renditions.countsOf('cam', R320)!;
      expect(counts.supplied).toBeGreaterThanOrEqual(10);
      // The one made while the demand was on its way, at most: none once the camera side supplies.
      const made = counts.made;
      await waitFor(() => viewer.frames.filter((f) => rungSeqs.has(f.seq)).length >= 20, 'ten more');
      expect(relay.relay.renditions.countsOf('cam', R320)!.made).toBe(made);
      expect(viewer.frames.at(-1)!.width).toBe(320);
      // Rungs are not the camera's frame: snapshots and full-size viewers keep the full picture.
      expect(relay.relay.latestFrame('cam')!.meta.width).toBe(1280);
    });

    it('resizes for a JPEG-only publisher, which hears no demand at all', async () => {
      relay = await startTestServer();
      const { heard } = await cameraSide('cam', []);
      const viewer = viewerAt(320);
      await waitFor(() => viewer.frames.filter((f) => f.width === 320).length >= 5, 'five relay-made renditions');
      expect(relay.relay.renditions.countsOf('cam', R320)).toMatchObject({ supplied: 0 });
      expect(relay.relay.renditions.countsOf('cam', R320)!.made).toBeGreaterThanOrEqual(5);
      expect(heard).toEqual([]);
    });

    it('resizes again, once, when the camera side stops sending a demanded rung for over 2 s', async () => {
      relay = await startTestServer();
      const { side, rungSeqs } = await cameraSide('cam', ['rungs']);
      const viewer = viewerAt(320);
      await waitFor(() => viewer.frames.some((f) => rungSeqs.has(f.seq)), 'a camera-side rung frame at the viewer');
      side.sendRungs = false;
      const made = relay.relay.renditions.countsOf('cam', R320)!.made;
      await waitFor(() => relay!.relay.renditions.countsOf('cam', R320)!.made >= made + 5, 'five relay-made renditions');
      expect(relay.relay.renditions.countsOf('cam', R320)!.fallbacks).toBe(1);
      expect(viewer.frames.at(-1)!.width).toBe(320);
    });

    it('asks for h264 while the recorder reads the camera, and stops asking when it no longer does', async () => {
      relay = await startTestServer();
      const { heard } = await cameraSide('cam', ['h264', 'rungs']);
      await waitFor(() => heard.length > 0, 'the first demand');
      await relay.recording.configure('cam', { mode: 'continuous' });
      // The recorder's reading asks for the stream with no live viewer's hurry.
      await waitFor(() => heard.at(-1)!.h264 && heard.at(-1)!.h264Live === false, 'h264: true, h264Live: false', DEMAND_WITHIN_MS);
      await relay.recording.configure('cam', { mode: 'off' });
      await waitFor(() => !heard.at(-1)!.h264, 'h264: false', DEMAND_WITHIN_MS);
    });

    it('asks for a small picture while the recorder detects motion on the camera, and stops when it no longer does', async () => {
      relay = await startTestServer();
      const { heard } = await cameraSide('cam', ['rungs']);
      await waitFor(() => heard.length > 0, 'the first demand');
      expect(heard.at(-1)!.widths).toEqual([]);
      await relay.recording.configure('cam', { mode: 'motion' });
      await waitFor(() => heard.at(-1)!.widths.includes(MOTION_WIDTH), `widths: [${MOTION_WIDTH}] for motion`, 5000);
      await relay.recording.configure('cam', { mode: 'off' });
      await waitFor(() => heard.at(-1)!.widths.length === 0, 'widths: [] once motion is off', 5000);
    });
  });

  describe('frame', () => {
    /** A raw capture socket with `auth`, and the error its handshake got, if any. */
    async function rawCapture(auth: Record<string, unknown>) {
      const socket = io(`${relay!.url}${CAPTURE_NAMESPACE}`, {
        auth: { token: relay!.captureToken, cameraId: 'cam', ...auth },
        forceNew: true,
        reconnection: false,
      });
      stops.push(() => socket.close());
      const demands: unknown[] = [];
      socket.on('demand', (d) => demands.push(d));
      const outcome = await new Promise<{ ok: true } | { ok: false; code: unknown }>((resolve) => {
        socket.on('connect', () => resolve({ ok: true }));
        socket.on('connect_error', (err: Error & { data?: { code?: unknown } }) => resolve({ ok: false, code: err.data?.code }));
      });
      return { socket, outcome, demands };
    }
    const emitFrame = (socket: ReturnType<typeof io>, meta: object, jpeg: Buffer) =>
      new Promise<FrameAck>((resolve) => socket.emit('frame', meta, jpeg, (ack: FrameAck) => resolve(ack)));

    it('refuses a JPEG at a rung not demanded (RUNG_NOT_DEMANDED), and it never becomes the camera frame', async () => {
      relay = await startTestServer();
      const { socket, outcome } = await rawCapture({ offers: ['rungs'] });
      expect(outcome).toEqual({ ok: true });
      const full = await makeJpeg(1280, 720);
      expect(await emitFrame(socket, { seq: 0, capturedAt: Date.now() }, full)).toMatchObject({ ok: true });
      const ack = await emitFrame(socket, { seq: 1, capturedAt: Date.now(), rung: 320 }, await makeJpeg(320, 180));
      expect(ack).toMatchObject({ ok: false, error: 'RUNG_NOT_DEMANDED' });
      expect(relay.relay.latestFrame('cam')!.seq).toBe(0);
    });

    it('refuses a handshake whose offers are not a short array (BAD_OFFERS), and ignores names it does not know', async () => {
      relay = await startTestServer();
      expect((await rawCapture({ offers: 'rungs' })).outcome).toEqual({ ok: false, code: 'BAD_OFFERS' });
      expect((await rawCapture({ offers: new Array(9).fill('rungs') })).outcome).toEqual({ ok: false, code: 'BAD_OFFERS' });
      const { outcome, demands } = await rawCapture({ offers: ['av1', 'rungs'] });
      expect(outcome).toEqual({ ok: true });
      await waitFor(() => demands.length > 0, 'the demand');
      expect(demands).toEqual([{ h264: false, widths: [] }]);
    });
  });
});
