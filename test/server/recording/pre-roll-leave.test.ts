/**
 * A motion camera's pre-roll is let go when the camera leaves, by whichever way it came (#37): a
 * real relay, a real capture client on each transport, and an admin deleting a camera while its
 * client is still connected. In cluster mode a camera's recorder is on the node its capture client
 * is connected to, so it leaves that node by one of these.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureClient, type CaptureClientOptions } from '../../../capture-client/capture-client.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

/** Motion mode kept as JPEG (no ffmpeg), a 5 s pre-roll. */
const recording = { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion' as const, format: 'jpeg' as const, preRollSeconds: 5 } };

describe('the pre-roll when its camera leaves', () => {
  let server: TestServer | undefined;
  let client: CaptureClient | undefined;
  let feed: NodeJS.Timeout | undefined;
  afterEach(async () => {
    clearInterval(feed);
    client?.close();
    await stopTestServer(server);
    server = client = feed = undefined;
  });

  /** A camera sending one still picture 10 times a second (no motion: it all stays in the pre-roll), until its pre-roll holds some. */
  async function filling(s: TestServer, camera: string, transport: CaptureClientOptions['transport']): Promise<CaptureClient> {
    const jpeg = await makeJpeg(64, 48, 1);
    const c = new CaptureClient({ server: s.url, token: s.captureToken, cameraId: camera, transport, fps: 10, ackTimeoutMs: 2000 });
    feed = setInterval(() => c.push({ jpeg, capturedAt: Date.now() }), 100);
    await waitFor(() => s.recording.status(camera).preRoll.bytes > 0, `${camera}'s pre-roll filling`);
    return c;
  }
  const preRollBytes = (camera: string) => server!.recording.status(camera).preRoll.bytes;

  for (const transport of ['socketio', 'http'] as const) {
    it(`is let go when a ${transport} camera leaves`, async () => {
      server = await startTestServer({ recording, offlineAfterMs: 1500 });
      client = await filling(server, 'porch', transport);
      clearInterval(feed);
      client.close();
      await waitFor(() => preRollBytes('porch') === 0, 'the pre-roll let go');
    });
  }

  it('is let go when a webrtc camera leaves', async () => {
    server = await startTestServer({ recording, offlineAfterMs: 1500, webrtc: 'optional' });
    client = await filling(server, 'porch', 'webrtc');
    await waitFor(() => server!.relay.cameras.list().find((c) => c.id === 'porch')?.ingest === 'webrtc', 'frames by webrtc');
    clearInterval(feed);
    client.close();
    await waitFor(() => preRollBytes('porch') === 0, 'the pre-roll let go');
  });

  it('is let go at once when an admin deletes the camera while its client is connected, not after the offline grace', async () => {
    // A grace longer than the wait: only the deletion itself can let the pre-roll go in time.
    server = await startTestServer({ recording, offlineAfterMs: 60_000 });
    client = await filling(server, 'porch', 'socketio');
    clearInterval(feed);
    expect(preRollBytes('porch')).toBeGreaterThan(0);
    const res = await fetch(`${server.url}/api/cameras/porch?recordings=keep`, {
      method: 'DELETE',
      headers: { cookie: await login(server), ...sameOrigin(server) },
    });
    expect(res.status).toBe(200);
    await waitFor(() => preRollBytes('porch') === 0, 'the pre-roll let go');
  });
});
