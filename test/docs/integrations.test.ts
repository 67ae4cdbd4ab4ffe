/**
 * docs/integrations.md, run as printed: its shell commands with the ffmpeg camrelay ships, its
 * Prometheus scrape parsed as Prometheus would. Only the relay's address, the account and the
 * metrics token are replaced. Its Home Assistant camera is docs/home-assistant.md's (home-assistant.test.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import parsePrometheus from 'parse-prometheus-text-format';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegUrlInput, resolveUrl } from '../../common/resolve-url.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { resolveFfmpegPath } from '../../capture-client/sources/ffmpeg-binary.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const doc = readFileSync(new URL('../../docs/integrations.md', import.meta.url), 'utf8');
/** The fenced blocks of a language, in order. */
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
const ACCOUNT = { username: 'ha-viewer', password: 'ha-viewer-password-1' };
const METRICS_TOKEN = 'a-long-random-metrics-token-for-the-test';

/** A YAML block's `key: value` lines (these blocks are flat enough for that). */
function yamlValues(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/^[ \t]*-?[ \t]*([a-z_]+):[ \t]*(.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** Runs one command line in a shell, ffmpeg on the PATH; resolves with its exit code (or signal) and output. */
function sh(line: string, cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  const env = { ...process.env, PATH: `${path.dirname(resolveFfmpegPath())}${path.delimiter}${process.env.PATH}` };
  const child = spawn(line, { cwd, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
}

/** The shipped ffmpeg the doc names: the static Linux build that cannot look up host names. */
const LINUX_SHIPPED = process.platform === 'linux' && process.arch === 'x64';

describe('docs/integrations.md, as printed', () => {
  let server: TestServer;
  let camera: TestCamera;
  let dir: string;
  let host: string;
  const fill = (text: string) => text.replaceAll('user:password@', `${ACCOUNT.username}:${ACCOUNT.password}@`).replaceAll('relay:3000', host);

  beforeAll(async () => {
    server = await startTestServer({ metricsToken: METRICS_TOKEN });
    host = `127.0.0.1:${server.port}`;
    server.store.putUser({ username: ACCOUNT.username, role: 'viewer', cameras: ['front-door'], password: await hashPassword(ACCOUNT.password) });
    camera = await startCamera(server.url, server.captureToken, 'front-door', { fps: 10, frames: [await makeJpeg(320, 240, 1), await makeJpeg(320, 240, 2)] });
    await waitFor(() => server.relay.latestFrame('front-door'), 'a first frame');
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-recipes-'));
  });
  afterAll(async () => {
    camera?.stop();
    await stopTestServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves a snapshot and records 10 s that last 10 s, with ffmpeg', async () => {
    const [block] = blocks('sh');
    const lines = block!.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const run = await sh(fill(line), dir);
      expect(run.code, run.out).toBe(0);
    }
    const snapshot = await sharp(path.join(dir, 'front-door.jpg')).metadata();
    expect([snapshot.format, snapshot.width, snapshot.height]).toEqual(['jpeg', 320, 240]);
    // ffmpeg -i on the recording: its own word on how long it lasts.
    const probe = await sh(`"${resolveFfmpegPath()}" -hide_banner -i front-door.mkv`, dir);
    const [, h, m, sec] = /Duration: (\d+):(\d+):([\d.]+)/.exec(probe.out) ?? [];
    const seconds = Number(h) * 3600 + Number(m) * 60 + Number(sec);
    console.log(`[docs] the 10 s recording lasts ${seconds} s`);
    expect(Math.abs(seconds - 10) / 10).toBeLessThan(0.05);
  }, 40_000);

  it.runIf(LINUX_SHIPPED)("saves a snapshot with the ffmpeg camrelay installs on Linux, given the relay's IP address, as printed", async () => {
    const line = blocks('sh')[1]!.trim();
    expect(line.split('\n')).toHaveLength(1);
    // "From the camrelay folder": a folder of its own whose node_modules is the project's.
    const folder = mkdtempSync(path.join(tmpdir(), 'camrelay-folder-'));
    symlinkSync(path.resolve('node_modules'), path.join(folder, 'node_modules'));
    try {
      const run = await sh(fill(line.replace('192.168.1.10:3000', 'relay:3000')), folder);
      expect(run.code, run.out).toBe(0);
      expect((await sharp(path.join(folder, 'front-door.jpg')).metadata()).width).toBe(320);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it.runIf(LINUX_SHIPPED)('finds that ffmpeg crashing on a host name, as the doc says, and fetching by name once camrelay looked the name up', async () => {
    const url = `http://${ACCOUNT.username}:${ACCOUNT.password}@localhost:${server.port}/api/cameras/front-door/snapshot.jpg`;
    const crash = await sh(`"${resolveFfmpegPath()}" -hide_banner -loglevel error -i ${url} -frames:v 1 -y by-name.jpg`, dir);
    // The shell reports the segfault as 139, or (when it execs the last command) the signal itself.
    expect(crash.code === 139 || crash.signal === 'SIGSEGV', `exit ${crash.code} ${crash.signal}: ${crash.out}`).toBe(true);

    const resolved = await resolveUrl(url);
    if (!resolved.ok) throw resolved.error;
    expect(resolved.value.host).toBe(`localhost:${server.port}`);
    const args = ffmpegUrlInput(resolved.value).map((a) => `'${a}'`);
    const run = await sh(`"${resolveFfmpegPath()}" -hide_banner -loglevel error ${args.join(' ')} -frames:v 1 -y by-name.jpg`, dir);
    expect(run.code, run.out).toBe(0);
    expect((await sharp(path.join(dir, 'by-name.jpg')).metadata()).width).toBe(320);
  });

  it('lets Prometheus scrape the metrics with the token, as its config says', async () => {
    const prom = blocks('yaml').find((b) => b.includes('scrape_configs'))!;
    const target = /targets: \['([^']+)'\]/.exec(prom)![1]!;
    const values = yamlValues(prom);
    expect(values.type).toBe('Bearer');
    const res = await fetch(`http://${fill(target)}/metrics`, {
      headers: { authorization: `Bearer ${values.credentials!.replace('metrics-token', METRICS_TOKEN)}` },
    });
    expect(res.status).toBe(200);
    const families = parsePrometheus(await res.text());
    expect((families as Array<{ name: string }>).map((f) => f.name)).toContain('camrelay_frames_in_total');
    expect((await fetch(`http://${fill(target)}/metrics`)).status).toBe(401);
  });
});
