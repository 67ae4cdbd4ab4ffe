/**
 * JPEG as a unit kind (#56) over a real Socket.IO connection, to a relay stand-in of a few lines that says in its
 * demand whether it takes `jpeg` units (the wire contract of shared/demand.ts `jpegUnits`): the fake is the point,
 * since the capture side must send what the demand says to any relay, this one's or an older one.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureEngine } from '../../../common/capture/engine.js';
import { CAPTURE_SENDERS } from '../../../common/capture/senders/index.js';
import { NO_DEMAND, type CaptureDemand } from '../../../shared/demand.js';
import { CAPTURE_NAMESPACE } from '../../../shared/protocol.js';
import type { UnitsHead } from '../../../shared/units.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { waitFor } from '../../helpers/wait.js';

type Heard = { event: 'frame' | 'jpeg' | 'units'; kinds: string[]; bytes: number };

/** A relay that tells `demand` on connect and acks every frame, `jpeg` and `units` message it hears. */
async function fakeRelay(demand: CaptureDemand) {
  const http: HttpServer = createServer();
  const io = new Server(http);
  const heard: Heard[] = [];
  io.of(CAPTURE_NAMESPACE).on('connection', (socket) => {
    socket.emit('demand', demand);
    socket.on('frame', (meta: { seq: number }, jpeg: Buffer, ack: (r: unknown) => void) => {
      heard.push({ event: 'frame', kinds: ['jpeg'], bytes: jpeg.length });
      ack({ ok: true, seq: meta.seq });
    });
    socket.on('jpeg', (meta: { seq: number }, jpeg: Buffer, ack: (r: unknown) => void) => {
      heard.push({ event: 'jpeg', kinds: ['jpeg'], bytes: jpeg.length });
      ack({ ok: true, seq: meta.seq });
    });
    socket.on('units', (head: UnitsHead, payload: Buffer, ack: (r: unknown) => void) => {
      heard.push({ event: 'units', kinds: head.items.map((i) => i.kind), bytes: payload.length });
      ack({ ok: true, acks: head.items.map((i) => ({ ok: true, seq: i.meta.seq })) });
    });
  });
  await new Promise<void>((ready) => http.listen(0, '127.0.0.1', ready));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { url, heard, close: () => new Promise<void>((done) => io.close(() => done())) };
}

describe('CaptureEngine', () => {
  const open: Array<{ close(): unknown }> = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  /** An engine on the relay's connection, once the relay's demand has come. */
  async function camera(url: string) {
    const engine = new CaptureEngine(CAPTURE_SENDERS, {
      server: url,
      cameraId: 'porch',
      token: 't',
      ackTimeoutMs: 5000,
      transport: 'socketio',
      fps: 30,
      syncClock: false,
    });
    open.push(engine);
    await waitFor(() => engine.currentDemand !== NO_DEMAND, "the relay's demand");
    return engine;
  }

  /** Sends three JPEGs one after another, each once the one before is acked. */
  async function sendThree(engine: CaptureEngine<typeof CAPTURE_SENDERS>, jpeg: Uint8Array) {
    for (let n = 1; n <= 3; n++) {
      engine.send({ jpeg, capturedAt: Date.now(), width: 64, height: 48 });
      await waitFor(() => engine.stats.acked === n, `frame ${n} acked`);
    }
  }

  describe('#send', () => {
    it('sends JPEGs as `jpeg` units in `units` batches to a relay whose demand says jpegUnits and units', async () => {
      const relay = await fakeRelay({ h264: false, widths: [], units: true, jpegUnits: true });
      open.push(relay);
      const jpeg = await makeJpeg(64, 48);
      await sendThree(await camera(relay.url), jpeg);
      expect(relay.heard).toEqual(Array.from({ length: 3 }, () => ({ event: 'units', kinds: ['jpeg'], bytes: jpeg.length })));
    });

    it("sends the demand's JPEG rungs as `jpeg` units too", async () => {
      const relay = await fakeRelay({ h264: false, widths: [320], units: true, jpegUnits: true });
      open.push(relay);
      const jpeg = await makeJpeg(320, 240);
      const engine = await camera(relay.url);
      engine.send({ jpeg, capturedAt: Date.now(), width: 320, height: 240, rung: 320 });
      await waitFor(() => relay.heard.length === 1, 'the rung heard');
      expect(relay.heard).toEqual([{ event: 'units', kinds: ['jpeg'], bytes: jpeg.length }]);
    });

    it('sends JPEGs as `jpeg` events to a relay whose demand says jpegUnits but not units', async () => {
      const relay = await fakeRelay({ h264: false, widths: [], jpegUnits: true });
      open.push(relay);
      const jpeg = await makeJpeg(64, 48);
      await sendThree(await camera(relay.url), jpeg);
      expect(relay.heard.map((h) => h.event)).toEqual(['jpeg', 'jpeg', 'jpeg']);
    });

    it('sends JPEGs as `frame` events to a relay whose demand does not say jpegUnits, batches or not', async () => {
      const relay = await fakeRelay({ h264: false, widths: [], units: true });
      open.push(relay);
      const jpeg = await makeJpeg(64, 48);
      const engine = await camera(relay.url);
      await sendThree(engine, jpeg);
      expect(relay.heard).toEqual(Array.from({ length: 3 }, () => ({ event: 'frame', kinds: ['jpeg'], bytes: jpeg.length })));
      expect([engine.stats.sent, engine.stats.acked, engine.stats.dropped]).toEqual([3, 3, 0]);
    });
  });
});
