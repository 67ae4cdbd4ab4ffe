/**
 * The token in an HLS URL (the playlist's and each segment's) never reaches the relay's log: a relay
 * process at the most verbose level, read by ffmpeg with a token and refused a wrong one, and its whole
 * output searched for both secrets.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startH264Camera, type H264Camera } from '../../helpers/h264-camera.js';
import { ffmpegRun } from '../../helpers/h264.js';
import { freePort, startServerProcess, type Program } from '../../helpers/processes.js';
import type { TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

let relay: Program;
let camera: H264Camera;
let dataDir: string;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-hls-log-'));
  relay = await startServerProcess(port, dataDir, { CAMRELAY_LOG_LEVEL: 'trace' });
  const token = readFileSync(path.join(dataDir, 'capture-token'), 'utf8').trim();
  camera = await startH264Camera(url, token, 'yard', 15, 320, 180);
}, 60_000);

afterAll(async () => {
  camera?.stop();
  await relay?.kill('SIGTERM');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the HLS routes’ log', () => {
  it('names the reader by its token id, never the token of a URL, given or refused', async () => {
    const server = { url } as TestServer;
    const cookie = await login(server);
    const made = await fetch(`${url}/api/cameras/yard/stream-tokens`, {
      method: 'POST',
      headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
      body: '{}',
    });
    const { secret, token } = (await made.json()) as { secret: string; token: { id: string } };
    const wrong = 'wrongTOKENwrongTOKENwrongTOKEN12';
    expect((await fetch(`${url}/api/cameras/yard/stream.m3u8?token=${wrong}`)).status).toBe(401);
    const run = await ffmpegRun(['-hide_banner', '-i', `${url}/api/cameras/yard/stream.m3u8?token=${secret}`, '-frames:v', '20', '-f', 'null', '-']);
    expect(run.code, run.err).toBe(0);
    await waitFor(() => relay.output().includes('hls packager started'), 'the packager’s start logged');
    const out = relay.output();
    expect(out).toContain(`token:${token.id}`);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(wrong);
  }, 90_000);
});
