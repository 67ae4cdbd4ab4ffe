/**
 * IP cameras the relay takes in itself (#29): an admin adds one by the API the Admin area uses, the
 * relay runs a capture process for it, and its password is never shown back — not in the answers,
 * not in the camera list, not in /metrics, not on the capture process's command line. Saves and
 * removals of one camera that come at once leave it one process, or none once removed (#37 item 6).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { CaptureProcess } from '../../../server/ip-cameras/capture-process.js';
import { alive, captureProcesses, descendants, fireAtOnce } from '../../helpers/capture-children.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

const PASSWORD = 'Cam-s3cr@t-9f2';
const VIEWER = { username: 'viewer1', password: 'viewer-password-1' };

describe('IP cameras on the relay', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    // porch records: its main stream must come by copy, through the capture program's own wiring (run.ts).
    server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, segmentSeconds: 60, cameras: { porch: { mode: 'continuous', fps: 10 } } } });
    cookie = await login(server);
    server.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
  });
  afterAll(() => stopTestServer(server));

  const call = async (method: string, route: string, body?: unknown, who = cookie) => {
    const res = await fetch(`${server.url}${route}`, {
      method,
      headers: { cookie: who, ...sameOrigin(server), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, text: await res.text() };
  };
  const views = async () => JSON.parse((await call('GET', '/api/admin/ip-cameras')).text).cameras as Array<Record<string, unknown>>;

  it('puts no secret on the capture process command line', () => {
    const args = CaptureProcess.args(
      { id: 'porch', kind: 'rtsp', url: `rtsp://admin:${PASSWORD}@10.0.0.9/sub`, recordUrl: `rtsp://admin:${PASSWORD}@10.0.0.9/main` },
      'http://127.0.0.1:3000',
    );
    expect(args.join(' ')).not.toContain(PASSWORD);
    expect(args).toEqual(expect.arrayContaining(['--source=rtsp', '--camera=porch']));
  });

  it('refuses a viewer, and names the field of a bad camera without echoing its URL', async () => {
    const viewer = await login(server, VIEWER);
    expect((await call('GET', '/api/admin/ip-cameras', undefined, viewer)).status).toBe(403);
    expect((await call('PUT', '/api/admin/ip-cameras/porch', { kind: 'rtsp', url: 'rtsp://h/x' }, viewer)).status).toBe(403);
    const bad = await call('PUT', '/api/admin/ip-cameras/porch', { kind: 'mjpeg', url: `rtsp://admin:${PASSWORD}@h/x` });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: 'BAD_CAMERA_URL', field: 'url' });
    expect(bad.text).not.toContain(PASSWORD);
    expect((await call('DELETE', '/api/admin/ip-cameras/nobody')).status).toBe(404);
  });

  it('refuses an address with CR/LF or without a host as typed, under its field, and stores nothing (#37)', async () => {
    const injected = `rtsp://admin:${PASSWORD}@10.0.0.9/stream\r\nX-Injected: a\r\nCSeq: 99`;
    for (const [body, field, words] of [
      [{ kind: 'rtsp', url: injected }, 'url', 'line break'],
      [{ kind: 'rtsp', url: 'rtsp:/etc/passwd' }, 'url', 'must start with rtsp://'],
      [{ kind: 'rtsp', url: 'rtsp://10.0.0.9/sub', recordUrl: injected }, 'recordUrl', 'line break'],
      [{ kind: 'snapshot', url: 'http:///snap.jpg' }, 'url', 'names no camera address'],
    ] as const) {
      const refused = await call('PUT', '/api/admin/ip-cameras/porch', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(JSON.parse(refused.text)).toMatchObject({ error: 'BAD_CAMERA_URL', field });
      expect(refused.text).toContain(words);
      expect(refused.text).not.toContain(PASSWORD);
    }
    expect(await views()).toEqual([]);
    expect(existsSync(`${server.dataDir}/ip-cameras.json`)).toBe(false);
  });

  describe.runIf(rtspCameraAvailable())('with a real RTSP camera', () => {
    let camera: RtspCamera;
    beforeAll(async () => {
      camera = await startRtspCamera({ user: 'admin', password: PASSWORD, fps: 10 });
    });
    afterAll(() => camera?.stop());

    it('shows the camera live at its sub stream size, and its password nowhere', async () => {
      const put = await call('PUT', '/api/admin/ip-cameras/porch', {
        kind: 'rtsp',
        name: 'Porch',
        url: camera.url('sub'),
        recordUrl: camera.url('main'),
        fps: 10,
      });
      expect(put.status).toBe(200);
      expect(put.text).not.toContain(PASSWORD);
      const viewer = connectViewer(server.url, { cameraIds: ['porch'] });
      try {
        await waitFor(() => viewer.frames.some((f) => f.cameraId === 'porch'), 'a frame of the IP camera', 30_000);
        const frame = viewer.frames.find((f) => f.cameraId === 'porch')!;
        expect([frame.width, frame.height]).toEqual([640, 360]);
      } finally {
        viewer.close();
      }
      const [view] = await views();
      expect(view).toMatchObject({ id: 'porch', state: 'running', url: `rtsp://admin:***@127.0.0.1:${camera.port}/sub` });
      for (const route of ['/api/admin/ip-cameras', '/api/cameras', '/metrics']) expect((await call('GET', route)).text, route).not.toContain(PASSWORD);
      expect(readFileSync(`${server.dataDir}/ip-cameras.json`, 'utf8')).toContain(encodeURIComponent(PASSWORD));
      // Recorded from the main stream by copy: no encoder on the relay, the segment 1280×720 H.264.
      const recorded = await waitFor(
        async () => {
          const res = await fetch(`${server.url}/api/cameras/porch/recordings?from=${Date.now() - 120_000}&to=${Date.now() + 60_000}`, {
            headers: server.adminAuth,
          });
          const body = (await res.json()) as {
            segments: Array<{ format: string; width?: number; height?: number }>;
            recording: { source?: { encoders: number; copies: number } };
          };
          return (body.recording.source?.copies ?? 0) >= 1 && body.segments.length > 0 ? body : null;
        },
        'a segment recorded by copy',
        30_000,
        250,
      );
      expect(recorded.recording.source).toMatchObject({ encoders: 0 });
      expect(recorded.segments.map((s) => s.format)).toEqual(['h264']);
    }, 60_000);

    it('shows a wrong password as CAMERA_AUTH on the camera, and stops the process when removed', async () => {
      const wrong = camera.url('sub', { user: 'admin', password: 'not-it' });
      expect((await call('PUT', '/api/admin/ip-cameras/gate', { kind: 'rtsp', url: wrong })).status).toBe(200);
      await waitFor(
        async () => {
          const cams = JSON.parse((await call('GET', '/api/cameras')).text) as Array<{ id: string; source?: { error?: string } }>;
          return cams.find((c) => c.id === 'gate')?.source?.error === 'CAMERA_AUTH';
        },
        'the camera to say CAMERA_AUTH',
        30_000,
        200,
      );
      expect((await call('DELETE', '/api/admin/ip-cameras/gate')).status).toBe(200);
      expect((await views()).map((v) => v.id)).toEqual(['porch']);
    }, 60_000);

    const status = async (id: string) =>
      (JSON.parse((await call('GET', '/api/cameras')).text) as Array<{ id: string; status: string }>).find((c) => c.id === id)?.status ?? 'unknown';
    const putLive = async (id: string) => {
      expect((await call('PUT', `/api/admin/ip-cameras/${id}`, { kind: 'rtsp', url: camera.url('sub'), fps: 10 })).status).toBe(200);
      await waitFor(async () => (await status(id)) === 'live', `${id} live`, 30_000, 200);
    };
    /** The one process the relay should hold for `id` runs its saved settings (not an older save's). */
    const expectOneProcessAsSaved = async (id: string) => {
      const saved = (await views()).find((v) => v.id === id)!;
      const procs = captureProcesses(process.pid, id);
      expect(procs.map((p) => p.pid)).toHaveLength(1);
      expect(procs[0]!.args).toContain(`--fps=${String(saved.fps)}`);
    };
    const headers = () => ({ cookie, ...sameOrigin(server) });

    it('leaves no process of a camera saved twice and removed at once, and it stays offline', async () => {
      await putLive('yard');
      const before = captureProcesses(process.pid, 'yard').flatMap((p) => [p.pid, ...descendants(p.pid).map((d) => d.pid)]);
      expect(before.length).toBeGreaterThanOrEqual(2); // the capture program and its ffmpeg
      const answers = await fireAtOnce(server.url, headers(), [
        { method: 'PUT', path: '/api/admin/ip-cameras/yard', body: { kind: 'rtsp', url: camera.url('sub'), fps: 5 } },
        { method: 'PUT', path: '/api/admin/ip-cameras/yard', body: { kind: 'rtsp', url: camera.url('sub'), fps: 8 } },
        { method: 'DELETE', path: '/api/admin/ip-cameras/yard' },
      ]);
      expect(answers).toEqual([200, 200, 200]);
      // The DELETE has no body to read and may be handled first; whatever the order, the saved list and the processes agree.
      if ((await views()).some((v) => v.id === 'yard')) {
        await expectOneProcessAsSaved('yard');
        expect((await call('DELETE', '/api/admin/ip-cameras/yard')).status).toBe(200);
      }
      expect(captureProcesses(process.pid, 'yard')).toEqual([]);
      await waitFor(() => before.every((pid) => !alive(pid)), 'the first process and its ffmpeg gone', 10_000, 50);
      await waitFor(async () => (await status('yard')) !== 'live', 'yard no longer live', 15_000, 100);
      // A process left over would be connecting meanwhile: by the time another camera starts and goes live, it would show.
      await putLive('shed');
      expect(captureProcesses(process.pid, 'yard')).toEqual([]);
      expect(await status('yard')).not.toBe('live');
      expect((await call('DELETE', '/api/admin/ip-cameras/shed')).status).toBe(200);
    }, 90_000);

    it('keeps one process, of the last save, for a camera saved twice at once', async () => {
      await putLive('lane');
      const answers = await fireAtOnce(server.url, headers(), [
        { method: 'PUT', path: '/api/admin/ip-cameras/lane', body: { kind: 'rtsp', url: camera.url('sub'), fps: 5 } },
        { method: 'PUT', path: '/api/admin/ip-cameras/lane', body: { kind: 'rtsp', url: camera.url('sub'), fps: 8 } },
      ]);
      expect(answers).toEqual([200, 200]);
      await expectOneProcessAsSaved('lane');
      await waitFor(async () => (await status('lane')) === 'live', 'lane live again', 30_000, 200);
      await expectOneProcessAsSaved('lane');
      expect((await call('DELETE', '/api/admin/ip-cameras/lane')).status).toBe(200);
      expect(captureProcesses(process.pid, 'lane')).toEqual([]);
    }, 90_000);
  });
});
