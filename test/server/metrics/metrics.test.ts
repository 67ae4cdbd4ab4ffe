import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { usage } from '../../../server/load-config.js';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

interface Family {
  name: string;
  type: string;
  metrics: Array<{ value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string }>;
}

let server: TestServer | undefined;
let camera: TestCamera | undefined;
let viewer: TestViewer | undefined;
afterEach(async () => {
  camera?.stop();
  viewer?.close();
  await stopTestServer(server);
  server = camera = viewer = undefined;
});

async function scrape(headers: Record<string, string> = {}): Promise<Map<string, Family>> {
  const res = await fetch(`${server!.url}/metrics`, { headers: { ...server!.adminAuth, ...headers } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const families = parsePrometheusTextFormat(await res.text()) as Family[];
  return new Map(families.map((f) => [f.name, f]));
}

function value(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name);
  const metric = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  // A labelled series that never moved is simply absent from the text: that is a zero.
  return Number(metric?.value ?? metric?.count ?? 0);
}

describe('GET /metrics', () => {
  it('parses as Prometheus text and its counters move as frames flow', async () => {
    server = await startTestServer();
    viewer = connectViewer(server.url);
    camera = await startCamera(server.url, server.captureToken, 'porch');
    await waitFor(() => viewer!.frames.length >= 5, 'frames at the viewer');
    const first = await scrape();
    const inBefore = value(first, 'camrelay_frames_in_total', { camera: 'porch' });
    const outBefore = value(first, 'camrelay_frames_out_total', { camera: 'porch', transport: 'socketio' });
    expect(inBefore).toBeGreaterThan(0);
    expect(outBefore).toBeGreaterThan(0);
    expect(value(first, 'camrelay_viewers', { transport: 'socketio' })).toBe(1);
    expect(
      value(first, 'camrelay_capture_clients', { link: 'websocket' }) + value(first, 'camrelay_capture_clients', { link: 'polling' }),
    ).toBeGreaterThanOrEqual(1);
    expect(first.get('camrelay_delivery_latency_seconds')?.type).toBe('HISTOGRAM');
    expect(first.has('camrelay_process_cpu_seconds_total')).toBe(true);

    const seen = viewer.frames.length;
    await waitFor(() => viewer!.frames.length >= seen + 5, 'more frames');
    const second = await scrape();
    expect(value(second, 'camrelay_frames_in_total', { camera: 'porch' })).toBeGreaterThan(inBefore);
    expect(value(second, 'camrelay_frames_out_total', { camera: 'porch', transport: 'socketio' })).toBeGreaterThan(outBefore);
  });

  it('counts refused frames by reason', async () => {
    server = await startTestServer({ maxFrameBytes: 4096 });
    const post = (body: Uint8Array) =>
      fetch(`${server!.url}/api/cameras/x/frames`, {
        method: 'POST',
        body: body as Uint8Array<ArrayBuffer>,
        headers: { authorization: `Bearer ${server!.captureToken}`, 'content-type': 'image/jpeg', 'x-frame-seq': '1', 'x-captured-at': '1' },
      });
    await post(Buffer.alloc(8000, 0xff));
    await post(Buffer.from('not a jpeg'));
    const m = await scrape();
    expect(value(m, 'camrelay_frames_dropped_total', { reason: 'too_large' })).toBe(1);
    expect(value(m, 'camrelay_frames_dropped_total', { reason: 'invalid' })).toBe(1);
    expect((await post(await makeJpeg(16, 16))).status).toBe(202);
  });

  it('answers a signed-in admin and nobody else (401) when no metrics token is set, as npm start -- --help says', async () => {
    server = await startTestServer();
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer anything' } })).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).status).toBe(200);
    const help = usage()
      .split('\n')
      .find((line) => line.includes('--metrics-token'));
    expect(help).toContain('always answers a signed-in admin too, and nobody else (401)');
    expect(help).not.toContain('when set');
  });

  it('answers only the metrics token when one is configured, and never shows a token', async () => {
    server = await startTestServer({ metricsToken: 'scrape-secret' });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } })).text();
    expect(text).toContain('camrelay_frames_in_total');
    expect(text).not.toContain('scrape-secret');
    expect(text).not.toContain(server.captureToken);
  });
});

describe('GET /readyz', () => {
  it('is 200 while listening and 503 once shutting down', async () => {
    server = await startTestServer();
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ ok: true, listening: true, shuttingDown: false });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('metrics of deleted cameras', () => {
  // A saved camera is no longer forgotten after an hour offline (it stays until deleted): its
  // series go when an admin deletes it.
  it("drops a camera's series once an admin deletes it", async () => {
    server = await startTestServer({ offlineAfterMs: 300, stallAfterMs: 200 });
    const post = async () =>
      fetch(`${server!.url}/api/cameras/gone/frames`, {
        method: 'POST',
        body: (await makeJpeg(16, 16)) as Uint8Array<ArrayBuffer>,
        headers: { authorization: `Bearer ${server!.captureToken}`, 'content-type': 'image/jpeg', 'x-frame-seq': '1', 'x-captured-at': '1' },
      });
    expect((await post()).status).toBe(202);
    expect(value(await scrape(), 'camrelay_frames_in_total', { camera: 'gone', link: 'http' })).toBe(1);
    const cookie = await login(server);
    const deleted = await fetch(`${server.url}/api/cameras/gone`, { method: 'DELETE', headers: { cookie, ...sameOrigin(server) } });
    expect(deleted.status).toBe(200);
    expect(server.relay.cameras.getLocal('gone')).toBeUndefined();
    expect((await scrape()).get('camrelay_frames_in_total')?.metrics.some((m) => m.labels?.camera === 'gone') ?? false).toBe(false);
  });
});
