/**
 * Talk back's real parts for a test or a bench: GStreamer's ONVIF camera with a back channel (behind a password), a
 * test relay, and the capture program reading the camera's `/talk` mount as camera `door`, once the relay lists it
 * live and one to talk to.
 */
import { startCaptureProgram, type CaptureProgram } from './capture-program.js';
import { startRtspCamera, type RtspCamera } from './rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from './server.js';
import { waitFor } from './wait.js';

export interface TalkRig {
  camera: RtspCamera;
  server: TestServer;
  program: CaptureProgram;
  stop(): Promise<void>;
}

/**
 * `beforeListed` runs once the relay is up, before the camera is waited for (e.g. to add users); `relay`: the test
 * relay's options (e.g. a cluster node's).
 */
export async function startTalkRig(
  beforeListed: (server: TestServer) => Promise<void> | void = () => {},
  relay: Parameters<typeof startTestServer>[0] = {},
): Promise<TalkRig> {
  const camera = await startRtspCamera({ backchannel: true, user: 'admin', password: 'cam-pass' });
  const server = await startTestServer(relay);
  await beforeListed(server);
  const args = ['--server', server.url, '--camera', 'door', '--token', server.captureToken, '--source', 'rtsp', '--url', camera.url('talk'), '--fps', '5'];
  const program = startCaptureProgram(args);
  const door = () => server.relay.cameras.get('door');
  await waitFor(() => door()?.status === 'live' && door()?.talk !== undefined, `the camera live, one to talk to\n${program.output()}`, 60_000);
  return {
    camera,
    server,
    program,
    async stop() {
      await program.kill();
      await stopTestServer(server);
      await camera.stop();
    },
  };
}
