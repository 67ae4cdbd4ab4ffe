/**
 * Talk back's delay (#40's target: pressing Talk to sound at the camera ≤ 500 ms p50): Chromium's fake microphone
 * playing a voice-like tone, an admin's page holding Talk in the single view, the real relay and capture program,
 * and GStreamer's ONVIF camera, whose back channel prints when it first hears sound ("HEARD <unix ms>"). Each run
 * times the press to that line, and to the page's "Talking"; the first run also asks for the microphone. Same
 * machine, same clock. Prints JSON.
 * Run: npx tsx bench/talk-latency.ts [--runs 7]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { Backchannel } from '../capture-client/talk/backchannel.js';
import { recorderFfmpeg } from '../server/recording/ffmpeg-path.js';
import { ensureDashboardBuilt } from '../server/http/dashboard.js';
import { CHROMIUM_FLAGS, FAKE_CAMERA_FLAGS, chromiumPath } from '../dashboard/tools/shots/chromium.js';
import { openMonitor } from '../test/helpers/monitor-page.js';
import { startTalkRig } from '../test/helpers/talk-rig.js';
import { waitFor } from '../test/helpers/wait.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const wav = path.join(mkdtempSync(path.join(tmpdir(), 'talk-bench-')), 'tone.wav');
// A voice-like tone (its pitch wavering 3 times a second): the page's noise suppression takes a steady tone for noise.
const voice = 'aevalsrc=0.5*sin(2*PI*(350*t+40*sin(2*PI*3*t))):s=48000:d=30';
spawnSync(recorderFfmpeg(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', voice, '-ac', '1', wav]);

await ensureDashboardBuilt({ info: () => {} });
const browser = await chromium.launch({
  executablePath: chromiumPath()!,
  args: [...CHROMIUM_FLAGS, ...FAKE_CAMERA_FLAGS, `--use-file-for-fake-audio-capture=${wav}`],
  headless: true,
});
const { camera, server, stop } = await startTalkRig();
const admin = await openMonitor(browser, server.url);
const page = admin.page;
await page.evaluate(() => (location.hash = '#/camera/door'));
const button = page.locator('[data-testid="talk-button"]');
await button.waitFor({ state: 'visible', timeout: 20_000 });

const heard = () => [...camera.output().matchAll(/^HEARD (\d+) /gm)].map((m) => Number(m[1]));
/** The page's talk-* marks (talk-button.ts, microphone.ts) of this press, as unix ms; cleared for the next. */
const marks = () =>
  page.evaluate(() => {
    const all = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('talk-'));
    performance.clearMarks();
    return Object.fromEntries(all.map((m) => [m.name.slice(5), performance.timeOrigin + m.startTime]));
  });
type Row = { run: number; toTalkingMs: number; toHeardMs: number; phasesMs: Record<string, number> };
const rows: Row[] = [];
for (let run = 1; run <= runs; run++) {
  const before = heard().length;
  await button.hover();
  const pressedAt = Date.now();
  await page.mouse.down();
  await page.waitForSelector('[data-testid="talk-control"][data-state="talking"]', { timeout: 20_000 });
  const talkingAt = Date.now();
  // Said when it fails: how much sound reached the camera at all (TALKBYTES) tells a deaf camera from a silent page.
  // When it fails: whether the page sent (its marks) and whether any sound reached the camera (TALKBYTES growing).
  await waitFor(() => heard().length > before, 'the camera to hear the page', 20_000, 5).catch(async (err: Error) => {
    const lines = camera.output().split('\n').slice(-4).join(' ');
    throw new Error(`${err.message} (run ${run}); the page's marks: ${JSON.stringify(await marks())}; the camera: ${lines}`);
  });
  const heardAt = heard()[before]!;
  // Each phase from the press the page saw (its pointerdown) to the mark; 'heard' from the same press.
  const at = await marks();
  const phasesMs = Object.fromEntries(Object.entries({ ...at, heard: heardAt }).map(([name, t]) => [name, Math.round(t - (at.press ?? pressedAt))]));
  rows.push({ run, toTalkingMs: talkingAt - pressedAt, toHeardMs: heardAt - pressedAt, phasesMs });
  // A press shorter than the button's HOLD_MS is a click, which leaves it talking: this one is a hold.
  await sleep(Math.max(0, pressedAt + 800 - Date.now()));
  await page.mouse.up();
  await page.waitForSelector('[data-testid="talk-control"][data-state="idle"]', { timeout: 10_000 });
  // Quiet for longer than the camera's 300 ms, so the next press is heard as new sound.
  await sleep(1000);
}

// The camera's part of the ack alone: the capture program's RTSP DESCRIBE/SETUP/PLAY of the back channel, from here.
const opensMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const channel = await Backchannel.open(camera.url('talk'));
  opensMs.push(Math.round(performance.now() - t0));
  channel.close();
  await sleep(300);
}

await admin.close();
await browser.close();
await stop();
const later = rows.slice(1);
console.log(
  JSON.stringify(
    {
      runs: rows,
      firstPressMs: rows[0]?.toHeardMs,
      medianPressToHeardMs: later.length ? median(later.map((r) => r.toHeardMs)) : null,
      medianPressToTalkingMs: later.length ? median(later.map((r) => r.toTalkingMs)) : null,
      backchannelOpenMs: opensMs,
      medianPhasesMs: Object.fromEntries(Object.keys(later[0]?.phasesMs ?? {}).map((k) => [k, median(later.map((r) => r.phasesMs[k] ?? NaN))])),
    },
    null,
    2,
  ),
);
