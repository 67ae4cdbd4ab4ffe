/**
 * docs/streams.md as printed: each shell line runs for real (curl, and the ffmpeg the package ships on
 * the PATH) against a relay with an H.264 camera `front`, with only the relay's address, the admin's
 * password and the token swapped for the test's own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recorderFfmpeg } from '../../server/recording/ffmpeg-path.js';
import { startH264Camera, type H264Camera } from '../helpers/h264-camera.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs', 'streams.md'), 'utf8');
// The RTSP lines are run by streams-rtsp.test.ts, against a relay with its RTSP port open.
const printed = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n').filter((l) => l.trim() !== '' && !l.includes('rtsp://')));

/** Runs one printed line through the shell in `cwd`, with the package's ffmpeg first on the PATH. */
function run(line: string, cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const PATH = `${path.dirname(recorderFfmpeg())}${path.delimiter}${process.env.PATH ?? ''}`;
    const child = spawn(line, { cwd, shell: true, env: { ...process.env, PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

let server: TestServer;
let camera: H264Camera;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  camera = await startH264Camera(server.url, server.captureToken, 'front', 15, 320, 180);
  await waitFor(async () => {
    const list = (await (await fetch(`${server.url}/api/cameras`, { headers: server.adminAuth })).json()) as Array<{ id: string; h264?: boolean }>;
    return list.some((c) => c.id === 'front' && c.h264);
  }, 'the camera listed with H.264');
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-streams-doc-'));
}, 60_000);

afterAll(async () => {
  camera?.stop();
  await stopTestServer(server);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('docs/streams.md, as printed', () => {
  it('prints five commands: sign in, make a token, read 30 frames, keep ten seconds, read 30 frames of HLS', () => {
    expect(printed).toHaveLength(5);
    expect(printed[0]).toContain('/api/login');
    expect(printed[1]).toContain('/api/cameras/front/stream-tokens');
    expect(printed[2]).toMatch(/^ffmpeg .*stream\.mp4\?token=TOKEN.*-frames:v 30/);
    expect(printed[3]).toMatch(/^ffmpeg .*frigate:TOKEN@.*-c copy -t 10 front\.mp4$/);
    expect(printed[4]).toMatch(/^ffmpeg .*stream\.m3u8\?token=TOKEN.*-frames:v 30/);
  });

  it('runs each command as printed: the token made by the second reads the stream in all three ways', async () => {
    const address = `127.0.0.1:${server.port}`;
    const swap = (line: string, token = '') =>
      line.replaceAll('192.168.1.10:3000', address).replaceAll('PASSWORD', TEST_ADMIN.password).replaceAll('TOKEN', token);
    const signIn = await run(swap(printed[0]!), dir);
    expect(signIn.code, signIn.out).toBe(0);
    expect(JSON.parse(signIn.out)).toMatchObject({ ok: true });
    const made = await run(swap(printed[1]!), dir);
    expect(made.code, made.out).toBe(0);
    const { secret, rtspPort } = JSON.parse(made.out) as { secret: string; rtspPort: unknown };
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // This relay runs without RTSP: the answer says so.
    expect(rtspPort).toBeNull();

    const decode = await run(swap(printed[2]!, secret), dir);
    expect(decode.code, decode.out).toBe(0);
    expect(decode.out).toMatch(/Video: h264 .*320x180/);
    expect(decode.out).toMatch(/frame=\s*30\b/);

    const keep = await run(swap(printed[3]!, secret), dir);
    expect(keep.code, keep.out).toBe(0);
    expect(statSync(path.join(dir, 'front.mp4')).size).toBeGreaterThan(10_000);

    const hls = await run(swap(printed[4]!, secret), dir);
    expect(hls.code, hls.out).toBe(0);
    expect(hls.out).toMatch(/Input #0, hls,/);
    expect(hls.out).toMatch(/Video: h264 .*320x180/);
    expect(hls.out).toMatch(/frame=\s*30\b/);
  }, 180_000);
});
