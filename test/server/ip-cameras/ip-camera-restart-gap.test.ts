/**
 * A relay stopped and started again while it records a relay-run IP camera: the hole its restart left
 * is `relay-down`, as it is for a capture-side camera (#37 item 13), not a recording error nor the
 * camera's fault. Real processes: the relay, its capture child, a GStreamer RTSP camera.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type Program } from '../../helpers/processes.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { TEST_ADMIN } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

interface Listing {
  segments: Array<{ id: string; state: string; endReason: string | null; frames: number }>;
  gaps: Array<{ start: number; end: number; reason: string }>;
}

const ENV = { CAMRELAY_RECORDING: JSON.stringify({ segmentSeconds: 60, cameras: { porch: { mode: 'continuous', fps: 10 } } }) };
const auth = { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` };

describe.runIf(rtspCameraAvailable())('a relay-run IP camera across a relay restart', () => {
  let dataDir: string;
  let relay: Program | undefined;
  let camera: RtspCamera | undefined;
  afterEach(async () => {
    await relay?.kill();
    relay = undefined;
  });
  afterAll(async () => {
    await camera?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records the hole as relay-down', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-ipgap-'));
    camera = await startRtspCamera({ fps: 10 });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const listing = async (): Promise<Listing> => (await (await fetch(`${url}/api/cameras/porch/recordings`, { headers: auth })).json()) as Listing;
    relay = await startServerProcess(port, dataDir, ENV);
    const origin = { origin: url, 'sec-fetch-site': 'same-origin' };
    const signIn = await fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { ...origin, 'content-type': 'application/json' },
      body: JSON.stringify(TEST_ADMIN),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const put = await fetch(`${url}/api/admin/ip-cameras/porch`, {
      method: 'PUT',
      headers: { cookie, ...origin, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'rtsp', name: 'Porch', url: camera.url('sub'), recordUrl: camera.url('main'), fps: 10 }),
    });
    expect(put.status).toBe(200);
    await waitFor(async () => (await listing()).segments.some((s) => s.frames > 0), 'a segment of the IP camera', 60_000, 250);
    // As a service manager stops it: SIGTERM, and the relay ends its children and its files itself.
    await relay.kill('SIGTERM');
    relay = await startServerProcess(port, dataDir, ENV);
    const after = await waitFor(
      async () => {
        const l = await listing();
        return l.segments.length >= 2 && l.segments.at(-1)!.frames > 0 ? l : null;
      },
      'a second segment after the restart',
      60_000,
      250,
    );
    const first = after.segments[0]!;
    expect({ state: first.state, endReason: first.endReason }).toEqual({ state: 'closed', endReason: 'relay-down' });
    const hole = after.gaps.filter((g) => g.reason !== 'not-recorded');
    expect(hole.map((g) => g.reason)).toEqual(['relay-down']);
  }, 150_000);
});
