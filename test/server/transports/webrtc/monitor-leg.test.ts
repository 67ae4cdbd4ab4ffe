import { afterEach, describe, expect, it } from 'vitest';
import { startCamera, type TestCamera } from '../../../helpers/capture.js';
import { startTestServer, stopTestServer, type TestServer } from '../../../helpers/server.js';
import { waitFor } from '../../../helpers/wait.js';
import { connectWebrtcViewer, fixtureFrames, type WebrtcViewer } from '../../../helpers/webrtc.js';

describe('webrtc leg 1 (server → viewer), Node ↔ Node', () => {
  let server: TestServer | undefined;
  let camera: TestCamera | undefined;
  let rtc: WebrtcViewer | undefined;

  afterEach(async () => {
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
});
