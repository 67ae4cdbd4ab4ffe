/**
 * Web Push from a real relay (#31): a real motion event (a still scene, then a square walking past)
 * reaches a device's push endpoint encrypted, signed with the relay's VAPID key, and decrypts to the
 * camera and words a phone shows; a device gone (410) is forgotten; a user who may not see the
 * camera hears nothing; bad subscriptions are refused with their code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushNotice } from '../../../shared/push.js';
import { modules } from '../../../server/module-table.js';
import { pushModule } from '../../../server/push/index.js';
import { CAMERA_DEFAULTS, MOTION_DEFAULTS, RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { startPushEndpoint, type PushEndpoint } from '../../helpers/push-endpoint.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { sceneJpeg } from '../recording/motion/scene.js';

const VIEWER = { username: 'neighbour', password: 'neighbour-password' };

describe('Web Push of motion events', () => {
  let server: TestServer;
  let camera: TestCamera | undefined;
  const endpoints: PushEndpoint[] = [];
  let admin: Record<string, string>;

  /** A browser's session: its cookie and its Origin, as the Live Monitor's fetch sends them. */
  async function session(user: { username: string; password: string }): Promise<Record<string, string>> {
    const res = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify(user),
    });
    expect(res.ok).toBe(true);
    return {
      cookie: res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
      origin: server.url,
      'content-type': 'application/json',
    };
  }
  const subscribe = (headers: Record<string, string>, body: unknown) =>
    fetch(`${server.url}/api/push/subscriptions`, { method: 'POST', headers, body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  const saved = () => (JSON.parse(readFileSync(path.join(server.dataDir, 'push-subscriptions.json'), 'utf8')) as { endpoint: string }[]).map((s) => s.endpoint);

  beforeAll(async () => {
    const recording = {
      ...RECORDING_DEFAULTS,
      defaults: { ...CAMERA_DEFAULTS, mode: 'motion' as const, format: 'jpeg' as const, motion: { ...MOTION_DEFAULTS, fps: 5 } },
    };
    const table = modules.map((m) => (m.name === 'push' ? pushModule({ allowLoopbackHttp: true }) : m));
    server = await startTestServer({ recording }, table);
    admin = await session(TEST_ADMIN);
    const created = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ ...VIEWER, role: 'viewer', cameras: ['shed'] }),
    });
    expect(created.ok).toBe(true);
    for (let i = 0; i < 3; i++) endpoints.push(await startPushEndpoint());
  });
  afterAll(async () => {
    camera?.stop();
    await stopTestServer(server);
    await Promise.all(endpoints.map((e) => e.close()));
  });

  it('refuses a subscription that is not https, not at a push service, too long, or carries bad keys; and a stranger or another origin', async () => {
    const good = endpoints[0]!.subscription;
    const refused = async (body: unknown) => {
      const r = await subscribe(admin, body);
      return `${r.status} ${r.body.error}`;
    };
    expect(await refused({ ...good, endpoint: 'http://push.example.com/x' })).toBe('400 BAD_PUSH_SUBSCRIPTION');
    expect(await refused({ ...good, endpoint: `https://fcm.googleapis.com/${'a'.repeat(2048)}` })).toBe('400 BAD_PUSH_SUBSCRIPTION');
    // https on the relay's own LAN (a router's admin page, say): never a device, and never posted to.
    expect(await refused({ ...good, endpoint: 'https://192.168.1.1/admin' })).toBe('400 BAD_PUSH_SUBSCRIPTION');
    expect(await refused({ ...good, keys: { ...good.keys, p256dh: good.keys.auth } })).toBe('400 BAD_PUSH_SUBSCRIPTION');
    expect(await refused({ ...good, keys: { p256dh: good.keys.p256dh } })).toBe('400 BAD_PUSH_SUBSCRIPTION');
    expect(await refused(['endpoint'])).toBe('400 BAD_PUSH_SUBSCRIPTION');
    const { message } = (await subscribe(admin, { ...good, endpoint: 'http://push.example.com/x' })).body as { message: string };
    expect(message).toBe("The push subscription is not valid: endpoint must be an https URL: the address of the browser's push service.");
    expect((await subscribe({ ...admin, origin: 'https://evil.example' }, good)).body.error).toBe('BAD_ORIGIN');
    expect((await subscribe({ 'content-type': 'application/json', origin: server.url }, good)).status).toBe(401);
    expect(() => saved()).toThrow();
  });

  it('pushes a motion start, encrypted and signed, to every device allowed to see the camera; a device gone (410) is forgotten', async () => {
    const [phone, gone, neighbour] = endpoints as [PushEndpoint, PushEndpoint, PushEndpoint];
    gone.answer = 410;
    expect((await subscribe(admin, phone.subscription)).status).toBe(201);
    expect((await subscribe(admin, gone.subscription)).status).toBe(201);
    expect((await subscribe(await session(VIEWER), neighbour.subscription)).status).toBe(201);
    expect(saved()).toHaveLength(3);
    const { publicKey } = (await (await fetch(`${server.url}/api/push/key`, { headers: admin })).json()) as { publicKey: string };

    const still = await Promise.all([0, 1, 2, 3].map((seed) => sceneJpeg({ noise: 6, seed })));
    const walking = await Promise.all(Array.from({ length: 12 }, (_, i) => sceneJpeg({ noise: 6, seed: i % 4, square: { x: 40 + i * 45, y: 150 } })));
    const frames = [...still];
    camera = await startCamera(server.url, server.captureToken, 'porch', { fps: 10, frames });
    await waitFor(() => (server.recording.status('porch').motion?.detections ?? 0) >= 4, 'the still scene learnt', 30_000);
    frames.splice(0, frames.length, ...walking);

    await waitFor(() => phone.received.length > 0, 'the motion start at the phone', 30_000);
    const sender = server.provided.need('push').sender;
    await waitFor(() => sender.pending === 0 && gone.received.length > 0, 'every push answered', 30_000);
    const heard = phone.received[0]!;
    const notice = JSON.parse(heard.text) as PushNotice;
    expect(notice).toMatchObject({ title: 'Motion: porch', body: 'Something moved in front of porch. Tap to watch it from the start.', camera: 'porch' });
    expect(notice.url).toBe(`#/camera/porch/at/${notice.eventId}`);
    expect(heard.vapidKey).toBe(publicKey);
    expect(heard.claims.aud).toBe(new URL(phone.subscription.endpoint).origin);
    expect(heard.claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(heard.headers.ttl).toBe('3600');
    expect([phone.errors, gone.errors]).toEqual([[], []]);
    // The viewer may see only "shed": nothing of "porch" reaches their device.
    expect(neighbour.received).toEqual([]);
    expect(sender.counts).toMatchObject({ sent: 1, gone: 1, failed: 0 });
    expect(saved().sort()).toEqual([phone.subscription.endpoint, neighbour.subscription.endpoint].sort());
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: admin })).text();
    expect(metrics).toContain('camrelay_push_notices_total{outcome="sent"} 1');
    expect(metrics).toContain('camrelay_push_notices_total{outcome="gone"} 1');
    expect(metrics).toContain('camrelay_push_devices 2');
  }, 90_000);

  it('switches a device off for its own user only', async () => {
    const phone = endpoints[0]!.subscription.endpoint;
    const off = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/push/subscriptions`, { method: 'DELETE', headers, body: JSON.stringify({ endpoint: phone }) }).then((r) => r.json());
    expect(await off(await session(VIEWER))).toEqual({ ok: true, removed: false });
    expect(await off(admin)).toEqual({ ok: true, removed: true });
    expect(saved()).not.toContain(phone);
  });
});
