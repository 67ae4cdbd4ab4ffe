/**
 * The export panel in real Chromium against a real relay and ffmpeg: a marked range over a
 * camera-offline gap is described in words before anything downloads, and downloads once confirmed.
 * Screenshots of the described clip at desktop and phone sizes go to $CAMRELAY_SHOTS (else a temp folder).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { stopTestServer } from '../helpers/server.js';
import { packetTimes } from '../server/recording/media.js';
import { openPage, recordScene, settled, trackX, type Scene } from './playback-scene.js';

const status = '[data-testid="export-status"]';

describe.runIf(browserAvailable())('Export panel (Chromium, relay, ffmpeg)', () => {
  const browser = useBrowser();
  let scene: Scene;
  let tmp: string;
  const shots = process.env.CAMRELAY_SHOTS ?? path.join(tmpdir(), 'camrelay-export-shots');

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-export-e2e-'));
    mkdirSync(shots, { recursive: true });
    // 4 s of frames, the camera offline until the relay closes its segment, then 4 s more.
    scene = await recordScene(40, 20);
  });

  afterAll(async () => {
    await stopTestServer(scene?.server);
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Opens the camera at a size, zoomed to a minute, and marks frames 5 to 35 (across the gap) for export. */
  async function markAcrossTheGap(b: Browser, width: number, height: number): Promise<Page> {
    const context = await b.newContext({ viewport: { width, height }, acceptDownloads: true });
    const page = await openPage(() => context.newPage(), scene.server, '#/camera/door');
    await page.waitForSelector('[data-testid="timeline-recorded"]');
    for (let i = 0; i < 4; i++) await page.click('[data-testid="timeline-zoom-in"]');
    await page.click('[data-testid="export-toggle"]');
    for (const [seq, mark] of [
      [5, 'in'],
      [35, 'out'],
    ] as const) {
      const { x, y } = await trackX(page, scene.timeOf(seq));
      await page.mouse.click(x, y);
      await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="playback-video"]')?.readyState ?? 0) >= 2);
      await page.click(`[data-testid="export-mark-${mark}"]`);
    }
    if (!(await page.$eval('[data-testid="playback-video"]', (v: HTMLVideoElement) => v.paused))) await page.click('[data-testid="playback-play"]');
    await settled(page);
    return page;
  }

  it('says how much was recorded and which gap is skipped before the download, and downloads once confirmed', async () => {
    const page = await markAcrossTheGap(browser(), 1280, 800);
    let clips = 0;
    page.on('request', (r) => void (/export\.mp4/.test(r.url()) && clips++));
    await page.click('[data-testid="export-marked"]');
    await page.waitForSelector('[data-testid="export-download"]', { state: 'visible', timeout: 10_000 });
    const said = (await page.textContent(status))!;
    expect(said).toMatch(
      /^\d+(\.\d)? s asked: \d+(\.\d)? s recorded, 1 gap skipped \(camera offline \d+(\.\d)? s\)\. The clip runs \d\d:\d\d:\d\d–\d\d:\d\d:\d\d\.$/,
    );
    // The words are the relay's numbers: asked minus recorded is the gap.
    const [asked, recorded, gap] = [...said.matchAll(/(\d+(?:\.\d)?) s/g)].map((m) => Number(m[1]));
    expect(Math.abs(asked! - recorded! - gap!)).toBeLessThanOrEqual(0.3);
    expect(clips).toBe(0);
    await page.screenshot({ path: path.join(shots, 'export-gaps-desktop.png'), fullPage: true });
    const downloaded = page.waitForEvent('download');
    await page.click('[data-testid="export-download"]');
    const file = path.join(tmp, 'clip.mp4');
    await (await downloaded).saveAs(file);
    // Frames 5-35 minus none: the recording on both sides of the gap, joined (from the keyframe before frame 5).
    expect((await packetTimes(file)).length).toBeGreaterThanOrEqual(31);
    await expect.poll(() => page.textContent(status)).toMatch(/^Saved door-.+-to-.+\.mp4 \(\d+\.\d MB\): .+ 1 gap skipped/);
    expect(await page.isVisible('[data-testid="export-confirm"]')).toBe(false);
    await page.context().close();
  });

  it('on a phone, says the same and lets the clip be cancelled', async () => {
    const page = await markAcrossTheGap(browser(), 390, 844);
    await page.click('[data-testid="export-marked"]');
    await page.waitForSelector('[data-testid="export-download"]', { state: 'visible', timeout: 10_000 });
    expect(await page.textContent(status)).toMatch(/1 gap skipped \(camera offline/);
    await page.locator('[data-testid="export-confirm"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'export-gaps-phone.png') });
    await page.click('[data-testid="export-cancel"]');
    await expect.poll(() => page.textContent(status)).toBe('');
    expect(await page.isVisible('[data-testid="export-confirm"]')).toBe(false);
    await page.context().close();
  });
});
