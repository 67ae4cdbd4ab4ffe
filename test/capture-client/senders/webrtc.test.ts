/** The WebRTC sender against a real relay with WebRTC on, optional or off (werift on both ends). */
import { afterEach, describe, expect, it } from 'vitest';
import { SocketioSender } from '../../../common/capture/senders/socketio.js';
import { WebrtcSender, type WebrtcEvent } from '../../../capture-client/senders/webrtc.js';
import { CAPTURE_NAMESPACE } from '../../../shared/protocol.js';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

describe('WebrtcSender', () => {
  let server: TestServer | undefined;
  let camera: TestCamera | undefined;
  let socketio: SocketioSender | undefined;
  let sender: WebrtcSender | undefined;

  afterEach(async () => {
    camera?.stop();
    sender?.close();
    socketio?.close();
    await stopTestServer(server);
    server = camera = socketio = sender = undefined;
  });

  const ingest = (id: string) => server!.relay.cameras.list().find((c) => c.id === id)?.ingest;

  describe('in a CaptureClient', () => {
    it('does not upgrade in auto when the server only allows WebRTC', async () => {
      server = await startTestServer({ webrtc: 'optional' });
      camera = await startCamera(server.url, server.captureToken, 'auto-cam');
      const client = camera.client;
      // The choice is made in the config answer's callback: once the config is in, it has been made.
      await waitFor(() => client.sender('webrtc')?.config, 'the webrtc config');
      await waitFor(() => client.stats.acked > 5, 'frames acked');
      expect(client.sender('webrtc')!.upgrade).toBeNull();
      expect(server.webrtc!.peers).toBe(0);
      expect(client.stats.link).toMatch(/^(polling|websocket)$/);
      expect(client.stats.webrtcEnd).toBeNull();
    });

    it('upgrades with --transport webrtc when the server only allows WebRTC', async () => {
      server = await startTestServer({ webrtc: 'optional' });
      camera = await startCamera(server.url, server.captureToken, 'rtc-cam', { transport: 'webrtc' });
      const client = camera.client;
      await waitFor(() => ingest('rtc-cam') === 'webrtc', 'frames ingested by webrtc');
      await waitFor(() => client.stats.link === 'webrtc', 'the client to send by webrtc');
      expect(client.sender('webrtc')!.state).toBe('active');
      expect(camera.events).toContain('webrtc');
    });

    it('stays on Socket.IO and reports WEBRTC_DISABLED when the server has WebRTC off', async () => {
      server = await startTestServer({ webrtc: 'off' });
      camera = await startCamera(server.url, server.captureToken, 'off-cam', { transport: 'webrtc' });
      const client = camera.client;
      await waitFor(() => client.stats.webrtcEnd?.reason === 'WEBRTC_DISABLED', 'the refusal');
      await waitFor(() => client.stats.acked > 5, 'frames acked');
      expect(client.stats.link).toMatch(/^(polling|websocket)$/);
      expect(client.sender('webrtc')!.upgrade).toBeNull();
      expect(ingest('off-cam')).toMatch(/^(polling|websocket)$/);
    });
  });

  describe('on its own', () => {
    it('asks for the config again after a reconnect, and tries again once the backoff is over', async () => {
      server = await startTestServer({ webrtc: 'on' });
      let configs = 0;
      server.io.of(CAPTURE_NAMESPACE).on('connection', (s) => s.on('webrtc:config', () => configs++));
      const events: WebrtcEvent[] = [];
      socketio = new SocketioSender({ server: server.url, cameraId: 'bare', token: server.captureToken, ackTimeoutMs: 2000 });
      const s = (sender = new WebrtcSender(socketio, { wanted: () => true, ackTimeoutMs: 2000, minBackoffMs: 300, onEvent: (e) => events.push(e) }));
      await waitFor(() => s.state === 'trial', 'the data channel to open');
      const attempts = events.filter((e) => e.state === 'connecting').length;
      for (const socket of server.io.of(CAPTURE_NAMESPACE).sockets.values()) socket.disconnect(true);
      await waitFor(() => events.find((e) => e.state === 'ended' && e.reason === 'signaling-lost'), 'the upgrade to end with the signaling');
      await waitFor(() => configs >= 2, 'a fresh webrtc:config after the reconnect');
      await waitFor(() => events.filter((e) => e.state === 'connecting').length > attempts && s.state === 'trial', 'a new attempt');
      const ends = events.filter((e) => e.state === 'ended');
      expect(ends.map((e) => e.retryInMs)).toEqual(ends.map((_, i) => 300 * 2 ** i));
    });
  });
});
