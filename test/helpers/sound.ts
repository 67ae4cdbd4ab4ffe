import { login, sameOrigin } from '../security/helpers/session.js';
import { startCaptureProgram, type CaptureProgram } from './capture-program.js';
import type { TestServer } from './server.js';
import { waitFor } from './wait.js';

/**
 * A camera's sound turned on or off (#40) as an admin does it in the Live Monitor: `PATCH /api/cameras/<id>` with
 * `{ sound }`, asked again while the camera is not known yet (a relay-run camera is listed at its first picture).
 */
export async function setSound(server: TestServer, cameraId: string, on = true): Promise<void> {
  const cookie = await login(server);
  await waitFor(
    async () => {
      const res = await fetch(`${server.url}/api/cameras/${encodeURIComponent(cameraId)}`, {
        method: 'PATCH',
        headers: { ...sameOrigin(server), cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ sound: on }),
      });
      if (res.status === 404) return false;
      if (res.status !== 200) throw new Error(`sound ${String(on)} for ${cameraId}: ${res.status} ${await res.text()}`);
      return true;
    },
    `${cameraId} known, its sound set`,
    30_000,
  );
}

/**
 * A relay-run IP camera `yard` of the GStreamer test camera (`/sub` for the picture, `/main-aac` recorded and heard, so
 * H.264 and AAC), its sound on, and a stream token for it (as an admin makes one in the Admin): the token's secret.
 */
export async function soundCameraWithToken(server: TestServer, camera: { url(stream: 'sub' | 'main-aac'): string }, label: string): Promise<string> {
  const cookie = await login(server);
  const headers = { ...sameOrigin(server), cookie, 'content-type': 'application/json' };
  const put = await fetch(`${server.url}/api/admin/ip-cameras/yard`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ kind: 'rtsp', name: 'Yard', url: camera.url('sub'), recordUrl: camera.url('main-aac'), fps: 10 }),
  });
  if (put.status !== 200) throw new Error(`the IP camera not saved: ${put.status} ${await put.text()}`);
  await setSound(server, 'yard');
  const made = await fetch(`${server.url}/api/cameras/yard/stream-tokens`, { method: 'POST', headers, body: JSON.stringify({ label }) });
  if (made.status !== 201) throw new Error(`no stream token: ${made.status} ${await made.text()}`);
  return ((await made.json()) as { secret: string }).secret;
}

/**
 * The capture program as a webcam PC with a microphone (#40): the test pattern at 10 fps `width` wide, and a 440 Hz
 * tone through ffmpeg's lavfi input standing in for the PC's sound card, sent to `server` as `cameraId`.
 */
export function startMicCamera(server: Pick<TestServer, 'url' | 'captureToken'>, cameraId: string, width: number): CaptureProgram {
  return startCaptureProgram([
    ...['--server', server.url, '--camera', cameraId, '--token', server.captureToken],
    ...['--source', 'test-pattern', '--fps', '10', '--width', String(width)],
    ...['--audio-device', 'sine=frequency=440:sample_rate=48000', '--audio-format', 'lavfi'],
  ]);
}
