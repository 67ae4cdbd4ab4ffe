import { RTCDataChannel } from 'werift';
import { afterEach, describe, expect, it } from 'vitest';
import { startCamera, type TestCamera } from '../../../helpers/capture.js';
import { startTestServer, stopTestServer, type TestServer } from '../../../helpers/server.js';
import { waitFor } from '../../../helpers/wait.js';
import { CARRY_TIMEOUTS, connectWebrtcViewer, fixtureFrames, type WebrtcViewer } from '../../../helpers/webrtc.js';
import { io, type Socket } from 'socket.io-client';
import { weriftPeer } from '../../../../capture-client/senders/webrtc.js';
import { WebrtcReceiver } from '../../../../dashboard/src/receivers/webrtc/receiver.js';
import type { MonitorH264Meta } from '../../../../shared/protocol.js';
import { startH264Camera, type H264Camera } from '../../../helpers/h264-camera.js';
import { TEST_ADMIN } from '../../../helpers/server.js';

describe('webrtc leg 1 (server → viewer), Node ↔ Node', () => {
  let server: TestServer | undefined;
  let camera: TestCamera | undefined;
  let rtc: WebrtcViewer | undefined;

  let h264Camera: H264Camera | undefined;
  let h264Page: { socket: Socket; receiver: WebrtcReceiver } | undefined;

  const realSend = RTCDataChannel.prototype.send;
  afterEach(async () => {
    RTCDataChannel.prototype.send = realSend;
    rtc?.close();
    camera?.stop();
    h264Camera?.stop();
    h264Page?.receiver.close();
    h264Page?.socket.close();
    await stopTestServer(server);
    server = camera = rtc = h264Camera = h264Page = undefined;
  });

  it('carries live H.264 over the data channel too: the stream moves there from a keyframe, in order, and the upgrade holds', async () => {
    server = await startTestServer({ webrtc: 'optional' });
    h264Camera = await startH264Camera(server.url, server.captureToken, 'cam1');
    // A page that takes cam1 as H.264: its JPEGs are held back while the H.264 flows, so before the data channel
    // carried units too, the channel got nothing, the upgrade ended with no-frames, and the page tried again and again.
    const socket = io(`${server.url}/monitor`, { transports: ['websocket'], forceNew: true, auth: TEST_ADMIN });
    const bySocket: Array<{ meta: MonitorH264Meta; at: number }> = [];
    const byChannel: Array<{ meta: MonitorH264Meta; at: number }> = [];
    socket.on('connect', () => socket.emit('subscribe', { cameraIds: ['cam1'], h264: ['cam1'] }));
    socket.on('frame', (_m: unknown, _j: unknown, ack: () => void) => ack());
    socket.on('h264', (meta: MonitorH264Meta, _au: unknown, ack: () => void) => {
      ack();
      bySocket.push({ meta, at: Date.now() });
    });
    const receiver = new WebrtcReceiver({
      socket: socket as never,
      createPeer: weriftPeer,
      onFrame: () => {},
      onH264: (meta, au) => {
        expect(au.length).toBeGreaterThan(0);
        byChannel.push({ meta, at: Date.now() });
      },
      expectFrames: () => true,
      minBackoffMs: 60_000,
    });
    h264Page = { socket, receiver };
    await waitFor(() => bySocket.length > 0, 'units by Socket.IO first');
    receiver.setWanted(true);
    const s = server;
    await waitFor(() => s.relay.viewerLoad().some((v) => v.transport === 'webrtc'), 'the server to send by webrtc');
    await waitFor(() => byChannel.length >= 30, '30 units over the data channel');

    expect(receiver.lastEnd).toBeNull();
    expect(receiver.upgrade?.state).toBe('active');
    // The stream moved once, from a keyframe, and each way's units rise but at a keyframe (a restart from the GOP).
    expect(byChannel[0]!.meta.keyframe).toBe(true);
    for (let i = 1; i < byChannel.length; i++) {
      const [a, b] = [byChannel[i - 1]!.meta, byChannel[i]!.meta];
      if (!b.keyframe) expect(b.seq).toBe(a.seq + 1);
    }
    // Nothing came by Socket.IO after the channel's first unit: the old way was drained before the new one started.
    const firstByChannel = byChannel[0]!.at;
    expect(bySocket.filter((u) => u.at > firstByChannel)).toEqual([]);

    // Switched off: the stream comes back by Socket.IO, again from a keyframe.
    const socketBefore = bySocket.length;
    receiver.setWanted(false);
    await waitFor(() => bySocket.length >= socketBefore + 10, '10 units by Socket.IO again');
    expect(bySocket[socketBefore]!.meta.keyframe).toBe(true);
    await waitFor(() => s.relay.viewerLoad().every((v) => v.transport === 'socketio'), 'the server back on socketio');
  });

  it('upgrades, then carries whole 720p frames over the data channel only', async () => {
    // The carrying, not the watchdogs (tested below): on a loaded box the 5 s connect timeout or the 2 s stall ended
    // the upgrade mid-test, as they should on a path that slow.
    server = await startTestServer({ webrtc: 'optional', ...CARRY_TIMEOUTS });
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
  }, 90_000);

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
