/**
 * docs/recording.md's motion detection and events sections, checked as printed: the numbers it
 * gives are the code's, its config block loads, its event record is what the API gives, its curl
 * commands run against a relay with an event, and its benchmark command runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/load-config.js';
import { THUMBNAIL_WIDTH } from '../../server/events/event-log.js';
import { GRID_WIDTH } from '../../server/recording/motion/grey-picture.js';
import { LIGHTING_PERCENT, QUIET_MS } from '../../server/recording/motion/motion-detector.js';
import { MOTION_DEFAULTS, RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { dayOf, daysAgo } from '../helpers/days-ago.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { sceneJpeg } from '../server/recording/motion/scene.js';

const doc = readFileSync(new URL('../../docs/recording.md', import.meta.url), 'utf8');
const section = (title: string) => doc.split(/^## /m).find((s) => s.startsWith(title))!;
const motion = section('Motion detection');
const events = section('Events');
const fenced = (text: string, lang: string) => [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
// The printed event starts at 1795428000000 (2026-11-23 10:00 UTC); this one a day ago at 10:00 UTC, which the
// relay's 7-day retention never forgets, and the printed moments and day are moved to it.
const PRINTED_START = 1795428000000;
const START = daysAgo(1);
const DAY = dayOf(START);
const redated = (text: string) => text.replace(/\b1795428\d{6}\b/g, (ms) => String(Number(ms) - PRINTED_START + START)).replaceAll(dayOf(PRINTED_START), DAY);

function sh(line: string, cwd: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(line, { cwd, shell: true, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('docs/recording.md motion detection and events, as printed', () => {
  let server: TestServer;
  let dir: string;
  let snapshot: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-motiondoc-'));
    server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, cameras: { 'front-door': { mode: 'continuous' } } } });
    snapshot = await sceneJpeg({ square: { x: 100, y: 100 } });
    server.recording.events.signal('front-door', { type: 'start', at: START }, { at: START + 3200, score: 7.5, jpeg: snapshot });
    server.recording.events.signal('front-door', { type: 'end', at: START + 12_400 });
    await server.recording.events.idle();
  });
  afterAll(async () => {
    await stopTestServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the numbers the detector uses', () => {
    expect(motion).toContain(`greyscale picture ${GRID_WIDTH} pixels wide`);
    expect(motion).toContain(`A score of ${LIGHTING_PERCENT}% or more is taken for the light`);
    expect(motion).toContain(`no detection has reached it for ${QUIET_MS / 1000} s`);
    expect(motion).toContain(`the default ${MOTION_DEFAULTS.fps} detections a second`);
    expect(events).toContain(`${THUMBNAIL_WIDTH} px **thumbnail**`);
  });

  it('its config block loads as described', () => {
    const file = path.join(dir, 'motion.json');
    writeFileSync(file, fenced(motion, 'json')[0]!);
    expect(loadConfig(['--config', file], {}).config.recording.cameras).toEqual({
      yard: { mode: 'continuous', motion: { fps: 2, threshold: 30, minAreaPercent: 0.5, masks: [{ x: 0.7, y: 0, w: 0.3, h: 0.25 }] } },
    });
  });

  it('shows an event as the API gives it, and its curl commands list the day’s events and download the snapshot', async () => {
    const printed = JSON.parse(redated(fenced(events, '')[0]!)) as unknown;
    const http = section('HTTP');
    const [listLine, snapshotLine] = fenced(http, 'sh')[1]!.trim().split('\n');
    const fill = (line: string) =>
      redated(line).replaceAll('admin:password', `${TEST_ADMIN.username}:${TEST_ADMIN.password}`).replaceAll('relay:3000', `127.0.0.1:${server.port}`);
    const listed = await sh(fill(listLine!), dir);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toEqual({ from: Date.parse(DAY), to: Date.parse(DAY) + 86_400_000, events: [printed] });
    expect((await sh(fill(snapshotLine!), dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, 'snapshot.jpg')).equals(snapshot)).toBe(true);
    const thumbnail = await fetch(`${server.url}/api/cameras/front-door/events/${START}/thumbnail.jpg`, { headers: server.adminAuth });
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).width).toBe(THUMBNAIL_WIDTH);
  });

  it('measures a detection’s cost with the command it gives', async () => {
    const command = /What a detection costs, measured with `(npx tsx bench\/motion-cost\.ts)`/.exec(motion)?.[1];
    expect(command).toBe('npx tsx bench/motion-cost.ts');
    const run = await sh(command!, fileURLToPath(new URL('../..', import.meta.url)));
    expect(run.code).toBe(0);
    const { summary } = JSON.parse(run.out) as { summary: Array<{ resolution: string; cpuMsPerDetection: number; cpuMsPerCameraFrame: number }> };
    expect(summary.map((r) => r.resolution)).toEqual(['1280x720', '1920x1080', '320x180 (camera-side rung of 1280x720)']);
    for (const r of summary) expect(r.cpuMsPerCameraFrame).toBeCloseTo((r.cpuMsPerDetection * MOTION_DEFAULTS.fps) / 15, 1);
    // The table gives these rows.
    for (const resolution of ['1280×720', '1920×1080', "320×180 \\(the camera side's rung of a 1280×720 camera, #28\\)"])
      expect(motion).toMatch(new RegExp(`^\\| ${resolution} \\| [\\d.]+ ms \\| [\\d.]+ ms \\| [\\d.]+ \\|$`, 'm'));
  }, 120_000);

  it('names metrics the relay exports', async () => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
    for (const [, name] of doc.matchAll(/^\| `(camrelay_(?:motion|webhook)_[a-z_]+)/gm)) expect(text, name).toContain(name);
  });
});
