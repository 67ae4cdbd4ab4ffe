/**
 * The relay's own IP camera going away and coming back (#29): the same as ipcam-offline.test.ts, but
 * the camera is added in the Admin area's API and the relay runs its capture process itself. While
 * the RTSP camera is gone its entry says why (CAMERA_UNREACHABLE) and the recording's hole is
 * labelled `camera-offline`; once it is back it is live again and records, with no admin action.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import type { CameraInfo } from '../../shared/protocol.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { login, sameOrigin } from '../security/helpers/session.js';

interface Listed {
  segments: Array<{ start: number; frames: number; format: string }>;
  gaps: Array<{ start: number; end: number; reason: string }>;
}

describe.runIf(rtspCameraAvailable())('the relay’s own IP camera going away and coming back', () => {
  let relay: TestServer;
  let camera: RtspCamera;
  const from = Date.now() - 60_000;
  let goneAt = 0;
  let backAt = 0;

  const list = async (): Promise<Listed> =>
    (await (await fetch(`${relay.url}/api/cameras/porch/recordings?from=${from}&to=${Date.now() + 60_000}`, { headers: relay.adminAuth })).json()) as Listed;
  const porch = async () =>
    ((await (await fetch(`${relay.url}/api/cameras`, { headers: relay.adminAuth })).json()) as CameraInfo[]).find((c) => c.id === 'porch');

  beforeAll(async () => {
    relay = await startTestServer({ recording: { ...RECORDING_DEFAULTS, segmentSeconds: 120, cameras: { porch: { mode: 'continuous', fps: 10 } } } });
    camera = await startRtspCamera({ fps: 10 });
    const cookie = await login(relay);
    const put = await fetch(`${relay.url}/api/admin/ip-cameras/porch`, {
      method: 'PUT',
      headers: { ...sameOrigin(relay), cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'rtsp', name: 'Porch', url: camera.url('sub'), recordUrl: camera.url('main'), fps: 10 }),
    });
    expect(put.status).toBe(200);
    await waitFor(async () => (await list()).segments.some((s) => s.format === 'h264' && s.frames >= 20), 'the main stream recorded by copy', 45_000, 250);
    await camera.stop();
    goneAt = Date.now();
    await waitFor(async () => (await porch())?.source?.error === 'CAMERA_UNREACHABLE', 'the entry to say the camera is unreachable', 30_000, 200);
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
    await stopTestServer(relay);
    await camera?.stop();
  });

  it('labels the hole camera-offline', async () => {
    const { gaps } = await list();
    const hole = gaps.find((g) => g.end > goneAt && g.start < backAt + 5000);
    expect(hole, JSON.stringify(gaps)).toBeDefined();
    expect(hole!.reason).toBe('camera-offline');
  });

  it('is live again with no admin action, the reason gone from its entry', async () => {
    await waitFor(async () => (await porch())?.status === 'live' && (await porch())?.source === undefined, 'porch live again', 20_000, 200);
  });
});
