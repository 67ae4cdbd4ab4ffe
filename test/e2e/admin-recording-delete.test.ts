/**
 * Deleting a camera on the settings page, in Chromium: the question says how much it has recorded;
 * Cancel changes nothing, "Delete them too" removes its folder alone, "Keep its recordings" leaves
 * them listed in the Recording section, where they can be deleted later.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { dayOf, daysAgo } from '../helpers/days-ago.js';
import { postFrame, writeSegment } from '../helpers/fake-recordings.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { openSettings } from '../helpers/admin-page.js';

const row = (id: string) => `[data-testid="camera-admin-list"] tr[data-camera-id="${id}"]`;
const text = (page: Page, selector: string) => page.textContent(selector, { timeout: 2000 }).catch(() => null);
// Days before today: deleting porch sweeps, and a fixed date falls out of the 7-day retention a week on.
const [PORCH1, YARD, PORCH2] = [daysAgo(3), daysAgo(2), daysAgo(1)];

describe.runIf(browserAvailable())('deleting a camera and its recordings, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer | undefined;
  let monitor: MonitorPage | undefined;

  afterEach(async () => {
    await monitor?.close();
    await stopTestServer(server);
    server = monitor = undefined;
  });

  it('asks with the size and days of its recordings, and keeps or deletes them as answered', async () => {
    server = await startTestServer();
    // Cameras that sent a frame and went quiet: nothing brings them back once deleted.
    for (const id of ['porch', 'yard']) expect(await postFrame(server, id)).toBe(202);
    await writeSegment(server, 'porch', PORCH1, 1_500_000);
    await writeSegment(server, 'porch', PORCH2, 1_000_000);
    await writeSegment(server, 'yard', YARD, 700_000);
    const root = server.recording.files.root;
    const { page } = (monitor = await openMonitor(browser(), server.url));
    await openSettings(page);
    await page.waitForSelector(row('porch'));

    await page.click(`${row('porch')} [data-testid="camera-admin-delete"]`);
    await waitFor(async () => (await text(page, '[data-testid="delete-title"]')) === 'Delete camera porch?', 'the question');
    expect(await text(page, '[data-testid="delete-recordings"]')).toBe(`It has recordings: 2.5 MB over 2 days, ${dayOf(PORCH1)} to ${dayOf(PORCH2)}.`);
    await page.click('[data-testid="delete-cancel"]');
    expect(await page.isVisible('[data-testid="delete-dialog"]')).toBe(false);
    expect(server.relay.cameras.list().map((c) => c.id)).toContain('porch');

    await page.click(`${row('porch')} [data-testid="camera-admin-delete"]`);
    await page.click('[data-testid="delete-drop"]:text-is("Delete them too")');
    await page.waitForSelector(row('porch'), { state: 'detached' });
    await waitFor(() => !existsSync(server!.recording.files.cameraDir('porch')), "porch's recordings deleted");
    expect(readdirSync(root)).toEqual(['yard']);

    await page.click(`${row('yard')} [data-testid="camera-admin-delete"]`);
    await waitFor(
      async () => (await text(page, '[data-testid="delete-recordings"]')) === `It has recordings: 700 KB on ${dayOf(YARD)}.`,
      'the question for yard',
    );
    await page.click('[data-testid="delete-keep"]:text-is("Keep its recordings")');
    await page.waitForSelector(row('yard'), { state: 'detached' });
    // Kept: in the Recording section as a deleted camera's, still on disk.
    await openSettings(page, 'recording');
    const kept = '[data-testid="rec-list"] [data-camera-id="yard"]';
    await waitFor(
      async () => (await text(page, `${kept} [data-testid="rec-state"]`)) === `Camera deleted · recordings kept: 700 KB on ${dayOf(YARD)}`,
      'the kept recordings listed',
    );
    expect(readdirSync(root)).toEqual(['yard']);

    page.once('dialog', (d) => void d.accept());
    await page.click(`${kept} [data-testid="rec-delete-kept"]`);
    await page.waitForSelector(kept, { state: 'detached' });
    expect(readdirSync(root)).toEqual([]);
  });
});
