/**
 * The events page says where each event's off-site copy is (Chromium, a real relay, real rclone, a
 * real WebDAV server): one event copied while the server is up, one failed while it is down, with
 * rclone's reason and the time of the next try. Motion comes from the relay's own signal hook on a
 * camera recorded for real, so the events' times are exact; test/server/offsite/offsite.test.ts has
 * the detector make them. With OFFSITE_SHOTS set, the cards are saved there (desktop and phone).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventList } from '../../shared/events.js';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { patient, waitFor } from '../helpers/wait.js';
import { RCLONE, startWebdav, webdavAvailable, type WebdavServer } from '../helpers/webdav.js';
import { seqJpeg } from '../server/recording/media.js';
import { postFrame } from './playback-scene.js';

const card = (start: number) => `[data-testid="event-card"][data-start="${start}"]`;

describe.runIf(browserAvailable() && webdavAvailable())("the events page shows each event's off-site copy (Chromium, rclone, WebDAV)", () => {
  const browser = useBrowser();
  let dav: WebdavServer;
  let server: TestServer;
  let monitor: MonitorPage;
  let tmp: string;
  const starts: number[] = [];

  const statusOf = async (start: number) => {
    const res = await fetch(`${server.url}/api/events?from=${start - 60_000}&to=${start + 60_000}`, { headers: server.adminAuth });
    return ((await res.json()) as EventList).events.find((e) => e.start === start)?.offsite?.state;
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-offsite-page-'));
    dav = await startWebdav();
    const conf = path.join(tmp, 'rclone.conf');
    writeFileSync(conf, dav.rcloneConf('evidence'));
    server = await startTestServer({
      offlineAfterMs: 1500,
      recording: {
        ...RECORDING_DEFAULTS,
        cameras: { door: { mode: 'continuous', preRollSeconds: 0, postRollSeconds: 0, motion: { enabled: false } } },
      },
      offsite: { remote: 'evidence:camrelay', rcloneConfig: conf, rclone: RCLONE, what: 'both', maxMbPerDay: 0, queueEvents: 500, parallel: 1 },
    });
    // 4 s of a recorded camera, then it goes quiet (its segment closes: the clips need no post-roll wait).
    const jpegs = await Promise.all(Array.from({ length: 8 }, (_, i) => seqJpeg(i + 1)));
    for (let i = 0; i < 40; i++) {
      const at = Date.now();
      if (i === 10 || i === 25) starts.push(at);
      await postFrame(server, 'door', i + 1, at, jpegs[i % jpegs.length]!);
      await waitFor(() => Date.now() >= at + 100, 'the next frame due');
    }
    server.recording.motion('door', { type: 'start', at: starts[0]!, score: 4.2 });
    server.recording.motion('door', { type: 'end', at: starts[0]! + 1000 });
    await waitFor(async () => (await statusOf(starts[0]!)) === 'copied', 'the first event copied', 60_000, 200);
    await dav.stop();
    server.recording.motion('door', { type: 'start', at: starts[1]!, score: 9.6 });
    server.recording.motion('door', { type: 'end', at: starts[1]! + 1000 });
    await waitFor(async () => (await statusOf(starts[1]!)) === 'failed', 'the second event failed', 60_000, 200);
    monitor = await openMonitor(browser(), server.url);
  }, 180_000);

  afterAll(async () => {
    await monitor?.close();
    await stopTestServer(server);
    await dav?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('says "Copied off-site" on the copied event and why the other failed, with the time of the next try', async () => {
    const { page } = monitor;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.click('[data-testid="events-toggle"]');
    await page.waitForSelector(`${card(starts[1]!)} [data-testid="event-offsite"]`);
    expect(await page.textContent(`${card(starts[0]!)} [data-testid="event-offsite"]`)).toBe('Copied off-site');
    // Polled: a failed copy is tried again, and while it is the card truly says "Copying off-site…"
    // (on a loaded box the first retry can come before the page opens).
    const offsite = `${card(starts[1]!)} [data-testid="event-offsite"]`;
    await expect
      .poll(() => page.textContent(offsite), { timeout: patient(30_000) })
      .toMatch(/^Off-site copy failed \(retrying at \d\d:\d\d\): .*connection refused$/);
    const failed = await page.textContent(offsite);
    expect(await page.getAttribute(card(starts[1]!), 'aria-label')).toContain(', Off-site copy failed (retrying at ');
    // Red for the failure, green for the copy: the two lines do not look alike.
    const colors = await page.$$eval('[data-testid="event-offsite"]', (els) => els.map((e) => getComputedStyle(e).color));
    expect(new Set(colors).size).toBe(2);
    const shots = process.env.OFFSITE_SHOTS;
    if (shots) mkdirSync(shots, { recursive: true });
    const desktop = await page.screenshot({ path: shots ? path.join(shots, 'events-offsite-desktop.png') : undefined });
    expect(desktop.length).toBeGreaterThan(0);
    await page.setViewportSize({ width: 390, height: 844 });
    // On a phone a long reason is cut to four lines; the whole of it is in the title.
    const box = await page.locator(`${card(starts[1]!)} [data-testid="event-offsite"]`).boundingBox();
    expect(box!.height).toBeLessThanOrEqual(4 * 12 * 1.6);
    expect(await page.getAttribute(`${card(starts[1]!)} [data-testid="event-offsite"]`, 'title')).toBe(failed);
    await page.screenshot({ path: shots ? path.join(shots, 'events-offsite-phone.png') : undefined });
  });

  it('turns the failed card to "Copied off-site" in place once the server is back, without reloading the page', async () => {
    const { page } = monitor;
    const line = `${card(starts[1]!)} [data-testid="event-offsite"]`;
    await page.$eval(card(starts[1]!), (c) => ((c as HTMLElement & { kept?: boolean }).kept = true));
    await dav.start();
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Copied off-site', line, { timeout: 90_000 });
    // The same card (its picture not loaded again), its label saying it too.
    expect(await page.$eval(card(starts[1]!), (c) => (c as HTMLElement & { kept?: boolean }).kept)).toBe(true);
    expect(await page.getAttribute(card(starts[1]!), 'aria-label')).toContain(', Copied off-site: ');
  }, 120_000);
});
