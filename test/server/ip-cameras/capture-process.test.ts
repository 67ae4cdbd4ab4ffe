/**
 * An IP camera's capture process as the relay starts it (#37 items 4 and 7): a relay run from a
 * config file with its admin password in its environment hands its children neither, so the camera
 * goes live (the child used to read CAMRELAY_CONFIG as its own and stop at once), and a name that
 * starts with '-' is never read as a flag.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from '../../../server/ip-cameras/capture-process.js';
import { captureProcesses, environOf } from '../../helpers/capture-children.js';
import { freePort, startServerProcess, type Program } from '../../helpers/processes.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

const CAPTURE_TOKEN = 'relay-capture-token-7f3a9c';
const OWN = { CAMRELAY_TOKEN: 't', CAMRELAY_CAMERA_URL: 'rtsp://h/x' };

describe('CaptureProcess', () => {
  describe('childEnv', () => {
    it('passes what a process needs to start, and none of the relay settings', () => {
      const env = childEnv(
        {
          PATH: '/usr/bin',
          HOME: '/home/relay',
          CAMRELAY_ADMIN_PASSWORD: 'p',
          CAMRELAY_CAPTURE_TOKEN: 'c',
          CAMRELAY_CONFIG: '/etc/camrelay.json',
          CAMRELAY_CAMERA: 'other',
          CAMRELAY_RECORD_URL: 'rtsp://h/stale',
          AWS_SECRET_ACCESS_KEY: 's',
        },
        OWN,
      );
      expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/relay', ...OWN });
    });

    it("keeps Windows' names as Windows spells them", () => {
      const env = childEnv({ Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', TEMP: 'C:\\Temp', USERPROFILE: 'C:\\Users\\a', ComSpec: 'cmd.exe' }, OWN);
      expect(env).toEqual({ Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', TEMP: 'C:\\Temp', USERPROFILE: 'C:\\Users\\a', ComSpec: 'cmd.exe', ...OWN });
    });
  });

  describe.runIf(rtspCameraAvailable())('run by a relay started from a config file', () => {
    let camera: RtspCamera;
    let relay: Program;
    let url: string;
    let cookie: string;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'camrelay-ipcam-env-'));
      const config = path.join(dir, 'camrelay.json');
      writeFileSync(config, JSON.stringify({ logLevel: 'warn' }));
      camera = await startRtspCamera({ fps: 10 });
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      relay = await startServerProcess(port, path.join(dir, 'data'), {
        CAMRELAY_CONFIG: config,
        CAMRELAY_CAPTURE_TOKEN: CAPTURE_TOKEN,
        CAMRELAY_UNRELATED_SECRET: 'unrelated-secret',
      });
      cookie = await login({ url } as TestServer, TEST_ADMIN);
    }, 60_000);
    afterAll(async () => {
      await relay?.kill('SIGTERM');
      await camera?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const put = async (id: string, body: unknown) =>
      (
        await fetch(`${url}/api/admin/ip-cameras/${id}`, {
          method: 'PUT',
          headers: { cookie, ...sameOrigin({ url } as TestServer), 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status;
    const listed = async (id: string) => {
      const res = await fetch(`${url}/api/cameras`, { headers: { cookie } });
      return ((await res.json()) as Array<{ id: string; name: string; status: string }>).find((c) => c.id === id);
    };

    it('gives the process only its own camera settings, and the camera goes live', async () => {
      expect(await put('porch', { kind: 'rtsp', name: 'Porch', url: camera.url('sub'), fps: 10 })).toBe(200);
      const live = await waitFor(
        async () => ((await listed('porch'))?.status === 'live' ? true : null),
        `the camera live (relay said: ${relay.output().slice(-300)})`,
        30_000,
        200,
      );
      expect(live).toBe(true);
      const [child] = captureProcesses(relay.child.pid!, 'porch');
      const env = environOf(child!.pid)!;
      expect(env.get('CAMRELAY_TOKEN')).toBe(CAPTURE_TOKEN);
      expect(env.get('CAMRELAY_CAMERA_URL')).toBe(camera.url('sub'));
      expect([...env.keys()].filter((name) => name.startsWith('CAMRELAY_')).sort()).toEqual(['CAMRELAY_CAMERA_URL', 'CAMRELAY_TOKEN']);
      expect([...env.values()]).not.toContain(TEST_ADMIN.password);
    }, 60_000);

    it('starts a camera whose name starts with a dash', async () => {
      const name = '-Porch (side door)';
      expect(await put('side', { kind: 'rtsp', name, url: camera.url('sub'), fps: 10 })).toBe(200);
      const seen = await waitFor(
        async () => {
          const c = await listed('side');
          return c?.status === 'live' ? c : null;
        },
        'the camera named with a dash live',
        30_000,
        200,
      );
      expect(seen.name).toBe(name);
    }, 60_000);
  });
});
