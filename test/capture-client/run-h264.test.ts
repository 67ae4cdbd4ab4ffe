/**
 * A camera recorded by copy, end to end: a real relay recording the camera continuously and a real capture
 * client (test pattern, the bundled ffmpeg's libx264) that offers h264 and sends what the relay's demand asks.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCamera, type RunningCamera } from '../../capture-client/run.js';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import type { RecordingSource } from '../../shared/recording-status.js';
import { packetTimes } from '../server/recording/media.js';
import { login, sameOrigin } from '../security/helpers/session.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

interface Listed {
  segments: Array<{ frames: number; format: string; state: string; url: string }>;
  recording: { source?: RecordingSource };
}

let relay: TestServer;
let camera: RunningCamera;
let tmp: string;
const from = Date.now() - 60_000;

async function list(cameraId = 'door'): Promise<Listed> {
  const res = await fetch(`${relay.url}/api/cameras/${cameraId}/recordings?from=${from}&to=${Date.now() + 60_000}`, { headers: relay.adminAuth });
  expect(res.status).toBe(200);
  return (await res.json()) as Listed;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-run-h264-'));
  relay = await startTestServer({
    recording: { ...RECORDING_DEFAULTS, segmentSeconds: 60, cameras: { door: { mode: 'continuous', fps: 10 }, yard: { mode: 'continuous', fps: 10 } } },
  });
  camera = await runCamera({
    server: relay.url,
    token: relay.captureToken,
    cameraId: 'door',
    transport: 'socketio',
    fps: 10,
    offers: ['h264'],
    source: 'test-pattern',
    sourceOptions: { fps: 10, width: 320, height: 240 },
  });
}, 30_000);

afterAll(async () => {
  await camera?.stop();
  await stopTestServer(relay);
  rmSync(tmp, { recursive: true, force: true });
});

describe('runCamera with h264 offered', () => {
  it('sends H.264 when the relay records the camera, and the relay records it with no encoder of its own', async () => {
    await waitFor(() => camera.client.currentDemand.h264, 'the demand asks for h264');
    await waitFor(() => camera.h264?.running, 'the encoder running');
    const source = await waitFor(async () => {
      const s = (await list()).recording.source;
      return s && s.copies >= 1 && s.uplinkBytes > 0 ? s : null;
    }, 'a segment recorded by copy');
    expect(source).toMatchObject({ encoders: 0, fallbacks: 0 });
    await waitFor(() => camera.h264!.uplink.stats.ackedBytes > 0, 'units acked by the relay');
    expect(camera.h264!.refused).toBe(0);
  });

  it('sends the units in batches of several (#38) while only the recorder wants them, every one acked', async () => {
    expect(camera.client.currentDemand).toMatchObject({ h264: true, units: true, h264Live: false });
    const stats = camera.client.h264.batcher.stats;
    const before = { ...stats };
    // 10 fps held up to half a second: about five units a batch; a single-unit batch now and then is a hold cut short.
    await waitFor(() => stats.batches >= before.batches + 4, 'four more batches sent');
    const units = stats.units - before.units;
    const batches = stats.batches - before.batches;
    expect(units / batches).toBeGreaterThanOrEqual(2);
    await waitFor(() => camera.h264!.uplink.length <= 8, 'the uplink buffer drained to at most a batch and a half');
    expect(camera.h264!.refused).toBe(0);
  });

  it('stops its H.264 within 2 s of recording being switched off, keeps sending live JPEGs, and the segment holds the frames', async () => {
    const res = await fetch(`${relay.url}/api/cameras/door/recording`, {
      method: 'PUT',
      headers: { cookie: await login(relay), ...sameOrigin(relay), 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'off' }),
    });
    expect(res.status).toBe(200);
    // The bound on a demand change: the camera side's work stops within 2 s.
    await waitFor(() => !camera.h264!.running, 'the H.264 encoder stopped', 2000);
    const bytes = (await list()).recording.source!.uplinkBytes;
    const frames = relay.relay.cameras.getLocal('door')!.framesIn;
    await waitFor(() => relay.relay.cameras.getLocal('door')!.framesIn >= frames + 5, 'live frames still arriving');
    expect((await list()).recording.source!.uplinkBytes).toBe(bytes);
    const { segments } = await waitFor(async () => {
      const l = await list();
      return l.segments.length > 0 && l.segments.every((s) => s.state === 'closed') ? l : null;
    }, 'the segment closed');
    expect(segments.map((s) => s.format)).toEqual(['h264']);
    expect((await list()).recording.source).toMatchObject({ encoders: 0 });
    expect(segments[0]!.frames).toBeGreaterThan(0);
    const file = path.join(tmp, 'segment.mp4');
    writeFileSync(file, Buffer.from(await (await fetch(`${relay.url}${segments[0]!.url}`, { headers: relay.adminAuth })).arrayBuffer()));
    expect((await packetTimes(file)).length).toBe(segments[0]!.frames);
  });

  it('offers h264 once the encoder pick finds one after connecting, and is then recorded by copy', async () => {
    let picked = false;
    const yard = await runCamera({
      server: relay.url,
      token: relay.captureToken,
      cameraId: 'yard',
      transport: 'socketio',
      fps: 10,
      offers: ['rungs'],
      pickH264: () => Promise.resolve((picked = true)),
      source: 'test-pattern',
      sourceOptions: { fps: 10, width: 320, height: 240 },
    });
    try {
      await waitFor(() => yard.client.currentDemand.h264, 'the demand asks the yard for h264');
      expect(picked).toBe(true);
      await waitFor(async () => ((await list('yard')).recording.source?.copies ?? 0) >= 1, 'the yard recorded by copy');
    } finally {
      await yard.stop();
    }
  });
});
