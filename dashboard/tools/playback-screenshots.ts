/**
 * The single view's timeline and playback, desktop (1280×800) and phone (390×844), against a relay
 * of its own: a test-pattern camera recorded for real, and earlier hours of the day written as
 * segment and event files (copies of the real segment) so the timeline shows ranges, labelled gaps
 * and motion events, and events with detected objects (review-screenshots.ts). Writes playback-timeline-*.png,
 * playback-*.png, events-page-*.png and review-page-*.png into the folder given.
 * `npm run screenshots` runs it; alone: `npx tsx dashboard/tools/playback-screenshots.ts <folder>`.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import type { SegmentRecord } from '../../server/recording/segment-files.js';
import type { RunningServer } from '../../server/start-server.js';
import { shootReview, writeReviewEvents } from './review-screenshots.js';
import { Stage } from './shots/stage.js';

const MIN = 60_000;

async function waitUntil(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Earlier hours of today, as the recorder would have left them: 10-minute segments, gaps with reasons, motion events. */
async function writeHistory(server: RunningServer, real: SegmentRecord): Promise<void> {
  const files = server.recording.files;
  const dayStart = new Date(real.start).setHours(0, 0, 0, 0);
  const plan: Array<[number, number, SegmentRecord['endReason']]> = [
    [-300, -230, 'camera-offline'],
    [-210, -150, 'relay-down'],
    [-135, -60, 'recording-off'],
    [-40, -5, 'camera-offline'],
  ];
  for (const [a, b, reason] of plan) {
    for (let t = real.start + a * MIN; t < real.start + b * MIN; t += 10 * MIN) {
      if (t < dayStart) continue;
      const end = Math.min(t + 10 * MIN, real.start + b * MIN);
      const record: SegmentRecord = {
        ...real,
        id: String(t),
        start: t,
        end,
        frames: Math.round((end - t) / 200),
        state: 'closed',
        endReason: 'rotate',
        writer: undefined,
      };
      if (end === real.start + b * MIN) record.endReason = reason;
      mkdirSync(path.dirname(files.mediaPath(record)), { recursive: true });
      copyFileSync(files.mediaPath(real), files.mediaPath(record));
      await files.writeSidecar(record);
    }
  }
  for (const m of [-290, -260, -200, -120, -95, -30, -12]) {
    const start = real.start + m * MIN;
    if (start >= dayStart) await files.writeEvent({ id: String(start), camera: real.camera, start, end: start + 40_000, peakScore: 12 });
  }
  // Motion when the relay went down: the restart closed it at the end of the recording (server/recording/repair.ts).
  const cut = real.start - 150.5 * MIN;
  if (cut >= dayStart) await files.writeEvent({ id: String(cut), camera: real.camera, start: cut, end: real.start - 150 * MIN, peakScore: 6, cutShort: true });
}

export async function playbackScreenshots(out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  const recording = { ...RECORDING_DEFAULTS, segmentSeconds: 10, cameras: { 'front-door': { mode: 'continuous' as const } } };
  const stage = await Stage.start({ config: { recording } });
  const { server, url } = stage;
  try {
    await stage.camera({ cameraId: 'front-door', name: 'Front door', width: 1280, height: 720 });
    // One closed segment of the real camera: its file stands in for the earlier hours.
    const closed = async () => (await server.recording.index.all('front-door')).find((s) => s.state === 'closed') ?? null;
    // Kept from the check itself: a second listing could differ (a CI run once read none the second time).
    let found: SegmentRecord | null = null;
    await waitUntil(async () => (found = await closed()) !== null, 'a recorded segment', 40_000);
    const real = found!;
    await writeHistory(server, real);
    await writeReviewEvents(server, real.camera, real.start);
    for (const device of ['desktop', 'phone'] as const) {
      const context = await stage.context(device);
      const page = await stage.adminPage(context);
      await page.goto(`${url}/#/camera/front-door`);
      await page.waitForSelector('[data-testid="timeline-recorded"]');
      await settle(page);
      await page.screenshot({ path: path.join(out, `playback-timeline-${device}.png`) });
      // Playing the real recording, zoomed in to ten minutes around it.
      await page.goto(`${url}/#/camera/front-door/at/${real.start + 3000}`);
      await page.waitForFunction(() => (document.querySelector('[data-testid="playback-video"]') as HTMLVideoElement | null)?.readyState === 4);
      // The day opens fitted to its recorded hours (#31): in from there to ten minutes.
      for (let i = 0; i < 4 && (await page.textContent('[data-testid="timeline-zoom"]')) !== '10 min'; i++)
        await page.click('[data-testid="timeline-zoom-in"]');
      await page.click('[data-testid="playback-play"]');
      await page.click('[data-testid="export-toggle"]');
      await settle(page);
      await page.screenshot({ path: path.join(out, `playback-${device}.png`) });
      // The day's motion events.
      await page.goto(`${url}/#/events`);
      await page.waitForFunction(() =>
        [...document.querySelectorAll('video[data-testid="event-thumbnail"]')].every((v) => (v as HTMLVideoElement).readyState >= 2),
      );
      await settle(page);
      await page.screenshot({ path: path.join(out, `events-page-${device}.png`) });
      // The review page (#57): the day's alerts as cards.
      await shootReview(page, url, out, device);
      await context.close();
    }
  } finally {
    await stage.close();
  }
}

async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.fonts.status === 'loaded');
  await page.waitForTimeout(600);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await playbackScreenshots(process.argv[2] ?? 'docs/images');
