/** Socket.IO ingest against a real relay on port 0: connecting, acks, refusals, takeovers and reconnects. */
import { afterEach, describe, expect, it } from 'vitest';
import { SocketioSender, type SocketioEvent } from '../../../../common/capture/senders/socketio.js';
import { CAPTURE_NAMESPACE } from '../../../../shared/protocol.js';
import { makeJpeg } from '../../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../../helpers/server.js';
import { waitFor } from '../../../helpers/wait.js';

describe('SocketioSender', () => {
  let relay: TestServer | undefined;
  const senders: SocketioSender[] = [];
  afterEach(async () => {
    senders.splice(0).forEach((s) => s.close());
    await stopTestServer(relay);
    relay = undefined;
  });

  /** A sender for `cameraId` on the relay, and the events it reports. */
  function connect(cameraId: string, token = relay!.captureToken, server = relay!.url, extra: { standby?: boolean; session?: string } = {}) {
    const events: SocketioEvent[] = [];
    const sender = new SocketioSender({ server, cameraId, token, ackTimeoutMs: 2000, name: `Camera ${cameraId}`, ...extra }, (e) => events.push(e));
    senders.push(sender);
    // `link` (the WebSocket upgrade) comes whenever it comes: the other events' order is what counts.
    return { sender, events, types: () => events.map((e) => e.type).filter((t) => t !== 'link') };
  }

  describe('#ctor', () => {
    it("connects to /capture with the camera's id and name, and says by which link", async () => {
      relay = await startTestServer();
      const { sender, events } = connect('porch');
      await waitFor(() => sender.ready(), 'the connection');
      expect(events.find((e) => e.type === 'connected')).toMatchObject({ link: expect.stringMatching(/^(polling|websocket)$/) });
      expect(relay.relay.cameras.getLocal('porch')!.name).toBe('Camera porch');
      expect(sender.link()).toMatch(/^(polling|websocket)$/);
    });

    it('estimates the clock offset from a time exchange once connected', async () => {
      relay = await startTestServer();
      const { sender } = connect('porch');
      expect(sender.clockOffset()).toBeNull();
      await waitFor(() => sender.clockOffset() !== null, 'a clock offset');
      expect(Math.abs(sender.clockOffset()!)).toBeLessThan(1000);
    });

    it("reports a wrong token as refused with the relay's code, and is not connected", async () => {
      relay = await startTestServer();
      const { sender, events } = connect('porch', 'wrong-token-0123456789');
      await waitFor(() => events.find((e) => e.type === 'refused'), 'the refusal');
      expect(events.find((e) => e.type === 'refused')).toMatchObject({ code: 'BAD_TOKEN' });
      expect([sender.ready(), sender.link()]).toEqual([false, null]);
    });

    it('reports an address where nothing listens as unreachable', async () => {
      relay = await startTestServer();
      const url = relay.url;
      await stopTestServer(relay);
      relay = undefined;
      const { events } = connect('porch', 't', url);
      await waitFor(() => events.find((e) => e.type === 'unreachable'), 'unreachable');
    });
  });

  describe('#send', () => {
    it("sends a frame as a frame event and resolves with the relay's ack", async () => {
      relay = await startTestServer();
      const { sender } = connect('porch');
      await waitFor(() => sender.ready(), 'the connection');
      const jpeg = await makeJpeg(64, 48);
      await expect(sender.send({ seq: 0, capturedAt: Date.now(), width: 64, height: 48 }, jpeg)).resolves.toEqual({ ok: true, seq: 0 });
      expect(Buffer.from(relay.relay.latestFrame('porch')!.jpeg).equals(jpeg)).toBe(true);
    });

    it('fails with NETWORK at once while not connected, rather than buffering the frame', async () => {
      relay = await startTestServer();
      const jpeg = await makeJpeg();
      const { sender } = connect('porch');
      await expect(sender.send({ seq: 0, capturedAt: Date.now() }, jpeg)).resolves.toEqual({ ok: false, error: 'NETWORK', message: 'not connected' });
      await waitFor(() => sender.ready(), 'the connection');
      // Packets keep their order: a buffered frame 0 would reach the relay before frame 1.
      await expect(sender.send({ seq: 1, capturedAt: Date.now() }, jpeg)).resolves.toEqual({ ok: true, seq: 1 });
      expect(relay.relay.cameras.getLocal('porch')!.framesIn).toBe(1);
    });

    it('fails with TIMEOUT when the relay does not ack in time', async () => {
      relay = await startTestServer();
      // A stand-in handler that takes frames and never acks, ahead of the relay's own.
      relay.io.of(CAPTURE_NAMESPACE).use((socket, next) => {
        socket.use(([event], nextPacket) => (event === 'frame' ? undefined : nextPacket()));
        next();
      });
      const events: SocketioEvent[] = [];
      const sender = new SocketioSender({ server: relay.url, cameraId: 'porch', token: relay.captureToken, ackTimeoutMs: 300 }, (e) => events.push(e));
      senders.push(sender);
      await waitFor(() => sender.ready(), 'the connection');
      await expect(sender.send({ seq: 0, capturedAt: Date.now() }, await makeJpeg())).resolves.toMatchObject({ ok: false, error: 'TIMEOUT' });
    });

    it('fails with NETWORK, not TIMEOUT, when the connection drops before the ack (a reconnect is no sign of a stuck relay)', async () => {
      relay = await startTestServer();
      relay.io.of(CAPTURE_NAMESPACE).use((socket, next) => {
        socket.use(([event], nextPacket) => (event === 'frame' ? undefined : nextPacket()));
        next();
      });
      const sender = new SocketioSender({ server: relay.url, cameraId: 'porch', token: relay.captureToken, ackTimeoutMs: 60_000 });
      senders.push(sender);
      await waitFor(() => sender.ready(), 'the connection');
      const sending = sender.send({ seq: 0, capturedAt: Date.now() }, await makeJpeg());
      sender.reconnect(0);
      await expect(sending).resolves.toEqual({ ok: false, error: 'NETWORK', message: 'disconnected before the ack came' });
    });
  });

  describe('kicked', () => {
    it('is reported when another client takes the camera over, and the kicked one stays away', async () => {
      relay = await startTestServer();
      const first = connect('porch');
      const twin = connect('shed');
      await waitFor(() => first.sender.ready() && twin.sender.ready(), 'the first connections');
      const second = connect('porch');
      await waitFor(() => first.events.find((e) => e.type === 'kicked'), 'the first one kicked');
      expect(first.events.find((e) => e.type === 'kicked')).toMatchObject({ code: 'TAKEN_OVER' });
      // A twin disconnected by the server at the same time, but not kicked, comes back after its retry delay.
      for (const socket of relay.io.of(CAPTURE_NAMESPACE).sockets.values()) if (socket.data.cameraId === 'shed') socket.disconnect(true);
      await waitFor(() => twin.types().filter((t) => t === 'connected').length === 2, 'the twin back');
      expect(first.types()).toEqual(['connected', 'kicked', 'disconnected']);
      expect(second.sender.ready()).toBe(true);
    });
  });

  describe('standby', () => {
    it("is refused CAMERA_IN_USE while the camera's sender is live, which keeps it; a non-standby still takes it over", async () => {
      relay = await startTestServer();
      const first = connect('porch', undefined, undefined, { session: 'pc-run' });
      await waitFor(() => first.sender.ready(), 'the first connection');
      await expect(first.sender.send({ seq: 0, capturedAt: Date.now() }, await makeJpeg())).resolves.toMatchObject({ ok: true });
      const standby = connect('porch', undefined, undefined, { standby: true, session: 'relay-run' });
      await waitFor(() => standby.events.find((e) => e.type === 'refused'), 'the refusal');
      expect(standby.events.find((e) => e.type === 'refused')).toMatchObject({ code: 'CAMERA_IN_USE' });
      expect(standby.sender.ready()).toBe(false);
      // The same run reconnecting (a standby too) takes its own camera back, as before.
      const again = connect('porch', undefined, undefined, { standby: true, session: 'pc-run' });
      await waitFor(() => first.events.find((e) => e.type === 'kicked') && again.sender.ready(), 'the same run back');
      expect(first.types()).toEqual(['connected', 'kicked', 'disconnected']);
      const page = connect('porch', undefined, undefined, { session: 'page-run' });
      await waitFor(() => again.events.find((e) => e.type === 'kicked') && page.sender.ready(), 'the page taking it over');
    });
  });

  describe('#reconnect', () => {
    it('drops the connection and connects again', async () => {
      relay = await startTestServer();
      const { sender, types } = connect('porch');
      await waitFor(() => sender.ready(), 'the connection');
      sender.reconnect();
      expect(sender.ready()).toBe(false);
      await waitFor(() => types().filter((t) => t === 'connected').length === 2, 'a second connection');
      expect(types()).toEqual(['connected', 'disconnected', 'connected']);
    });
  });

  describe('a disconnect by the server', () => {
    it("is followed by a reconnection of the sender's own, as Socket.IO does not retry one", async () => {
      relay = await startTestServer();
      const { sender, types } = connect('porch');
      await waitFor(() => sender.ready(), 'the connection');
      for (const socket of relay.io.of(CAPTURE_NAMESPACE).sockets.values()) socket.disconnect(true);
      await waitFor(() => types().filter((t) => t === 'connected').length === 2, 'the connection again');
      expect(types()).toEqual(['connected', 'disconnected', 'reconnecting', 'connected']);
    });
  });

  describe('#signalingSocket', () => {
    it('is the connection itself, for the WebRTC upgrade to ride on', async () => {
      relay = await startTestServer();
      const { sender } = connect('porch');
      await waitFor(() => sender.ready(), 'the connection');
      expect(sender.signalingSocket().connected).toBe(true);
    });
  });

  describe('#close', () => {
    it('disconnects for good', async () => {
      relay = await startTestServer();
      const { sender, types } = connect('porch');
      await waitFor(() => sender.ready(), 'the connection');
      sender.close();
      await waitFor(
        () => relay!.relay.cameras.getLocal('porch')?.status === 'offline' || relay!.io.of(CAPTURE_NAMESPACE).sockets.size === 0,
        'the relay to see it go',
      );
      expect(sender.ready()).toBe(false);
      expect(types()).toEqual(['connected', 'disconnected']);
    });
  });
});
