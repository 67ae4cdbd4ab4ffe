import { RTCDataChannel } from 'werift';
import { afterEach, describe, expect, it } from 'vitest';
import { startCamera, type TestCamera } from '../../../helpers/capture.js';
import { startTestServer, stopTestServer, type TestServer } from '../../../helpers/server.js';
import { waitFor } from '../../../helpers/wait.js';
import { connectWebrtcViewer, fixtureFrames, type WebrtcViewer } from '../../../helpers/webrtc.js';

describe('webrtc leg 1 (server → viewer), Node ↔ Node', () => {
  let server: TestServer | undefined;
  let camera: TestCamera | undefined;
  let rtc: WebrtcViewer | undefined;

  const realSend = RTCDataChannel.prototype.send;
  afterEach(async () => {
    RTCDataChannel.prototype.send = realSend;
    rtc?.close();
    camera?.stop();
    await stopTestServer(server);
    server = camera = rtc = undefined;
  });

  it('upgrades, then carries whole 720p frames over the data channel only', async () => {
    server = await startTestServer({ webrtc: 'optional' });
    camera = await startCamera(server.url, server.captureToken, 'cam1', { frames: fixtureFrames(), fps: 15 });
    rtc = connectWebrtcViewer(server.url);
    await waitFor(() => rtc!.receiver.delivering, 'frames over the data channel');
    const s = server;
    await waitFor(() => s.relay.viewerLoad().some((v) => v.transport === 'webrtc'), 'the server to send by webrtc');
    const before = rtc.viewer.frames.length;
    const rtcBefore = rtc.rtcFrames.length;
    await waitFor(() => rtc!.rtcFrames.length >= rtcBefore + 10, '10 more frames by webrtc');
    // Socket.IO carried no frame meanwhile (at most the one in flight at the switch).
    expect(rtc.viewer.frames.length - before).toBeLessThanOrEqual(1);
    expect(rtc.rtcFrames.at(-1)!.width).toBe(1280);
    expect(rtc.receiver.upgrade!.localTypes.has('host')).toBe(true);
  });

  it('falls back to Socket.IO within 6 s when the data channel goes silent, and says why', async () => {
    server = await startTestServer({ webrtc: 'optional' });
    camera = await startCamera(server.url, server.captureToken, 'cam1', { fps: 20 });
    rtc = connectWebrtcViewer(server.url, { minBackoffMs: 60_000 });
    await waitFor(() => rtc!.receiver.delivering, 'frames over the data channel');
    // The fault: the server's sends vanish (as on a path that starts dropping UDP), the peer stays up.
    RTCDataChannel.prototype.send = function () {};
    const silentAt = Date.now();
    const seen = rtc.viewer.frames.length;
    await waitFor(() => rtc!.viewer.frames.length > seen + 3, 'frames over Socket.IO again', 6000);
    console.log(`[webrtc] leg 1 silent channel: Socket.IO frames again ${Date.now() - silentAt} ms after the silence`);
    expect(rtc.receiver.lastEnd?.reason).toBe('no-frames');
    expect(rtc.receiver.delivering).toBe(false);
    const s = server;
    await waitFor(
      () =>
        s.relay
          .viewerLoad()
          .map((v) => v.transport)
          .join() === 'socketio' && s.webrtc!.peers === 0,
      'the server back on socketio, peer released',
    );
  });

  it('gives up with ice-timeout when ICE cannot connect (relay only, TURN unreachable), frames flowing by Socket.IO throughout', async () => {
    server = await startTestServer({
      webrtc: 'optional',
      iceTransportPolicy: 'relay',
      iceServers: [{ urls: 'turn:127.0.0.1:9', username: 'u', credential: 'p' }],
    });
    camera = await startCamera(server.url, server.captureToken, 'cam1', { fps: 20 });
    rtc = connectWebrtcViewer(server.url, { minBackoffMs: 60_000 });
    const startedAt = Date.now();
    await waitFor(() => rtc!.receiver.lastEnd, 'the upgrade to be abandoned', 6000);
    console.log(
      `[webrtc] leg 1 unreachable TURN: abandoned after ${Date.now() - startedAt} ms: ${rtc.receiver.lastEnd!.message} (${rtc.receiver.lastEnd!.detail})`,
    );
    expect(['ice-timeout', 'ice-failed']).toContain(rtc.receiver.lastEnd!.reason);
    expect(rtc.rtcFrames).toHaveLength(0);
    // Socket.IO never stopped: frames kept coming at the camera's rate during the attempt.
    const during = rtc.viewer.frames.filter((f) => f.receivedAt >= startedAt).length;
    expect(during).toBeGreaterThan(20);
    const s = server;
    await waitFor(() => s.webrtc!.peers === 0, 'the server peer released');
  });
});
