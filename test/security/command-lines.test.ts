/**
 * No camera password on any process's command line (#37 item 3): `ps` on Linux and Task Manager's
 * command-line column on Windows show every process's arguments to every local user. While a
 * password-protected GStreamer camera streams, the capture program (live by --url and recording by copy
 * by --record-url, over TCP and over UDP) and a relay-run IP camera run their ffmpegs, and every
 * descendant of this test's process is read from /proc/<pid>/cmdline: none holds the password.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { startCaptureProgram, type CaptureProgram } from '../helpers/capture-program.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';
import { login, sameOrigin } from './helpers/session.js';

const USER = 'admin';
// Characters a URL percent-encodes, so both of its forms are looked for.
const PASSWORD = 'p@ss:w0rd s3cret';
const FORMS = [PASSWORD, encodeURIComponent(PASSWORD), 's3cret'];

/** Every process under `root`, with its arguments as the process list shows them. */
function descendants(root: number): Array<{ pid: number; args: string[] }> {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone between the listing and the read.
    }
  }
  const under = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  const out: Array<{ pid: number; args: string[] }> = [];
  for (const pid of parent.keys()) {
    if (!under(pid)) continue;
    try {
      out.push({ pid, args: readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean) });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

describe.runIf(process.platform === 'linux' && rtspCameraAvailable())('Command lines while password-protected IP cameras stream', () => {
  let camera: RtspCamera;
  let server: TestServer;
  let viewer: TestViewer;
  const programs: CaptureProgram[] = [];

  beforeAll(async () => {
    camera = await startRtspCamera({ user: USER, password: PASSWORD, fps: 10 });
    const continuous = { mode: 'continuous' as const, fps: 10 };
    server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, segmentSeconds: 60, cameras: { porch: continuous, yard: continuous } } });
    viewer = connectViewer(server.url, { cameraIds: ['porch', 'gate', 'yard'] });
  });
  afterAll(async () => {
    viewer?.close();
    await Promise.all(programs.map((p) => p.kill()));
    if (server) await stopTestServer(server);
    await camera?.stop();
  });

  it('shows no password in any ffmpeg, capture program or relay-run camera, and the cameras stream', async () => {
    const base = ['--server', server.url, '--token', server.captureToken, '--source', 'rtsp', '--fps', '10'];
    // The documented way: the URLs in the environment, so the capture program's own line is clean too.
    programs.push(
      startCaptureProgram([...base, '--camera', 'porch'], { CAMRELAY_CAMERA_URL: camera.url('sub'), CAMRELAY_RECORD_URL: camera.url('main') }),
      startCaptureProgram([...base, '--camera', 'gate', '--rtsp-transport', 'udp'], { CAMRELAY_CAMERA_URL: camera.url('sub') }),
    );
    const cookie = await login(server);
    const put = await fetch(`${server.url}/api/admin/ip-cameras/yard`, {
      method: 'PUT',
      headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'rtsp', url: camera.url('sub'), recordUrl: camera.url('main'), fps: 10 }),
    });
    expect(put.status).toBe(200);

    // Live by --url for all three, and by copy from --record-url for the two that record: five ffmpegs at once.
    const ffmpegs = () => descendants(process.pid).filter((p) => /ffmpeg/.test(p.args[0] ?? '') && p.args.includes('-rtsp_transport'));
    const all = await waitFor(
      () => {
        const found = ffmpegs();
        return found.length >= 5 ? found : null;
      },
      'five ffmpegs reading the camera',
      60_000,
      250,
    ).catch((err: Error) => {
      const running = descendants(process.pid).map((p) => p.args.slice(0, 4).join(' '));
      const said = programs.map((p) => `exit ${p.child.exitCode}: ${p.output().slice(-400)}`).join(' | ');
      const cam = camera.running() ? 'running' : `not running: ${camera.output().slice(-600)}`;
      throw new Error(`${err.message}; camera ${cam}; processes: ${JSON.stringify(running)}; frames: ${viewer.frames.length}; said: ${said}`);
    });
    expect(all.filter((p) => p.args.includes('-rtsp_transport') && p.args[p.args.indexOf('-rtsp_transport') + 1] === 'udp')).toHaveLength(1);
    for (const p of all) expect(p.args[p.args.indexOf('-i') + 1]).toMatch(/^rtsp:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/(sub|main)$/);

    // The GStreamer camera itself is given its password on its command line (a test fixture, not camrelay).
    const lines = descendants(process.pid).filter((p) => !p.args.some((a) => a.endsWith('rtsp-camera.py')));
    expect(lines.length).toBeGreaterThanOrEqual(5 + 2);
    for (const { pid, args } of lines) {
      const line = args.join(' ');
      for (const form of FORMS) expect(line, `pid ${pid}: ${line}`).not.toContain(form);
      expect(line, `pid ${pid}`).not.toMatch(/\/\/[^/\s]*:[^/\s]*@/);
    }
    // And the pictures come through the hops: ten frames of each camera at the relay's viewer.
    const count = (id: string) => viewer.frames.filter((f) => f.cameraId === id).length;
    await waitFor(() => ['porch', 'gate', 'yard'].every((id) => count(id) >= 10), 'ten frames of each camera', 60_000, 250);
  }, 180_000);
});
