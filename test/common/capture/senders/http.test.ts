/** HTTP POST ingest against a real relay on port 0, and against plain HTTP servers that misbehave as proxies do. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpSender, type HttpEvent } from '../../../../common/capture/senders/http.js';
import { SocketioSender } from '../../../../common/capture/senders/socketio.js';
import { makeJpeg } from '../../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../../helpers/server.js';
import { waitFor } from '../../../helpers/wait.js';

/** A plain HTTP server on a free loopback port; `handle` answers (or does not answer) each request. */
async function plainServer(handle: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('HttpSender', () => {
  let relay: TestServer | undefined;
  let plain: Server | undefined;
  afterEach(async () => {
    plain?.closeAllConnections();
    await new Promise((resolve) => (plain ? plain.close(resolve) : resolve(undefined)));
    await stopTestServer(relay);
    relay = plain = undefined;
  });

  const target = (server: string, token: string, extra: Partial<ConstructorParameters<typeof HttpSender>[0]> = {}) => ({
    server,
    cameraId: 'yard',
    token,
    ackTimeoutMs: 2000,
    ...extra,
  });

  describe('#send', () => {
    it('says why a connection failed, not only "fetch failed"', async () => {
      const { server, url } = await plainServer(() => {});
      await new Promise((resolve) => server.close(resolve)); // a port nothing listens on any more
      const sender = new HttpSender(target(url, 'token'));
      const result = await sender.send({ seq: 0, capturedAt: Date.now() }, await makeJpeg(16, 16));
      expect(result).toMatchObject({ ok: false, error: 'NETWORK', message: expect.stringMatching(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/) });
    });

    it('posts a frame that the relay takes and acks with its seq', async () => {
      relay = await startTestServer();
      const sender = new HttpSender(target(relay.url, relay.captureToken, { name: 'Back yard', session: 's-1' }));
      const jpeg = await makeJpeg(64, 48);
      await expect(sender.send({ seq: 7, capturedAt: Date.now(), width: 64, height: 48 }, jpeg)).resolves.toEqual({ ok: true, seq: 7 });
      const camera = relay.relay.cameras.getLocal('yard')!;
      expect([camera.ingest, camera.name, camera.framesIn]).toEqual(['http', 'Back yard', 1]);
      expect(Buffer.from(relay.relay.latestFrame('yard')!.jpeg).equals(jpeg)).toBe(true);
    });

    it("learns the clock offset from the relay's reply, and the relay puts frames sent with it on its own clock", async () => {
      relay = await startTestServer();
      const sender = new HttpSender(target(relay.url, relay.captureToken));
      expect(sender.clockOffset()).toBeNull();
      const jpeg = await makeJpeg(64, 48);
      await sender.send({ seq: 0, capturedAt: Date.now() }, jpeg);
      const offset = sender.clockOffset();
      // One machine, one clock: the estimate is within the round trip of zero.
      expect(Math.abs(offset!)).toBeLessThan(1000);
      await sender.send({ seq: 1, capturedAt: Date.now(), clockOffset: offset! }, jpeg);
      expect(relay.relay.latestFrame('yard')!.meta.clockSynced).toBe(true);
    });

    it("returns the relay's refusal of a wrong token as it came", async () => {
      relay = await startTestServer();
      const sender = new HttpSender(target(relay.url, 'not-the-token'));
      await expect(sender.send({ seq: 0, capturedAt: Date.now() }, await makeJpeg())).resolves.toMatchObject({ ok: false, error: 'BAD_TOKEN' });
    });

    it('fails with NETWORK when nothing listens at the address', async () => {
      const { server, url } = await plainServer(() => {});
      await new Promise((resolve) => server.close(resolve));
      const sender = new HttpSender(target(url, 't'));
      await expect(sender.send({ seq: 0, capturedAt: Date.now() }, await makeJpeg())).resolves.toMatchObject({ ok: false, error: 'NETWORK' });
    });

    it('fails with TIMEOUT when no answer comes within the ack timeout', async () => {
      let asked = 0;
      const silent = await plainServer(() => void asked++);
      plain = silent.server;
      const sender = new HttpSender(target(silent.url, 't', { ackTimeoutMs: 300 }));
      await expect(sender.send({ seq: 0, capturedAt: Date.now() }, await makeJpeg())).resolves.toMatchObject({ ok: false, error: 'TIMEOUT' });
      expect(asked).toBe(1);
    });

    it("fails with NETWORK, naming the status, when a proxy answers with something other than the relay's JSON", async () => {
      const proxy = await plainServer((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>'));
      plain = proxy.server;
      const sender = new HttpSender(target(proxy.url, 't'));
      await expect(sender.send({ seq: 0, capturedAt: Date.now() }, await makeJpeg())).resolves.toEqual({
        ok: false,
        error: 'NETWORK',
        message: `HTTP 502 from ${proxy.url}/api/cameras/yard/frames`,
      });
    });

    it("sends the frame's numbers, the session and the name as headers, and the token as a bearer", async () => {
      const seen: Record<string, string | string[] | undefined>[] = [];
      const recorder = await plainServer((req, res) => {
        seen.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, seq: 3 }));
      });
      plain = recorder.server;
      const sender = new HttpSender(target(recorder.url, 'sekrit', { name: 'Yard', session: 'run-9' }));
      await sender.send({ seq: 3, capturedAt: 1234, clockOffset: 56.7 }, await makeJpeg());
      expect(seen[0]).toMatchObject({
        authorization: 'Bearer sekrit',
        'content-type': 'image/jpeg',
        'x-frame-seq': '3',
        'x-captured-at': '1234',
        'x-clock-offset': '57',
        'x-camera-name': 'Yard',
        'x-capture-session': 'run-9',
      });
    });
  });

  describe('standby (#37 item 8)', () => {
    it("is refused CAMERA_IN_USE while another run's frames come, by POST or by Socket.IO; its own run and a non-standby sender are not", async () => {
      relay = await startTestServer();
      const jpeg = await makeJpeg();
      const pc = new HttpSender(target(relay.url, relay.captureToken, { session: 'pc-run' }));
      await expect(pc.send({ seq: 1, capturedAt: Date.now() }, jpeg)).resolves.toMatchObject({ ok: true });
      const waiting = new HttpSender(target(relay.url, relay.captureToken, { session: 'relay-run', standby: true }));
      const refused = await waiting.send({ seq: 1, capturedAt: Date.now() }, jpeg);
      expect(refused).toMatchObject({ ok: false, error: 'CAMERA_IN_USE' });
      expect(relay.relay.cameras.getLocal('yard')!.framesIn).toBe(1);
      // The same run (a restart of its sender) goes on; a sender that is not a standby takes the camera, as before.
      const again = new HttpSender(target(relay.url, relay.captureToken, { session: 'pc-run', standby: true }));
      await expect(again.send({ seq: 2, capturedAt: Date.now() }, jpeg)).resolves.toMatchObject({ ok: true });
      const page = new HttpSender(target(relay.url, relay.captureToken, { session: 'page-run' }));
      await expect(page.send({ seq: 1, capturedAt: Date.now() }, jpeg)).resolves.toMatchObject({ ok: true });
      // A Socket.IO standby weighs a POST sender as it weighs a connection.
      const refusals: string[] = [];
      const socket = new SocketioSender(
        { server: relay.url, cameraId: 'yard', token: relay.captureToken, ackTimeoutMs: 2000, session: 'relay-run', standby: true },
        (e) => {
          if (e.type === 'refused') refusals.push(e.code);
        },
      );
      try {
        await waitFor(() => refusals.length > 0, 'the Socket.IO standby refused');
        expect(refusals[0]).toBe('CAMERA_IN_USE');
        expect(socket.ready()).toBe(false);
      } finally {
        socket.close();
      }
    });
  });

  describe('#link', () => {
    it('is http whatever happened, and the sender is always ready to try', () => {
      const sender = new HttpSender(target('http://127.0.0.1:9', 't'));
      expect([sender.link(), sender.ready()]).toEqual(['http', true]);
    });
  });

  describe('demand and #sendUnits (#38)', () => {
    it("tells the demand each answer carries, for the offers it names (JPEG rungs and detections stay the connection's)", async () => {
      relay = await startTestServer();
      const heard: HttpEvent[] = [];
      const sender = new HttpSender(target(relay.url, relay.captureToken, { offers: ['h264', 'rungs', 'detect'], session: 's-1' }), (e) => heard.push(e));
      await sender.send({ seq: 0, capturedAt: Date.now() }, await makeJpeg(64, 48));
      expect(heard).toEqual([{ type: 'demand', via: 'http', demand: { h264: false, widths: [], units: true, jpegUnits: true, audio: false } }]);
      relay.relay.cameraSide.demand.read('yard', 'recorder', { track: 'h264', live: false });
      relay.relay.cameraSide.demand.refresh();
      await sender.send({ seq: 1, capturedAt: Date.now() }, await makeJpeg(64, 48));
      expect(heard[1]).toEqual({
        type: 'demand',
        via: 'http',
        demand: { h264: true, widths: [], units: true, jpegUnits: true, h264Live: false, audio: false },
      });
    });

    it('tells of a batch lost on the way, and answers it as a lost send', async () => {
      const heard: HttpEvent[] = [];
      const sender = new HttpSender(target('http://127.0.0.1:9', 't', { offers: ['h264'] }), (e) => heard.push(e));
      const unit = { kind: 'h264' as const, meta: { seq: 1, capturedAt: Date.now(), keyframe: true, width: 8, height: 8 }, data: new Uint8Array(8) };
      await expect(sender.sendUnits([unit])).resolves.toMatchObject({ ok: false, error: 'NETWORK' });
      expect(heard).toMatchObject([{ type: 'lost', via: 'http' }]);
    });
  });
});
