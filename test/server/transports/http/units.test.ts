/**
 * Units over the HTTP fallback (#38), with real parts: a real capture program (test pattern, the bundled ffmpeg's
 * libx264) whose Socket.IO a proxy refuses, so it sends by HTTP POST; a real socket.io-client viewer that takes the
 * camera as live H.264. The demand reaches the camera in the POSTs' answers, its units go in batches by POST, and
 * batches that are malformed or too large are refused with their codes while the camera keeps flowing.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCamera, type RunningCamera } from '../../../../capture-client/run.js';
import { HttpSender } from '../../../../common/capture/senders/http.js';
import type { MonitorH264Meta } from '../../../../shared/protocol.js';
import { HTTP_DEMAND_HEADERS } from '../../../../shared/demand.js';
import { UNITS_CONTENT_TYPE, unitsBody } from '../../../../shared/units.js';
import { unitsBodyMax } from '../../../../server/transports/http/units.js';
import { HttpProxy } from '../../../helpers/http-proxy.js';
import { makeJpeg } from '../../../helpers/jpeg.js';
import { setSound } from '../../../helpers/sound.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../../helpers/server.js';
import { waitFor } from '../../../helpers/wait.js';

let server: TestServer;
let proxy: HttpProxy;
let camera: RunningCamera;
let viewer: Socket;
const units: MonitorH264Meta[] = [];

/** One POST to the units route, as a capture program would send it, with `body` and these extra headers. */
async function postUnits(cameraId: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}/api/cameras/${cameraId}/units`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.captureToken}`, 'content-type': UNITS_CONTENT_TYPE, [HTTP_DEMAND_HEADERS.offers]: 'h264', ...headers },
    body: body as Uint8Array<ArrayBuffer>,
  });
  return { status: res.status, body: await res.json() };
}

const meta = (seq: number) => ({ seq, capturedAt: Date.now(), keyframe: false, width: 320, height: 240 });

