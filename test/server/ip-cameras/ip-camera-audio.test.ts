/**
 * An IP camera with sound, end to end (#29): the test camera's /main-aac (H.264 and AAC), taken in
 * by the relay itself (a capture process it runs), recorded by copy with its sound: no encoder
 * anywhere, the segment listed with `audio: 'aac'`, and its file's sound as long as its picture.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { rtspCameraAvailable, rtspCameraAvMounts, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { setSound } from '../../helpers/sound.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';
import { segmentTracks } from '../recording/media.js';

interface Listed {
  segments: Array<{ state: string; audio?: string; format: string; url: string }>;
  recording: { source?: { encoders: number; copies: number } };
}

describe.runIf(rtspCameraAvailable() && rtspCameraAvMounts())('an IP camera with sound, on the relay', () => {
  let server: TestServer;
  let camera: RtspCamera;
  let tmp: string;
  const since = Date.now();

  const list = async (): Promise<Listed> => {
    const res = await fetch(`${server.url}/api/cameras/yard/recordings?from=${since - 60_000}&to=${Date.now() + 60_000}`, { headers: server.adminAuth });
    return (await res.json()) as Listed;
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-ipcam-audio-'));
    camera = await startRtspCamera({ fps: 10, gop: 10 });
    // Segments of 4 s: one closes while the test watches, so its whole file can be read.
    server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, segmentSeconds: 4, cameras: { yard: { mode: 'continuous', fps: 10 } } } });
    const cookie = await login(server);
    const put = await fetch(`${server.url}/api/admin/ip-cameras/yard`, {
      method: 'PUT',
      headers: { ...sameOrigin(server), cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'rtsp', name: 'Yard', url: camera.url('sub'), recordUrl: camera.url('main-aac'), fps: 10 }),
    });
    expect(put.status).toBe(200);
    // Its sound on (#40: off for a new camera, and then the relay asks for none and takes none).
    await setSound(server, 'yard');
  }, 60_000);

  afterAll(async () => {
    await stopTestServer(server);
    camera?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('records the main stream and its AAC by copy: a closed segment with sound as long as its picture', async () => {
    const listed = await waitFor(
      async () => {
        const l = await list();
        return l.segments.some((s) => s.state === 'closed' && s.audio === 'aac') ? l : null;
      },
      'a closed segment with sound',
      45_000,
      500,
    );
    expect(listed.recording.source).toMatchObject({ encoders: 0 });
    const segment = listed.segments.find((s) => s.state === 'closed' && s.audio === 'aac')!;
    expect(segment.format).toBe('h264');
    const { video, audio } = await segmentTracks(server, segment.url, path.join(tmp, 'segment.mp4'));
    expect([video.codec, audio.codec]).toEqual(['h264', 'aac']);
    // Sound and picture are stamped where each arrived; the sound may start a frame or two late in a segment.
    expect(Math.abs(audio.ms - video.ms) / video.ms).toBeLessThan(0.1);
  }, 60_000);
});
