/**
 * docs/recording.md, checked as printed: its config block loads, its error line is the relay's,
 * its curl commands run against a relay recording with that config, and its metric names exist.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/load-config.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { packetTimes, seqJpeg } from '../server/recording/media.js';

const doc = readFileSync(new URL('../../docs/recording.md', import.meta.url), 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
const printedConfig = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-recdoc-'));
  const file = path.join(dir, 'camrelay.json');
  writeFileSync(file, blocks('json')[0]!);
  return { dir, file };
};

/** Runs one command line in a shell; its standard output apart from curl's progress meter. */
function sh(line: string, cwd: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(line, { cwd, shell: true, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('docs/recording.md, as printed', () => {
  let server: TestServer;
  let dir: string;
  let start: number;

  beforeAll(async () => {
    const printed = printedConfig();
    dir = printed.dir;
    const { config } = loadConfig(['--config', printed.file], {});
    server = await startTestServer({ recording: config.recording, offlineAfterMs: 1000 });
    for (let seq = 1; seq <= 30; seq++) {
      const headers = {
        authorization: `Bearer ${server.captureToken}`,
        'content-type': 'image/jpeg',
        'x-frame-seq': String(seq),
        'x-captured-at': String(Date.now()),
      };
      await fetch(`${server.url}/api/cameras/front-door/frames`, { method: 'POST', body: (await seqJpeg(seq)) as Uint8Array<ArrayBuffer>, headers });
      await new Promise((r) => setTimeout(r, 100));
    }
    const [segment] = await server.recording.index.all('front-door');
    start = segment!.start;
    await waitFor(async () => (await server.recording.index.all('front-door'))[0]?.state === 'closed', 'the segment closed', 10_000, 100);
  }, 30_000);
  afterAll(async () => {
    await stopTestServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('its config block records front-door continuously and garage on motion, in JPEG', () => {
    const { config } = loadConfig(['--config', printedConfig().file], {});
    expect(config.recording.cameras).toEqual({
      'front-door': { mode: 'continuous' },
      garage: {
        mode: 'motion',
        format: 'jpeg',
        fps: 2,
        preRollSeconds: 5,
        postRollSeconds: 10,
        motion: { threshold: 30, minAreaPercent: 2, masks: [{ x: 0, y: 0, w: 1, h: 0.2 }] },
      },
    });
  });

  it('prints the error line the relay gives for a bad value', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ recording: { cameras: { garage: { format: 'avi' } } } }));
    const printed = /for example\s+`([^`]+)`/.exec(doc)![1]!;
    expect(() => loadConfig(['--config', bad], {})).toThrow(printed);
  });

  it('its curl commands list a day and download a clip', async () => {
    const day = new Date(start).toISOString().slice(0, 10);
    const fill = (line: string) =>
      line
        .replaceAll('admin:password', `${TEST_ADMIN.username}:${TEST_ADMIN.password}`)
        .replaceAll('relay:3000', `127.0.0.1:${server.port}`)
        .replaceAll('2026-11-23', day)
        .replaceAll('1795428000000', String(start + 500))
        .replaceAll('1795428030000', String(start + 2500));
    const [listLine, exportLine] = blocks('sh')[0]!.trim().split('\n');
    const listed = await sh(fill(listLine!), dir);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toMatchObject({ camera: 'front-door', segments: [{ start, format: 'h264' }] });
    const clip = await sh(fill(exportLine!), dir);
    expect(clip.code).toBe(0);
    // A playable MP4 of the frames in the range (how many depends on how fast this machine sent them).
    expect((await packetTimes(path.join(dir, 'clip.mp4'))).length).toBeGreaterThan(0);
  });

  it('measures disk and CPU per format with the command it gives', async () => {
    const command = /Measured with `(npx tsx bench\/recording-cost\.ts)`/.exec(doc)?.[1];
    expect(command).toBe('npx tsx bench/recording-cost.ts');
    const child = spawn(command!, { cwd: new URL('../..', import.meta.url), shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Array<{ format: string; resolution: string; cpuPercentOfCore: number; bytesPerHour: number }>;
    expect(rows.map((r) => `${r.format} ${r.resolution}`)).toEqual(['h264 1280x720', 'jpeg 1280x720', 'h264 copy 1280x720']);
    // The point of H.264: fewer bytes than keeping the JPEGs.
    expect(rows[0]!.bytesPerHour).toBeLessThan(rows[1]!.bytesPerHour);
  }, 120_000);

  it('names metrics the relay exports', async () => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
    for (const [, name] of doc.matchAll(/^\| `(camrelay_recording_[a-z_]+)/gm)) expect(text, name).toContain(`${name}`);
  });
});