beforeAll(async () => {
  server = await startTestServer();
  proxy = await HttpProxy.start({ host: '127.0.0.1', port: server.port });
  proxy.faults = { block: /^\/socket\.io\// };
  camera = await runCamera({
    server: proxy.url,
    token: server.captureToken,
    cameraId: 'yard',
    transport: 'auto',
    fallbackAfterMs: 500,
    fps: 10,
    offers: ['h264'],
    source: 'test-pattern',
    sourceOptions: { fps: 10, width: 320, height: 240 },
  });
  await waitFor(() => server.relay.cameras.getLocal('yard')?.ingest === 'http', 'frames by HTTP POST');
  // The viewer reaches the relay itself: only the camera's way is blocked.
  viewer = io(`${server.url}/monitor`, { transports: ['websocket'], forceNew: true, auth: TEST_ADMIN });
  viewer.on('connect', () => viewer.emit('subscribe', { cameraIds: ['yard'], h264: ['yard'] }));
  viewer.on('h264', (m: MonitorH264Meta, _au: unknown, ack: () => void) => {
    units.push(m);
    ack();
  });
}, 30_000);

afterAll(async () => {
  viewer?.close();
  await camera?.stop();
  await proxy?.close();
  await stopTestServer(server);
});

describe('units by HTTP POST', () => {
  it("carries the relay's demand to a camera whose Socket.IO is refused, and its H.264 in batches to a live viewer", async () => {
    await waitFor(() => camera.client.currentDemand.h264, 'the demand, by HTTP, asks for h264', 10_000);
    expect(camera.client.currentDemand).toMatchObject({ h264: true, units: true, h264Live: true });
    await waitFor(() => units.length >= 20, '20 H.264 units at the viewer', 20_000);
    expect(units[0]!.keyframe).toBe(true);
    for (let i = 1; i < units.length; i++) expect(units[i]!.seq).toBe(units[i - 1]!.seq + 1);
    expect(camera.client.h264.batcher.stats.batches).toBeGreaterThan(0);
    expect(camera.h264!.refused).toBe(0);
    expect(server.relay.cameras.getLocal('yard')!.ingest).toBe('http');
    expect(proxy.upgradeAttempts).toBe(0);
  });

  it('refuses a batch too large, too many units, or malformed, with its code, while the camera keeps flowing', async () => {
    const before = units.length;
    const tooLarge = await postUnits('porch', new Uint8Array(unitsBodyMax(server.config) + 1));
    expect(tooLarge).toMatchObject({ status: 413, body: { ok: false, error: 'BODY_TOO_LARGE' } });
    const au = new Uint8Array([0, 0, 0, 1, 0x41, 1, 2, 3]);
    const seventeen = Array.from({ length: 17 }, (_, i) => ({ kind: 'h264' as const, meta: meta(i), data: au }));
    expect(await postUnits('porch', unitsBody(seventeen))).toMatchObject({ status: 413, body: { error: 'UNITS_TOO_MANY' } });
    const short = unitsBody([{ kind: 'h264', meta: meta(1), data: au }]).subarray(0, 40);
    expect(await postUnits('porch', short)).toMatchObject({ status: 400, body: { error: 'BAD_UNITS' } });
    const headTooLong = new Uint8Array(8);
    new DataView(headTooLong.buffer).setUint32(0, 1 << 30);
    expect(await postUnits('porch', headTooLong)).toMatchObject({ status: 400, body: { error: 'BAD_UNITS' } });
    const noOffers = await postUnits('porch', unitsBody([{ kind: 'h264', meta: meta(1), data: au }]), { [HTTP_DEMAND_HEADERS.offers]: '' });
    expect(noOffers).toMatchObject({ status: 400, body: { error: 'BAD_UNITS' } });
    expect(await postUnits('porch', unitsBody([{ kind: 'h264', meta: meta(1), data: au }]), { [HTTP_DEMAND_HEADERS.offers]: 'h264,teleport' })).toMatchObject({
      status: 400,
      body: { error: 'BAD_OFFERS' },
    });
    await waitFor(() => units.length >= before + 10, 'ten more units of the camera at the viewer');
    expect(camera.h264!.refused).toBe(0);
  });

  it('refuses a wrong token before the body is read, and tells it no demand', async () => {
    const res = await fetch(`${server.url}/api/cameras/yard/units`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong', 'content-type': UNITS_CONTENT_TYPE, [HTTP_DEMAND_HEADERS.offers]: 'h264' },
      body: unitsBody([{ kind: 'h264', meta: meta(1), data: new Uint8Array([0, 0, 0, 1, 0x41, 1]) }]) as Uint8Array<ArrayBuffer>,
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('connection')).toBe('close');
    expect(res.headers.get(HTTP_DEMAND_HEADERS.demand)).toBeNull();
    expect(await res.json()).toMatchObject({ ok: false, error: 'BAD_TOKEN' });
  });

  it('answers each unit of a batch as the Socket.IO path does: a unit it refuses carries its code, the others their acks', async () => {
    const sender = new HttpSender({ server: server.url, cameraId: 'gate', token: server.captureToken, ackTimeoutMs: 5000, offers: ['h264'], session: 's1' });
    const au = new Uint8Array([0, 0, 0, 1, 0x41, 1, 2, 3]);
    // The camera is listed by its first picture; its sound turned on, so its AAC is looked at (#40).
    await expect(sender.send({ seq: 1, capturedAt: Date.now() }, await makeJpeg())).resolves.toMatchObject({ ok: true });
    await setSound(server, 'gate');
    const reply = await sender.sendUnits([
      { kind: 'h264', meta: meta(5), data: au },
      { kind: 'h264', meta: meta(4), data: au },
      { kind: 'aac', meta: { seq: 1, capturedAt: Date.now(), sampleRate: 48000, channels: 2, config: '1190' }, data: new Uint8Array(9000) },
    ]);
    expect(reply).toMatchObject({
      ok: true,
      acks: [
        { ok: true, seq: 5 },
        { ok: false, error: 'BAD_H264' },
        { ok: false, error: 'AAC_TOO_LARGE' },
      ],
    });
    sender.close();
  });

  it('refuses AAC frames past 3 s ahead of the clock with SOUND_TOO_FAST, as the Socket.IO path does (#55)', async () => {
    const sender = new HttpSender({ server: server.url, cameraId: 'loud', token: server.captureToken, ackTimeoutMs: 5000, offers: ['h264'], session: 's2' });
    await expect(sender.send({ seq: 1, capturedAt: Date.now() }, await makeJpeg())).resolves.toMatchObject({ ok: true });
    await setSound(server, 'loud');
    const errors: string[] = [];
    // 320 frames of 21.3 ms (6.8 s of sound) in twenty POSTs, as fast as they are answered.
    for (let seq = 1; seq <= 320; seq += 16) {
      const aac = Array.from({ length: 16 }, (_, i) => ({
        kind: 'aac' as const,
        meta: { seq: seq + i, capturedAt: Date.now(), sampleRate: 48000, channels: 2, config: '1190' },
        data: new Uint8Array(1024),
      }));
      const reply = await sender.sendUnits(aac);
      if (reply.ok && 'acks' in reply) for (const a of reply.acks) errors.push(a.ok ? 'ok' : a.error);
    }
    sender.close();
    expect(errors).toHaveLength(320);
    expect(errors.slice(0, 140)).toEqual(Array(140).fill('ok'));
    expect(errors.at(-1)).toBe('SOUND_TOO_FAST');
  });
});
