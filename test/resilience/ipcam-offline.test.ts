/**
 * An IP camera that goes away and comes back (#29, "Truth for IP cameras"): the real capture program
 * reading the real RTSP test camera, its main stream recorded by copy on a real relay. While the
 * camera is gone the relay shows why (CAMERA_UNREACHABLE) and the recording's hole is labelled
 * `camera-offline`, not `uplink`; once it is back the tile is live and the recording goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import type { CameraInfo } from '../../shared/protocol.js';
import { startCaptureProgram, type CaptureProgram } from '../helpers/capture-program.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

interface Listed {
  segments: Array<{ start: number; end: number; frames: number; format: string }>;
  gaps: Array<{ start: number; end: number; reason: string }>;
}

describe.runIf(rtspCameraAvailable())('an IP camera that goes away and comes back', () => {
  let relay: TestServer;
  let camera: RtspCamera;
  let program: CaptureProgram;
  const from = Date.now() - 60_000;
  let goneAt = 0;
  let backAt = 0;

  const list = async (): Promise<Listed> =>
    (await (await fetch(`${relay.url}/api/cameras/porch/recordings?from=${from}&to=${Date.now() + 60_000}`, { headers: relay.adminAuth })).json()) as Listed;
  const porch = async () =>
    ((await (await fetch(`${relay.url}/api/cameras`, { headers: relay.adminAuth })).json()) as CameraInfo[]).find((c) => c.id === 'porch');

  beforeAll(async () => {
    relay = await startTestServer({ recording: { ...RECORDING_DEFAULTS, segmentSeconds: 120, cameras: { porch: { mode: 'continuous', fps: 10 } } } });
    camera = await startRtspCamera({ user: 'admin', password: 'pw-4471', fps: 10 });
    program = startCaptureProgram(['--server', relay.url, '--camera', 'porch', '--token', relay.captureToken, '--source', 'rtsp', '--fps', '10'], {
      CAMRELAY_CAMERA_URL: camera.url('sub'),
      CAMRELAY_RECORD_URL: camera.url('main'),
    });
    await waitFor(async () => (await list()).segments.some((s) => s.format === 'h264' && s.frames >= 20), 'the main stream recorded by copy', 45_000, 250);
    await camera.stop();
    goneAt = Date.now();
    await waitFor(async () => (await porch())?.source?.error === 'CAMERA_UNREACHABLE', 'the tile to say the camera is unreachable', 30_000, 200);
    await camera.start();
    backAt = Date.now();
    await waitFor(
      async () => (await list()).segments.some((s) => s.start > backAt && s.frames >= 10),
      'a segment recorded after the camera came back',
      45_000,
      250,
    );
  }, 150_000);

  afterAll(async () => {
    await program?.kill();
    await camera?.stop();
    await stopTestServer(relay);
  });

  it('labels the hole camera-offline, from about when it went to about when it came back', async () => {
    const { gaps } = await list();
    const hole = gaps.find((g) => g.end > goneAt && g.start < backAt + 5000);
    expect(hole, JSON.stringify(gaps)).toBeDefined();
    expect(hole!.reason).toBe('camera-offline');
  });

  it('is live again without restarting the program, the reason gone from its entry', async () => {
    await waitFor(async () => (await porch())?.status === 'live' && (await porch())?.source === undefined, 'porch live again', 20_000, 200);
    expect(program.child.exitCode).toBeNull();
  });
});
