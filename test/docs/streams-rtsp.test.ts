/**
 * docs/streams.md's RTSP commands as printed: each runs for real (the ffmpeg the package ships on the PATH)
 * against a relay with its RTSP port open and an H.264 camera `front`, with only the relay's address and the
 * token swapped for the test's own.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recorderFfmpeg } from '../../server/recording/ffmpeg-path.js';
import { startH264Camera, type H264Camera } from '../helpers/h264-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { login, sameOrigin } from '../security/helpers/session.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs', 'streams.md'), 'utf8');
const printed = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n').filter((l) => l.includes('rtsp://')));

function run(line: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const PATH = `${path.dirname(recorderFfmpeg())}${path.delimiter}${process.env.PATH ?? ''}`;
    const child = spawn(line, { shell: true, env: { ...process.env, PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

let server: TestServer;
let camera: H264Camera;

beforeAll(async () => {
  server = await startTestServer({ rtspPort: 0 });
  camera = await startH264Camera(server.url, server.captureToken, 'front', 15, 320, 180);
  await waitFor(async () => {
    const list = (await (await fetch(`${server.url}/api/cameras`, { headers: server.adminAuth })).json()) as Array<{ id: string; h264?: boolean }>;
    return list.some((c) => c.id === 'front' && c.h264);
  }, 'the camera listed with H.264');
}, 60_000);

afterAll(async () => {
  camera?.stop();
  await stopTestServer(server);
});

describe('docs/streams.md, RTSP, as printed', () => {
  it('prints two ffmpeg commands: over TCP with ?token=, and with its default transport and Basic', () => {
    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/^ffmpeg .*-rtsp_transport tcp -i "rtsp:\/\/192\.168\.1\.10:8554\/front\?token=TOKEN" -frames:v 30/);
    expect(printed[1]).toMatch(/^ffmpeg -hide_banner -i "rtsp:\/\/frigate:TOKEN@192\.168\.1\.10:8554\/front" -frames:v 30/);
  });

  it('runs each as printed: 30 frames of H.264 at the camera size', async () => {
    const cookie = await login(server);
    const res = await fetch(`${server.url}/api/cameras/front/stream-tokens`, {
      method: 'POST',
      headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'frigate' }),
    });
    const { secret, rtspPort } = (await res.json()) as { secret: string; rtspPort: unknown };
    // The answer names the port RTSP listens on, as the docs say (the Admin builds its rtsp:// URL from it).
    expect(rtspPort).toBe(server.provided.need('streams').rtspPort);
    const address = `127.0.0.1:${rtspPort}`;
    for (const line of printed) {
      const got = await run(line.replaceAll('192.168.1.10:8554', address).replaceAll('TOKEN', secret));
      expect(got.code, got.out).toBe(0);
      expect(got.out).toMatch(/Input #0, rtsp,/);
      expect(got.out).toMatch(/Video: h264 .*320x180/);
      expect(got.out).toMatch(/frame=\s*30\b/);
    }
  }, 120_000);
});
