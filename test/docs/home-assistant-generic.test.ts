/**
 * docs/home-assistant.md's Generic Camera, as printed (#41 item 5): the still image URL fetched with the account as
 * Home Assistant sends it (Basic), and the stream source opened as Home Assistant's stream component opens it (ffmpeg's
 * libraries, RTSP over TCP), decoding frames of H.264 at the camera's size; only the relay's addresses, the camera
 * and the token are the test's own. A wrong token is refused.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { recorderFfmpeg } from '../../server/recording/ffmpeg-path.js';
import { startH264Camera, type H264Camera } from '../helpers/h264-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { login, sameOrigin } from '../security/helpers/session.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs', 'home-assistant.md'), 'utf8');
const section = doc.split('## The Generic Camera integration')[1] ?? '';
const field = (name: string) => new RegExp(`- \\*\\*${name}\\*\\*: \`([^\`]+)\``).exec(section)?.[1];
const ACCOUNT = { username: 'ha-viewer', password: 'ha-viewer-password-1' };

/** ffmpeg reading the stream as Home Assistant's stream worker does (rtsp_transport tcp), decoding `frames`. */
function readStream(url: string, frames: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(recorderFfmpeg(), ['-hide_banner', '-rtsp_transport', 'tcp', '-i', url, '-frames:v', String(frames), '-f', 'null', '-'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

let server: TestServer;
let camera: H264Camera;

beforeAll(async () => {
  server = await startTestServer({ rtspPort: 0 });
  server.store.putUser({ username: ACCOUNT.username, role: 'viewer', cameras: ['front-door'], password: await hashPassword(ACCOUNT.password) });
  camera = await startH264Camera(server.url, server.captureToken, 'front-door', 15, 320, 180);
  await waitFor(() => server.relay.cameras.get('front-door')?.h264 === true, 'the camera listed with H.264');
}, 60_000);

afterAll(async () => {
  camera?.stop();
  await stopTestServer(server);
});

describe('docs/home-assistant.md, the Generic Camera, as printed', () => {
  it('prints the fields Home Assistant asks for', () => {
    expect(field('Still image URL')).toBe('http://relay:3000/api/cameras/front-door/snapshot.jpg?width=640');
    expect(field('Stream source')).toBe('rtsp://relay:8554/front-door?token=STREAM-TOKEN');
    expect(field('RTSP transport protocol')).toBe('TCP');
    expect(field('Authentication')).toBe('basic');
  });

  it('gives a still image to the account, and a stream of H.264 at the camera’s size to the token; a wrong token is refused', async () => {
    const still = await fetch(field('Still image URL')!.replace('relay:3000', `127.0.0.1:${server.port}`), {
      headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT.username}:${ACCOUNT.password}`).toString('base64')}` },
    });
    expect([still.status, still.headers.get('content-type')]).toEqual([200, 'image/jpeg']);

    const cookie = await login(server);
    const made = await fetch(`${server.url}/api/cameras/front-door/stream-tokens`, {
      method: 'POST',
      headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'home-assistant' }),
    });
    const { secret, rtspPort } = (await made.json()) as { secret: string; rtspPort: number };
    const source = (token: string) => field('Stream source')!.replace('relay:8554', `127.0.0.1:${rtspPort}`).replace('STREAM-TOKEN', token);
    const read = await readStream(source(secret), 15);
    expect(read.code, read.out).toBe(0);
    expect(read.out).toMatch(/Video: h264 .*320x180/);
    expect(read.out).toMatch(/frame=\s*15\b/);

    const wrong = await readStream(source('not-the-token'), 1);
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toMatch(/401 Unauthorized/);
  });
});
