/**
 * A restarted relay numbers its capture sessions after those an open page has already seen: a tile
 * never waits, frozen, for an epoch the new process will not reach (issue #25: "one tile in three
 * stayed Stalled while the camera was live").
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { drawsInOrder, openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { freePort, startCaptureProcess, startServerProcess, type Program } from '../helpers/processes.js';
import { TEST_ADMIN } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const basic = `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}`;

/** Frames the relay at `url` took from camera `door` since it started (0 when it does not answer). */
async function framesIn(url: string): Promise<number> {
  const res = await fetch(`${url}/api/cameras`, { headers: { authorization: basic } }).catch(() => null);
  if (!res?.ok) return 0;
  return ((await res.json()) as Array<{ id: string; framesIn: number }>).find((c) => c.id === 'door')?.framesIn ?? 0;
}

describe.runIf(browserAvailable())('a relay restarted under an open Live Monitor, in Chromium', () => {
  const browser = useBrowser();
  const programs: Program[] = [];
  let monitor: MonitorPage | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await monitor?.close();
    await Promise.all(programs.splice(0).map((p) => p.kill()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    monitor = dataDir = undefined;
  });

  it('draws new frames within 3 s of the camera coming back, though the camera had reconnected before the restart', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-restart-order-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const relay = await startServerProcess(port, dataDir);
    programs.push(relay);
    const token = readFileSync(path.join(dataDir, 'capture-token'), 'utf8').trim();
    const capture = startCaptureProcess(url, token, 'door');
    programs.push(capture);
    const m = (monitor = await openMonitor(browser(), url));
    await waitFor(async () => (await m.draws()).length > 3, 'the first session drawn', 15_000);

    // A second capture session (the program restarted): the page now holds that session's epoch.
    await capture.kill();
    programs.push(startCaptureProcess(url, token, 'door'));
    const firstEpoch = (await m.draws())[0]!.epoch;
    await waitFor(async () => (await m.draws()).some((d) => d.epoch > firstEpoch), 'the second session drawn', 15_000);

    await relay.kill('SIGKILL');
    programs.splice(programs.indexOf(relay), 1);
    programs.push(await startServerProcess(port, dataDir));
    const drawn = (await m.draws()).length;
    // From the restarted relay's first accepted frame: the capture program reconnects on its own.
    await waitFor(() => framesIn(url).then((n) => n > 0), 'a frame on the restarted relay', 20_000, 50);
    const backAt = Date.now();
    await waitFor(async () => (await m.draws()).length > drawn + 2, 'the tile drawing frames of the restarted relay', 3000, 50);
    console.log(`[restart-order] tile drawing again ${Date.now() - backAt} ms after the restarted relay's first frame`);
    expect(drawsInOrder(await m.draws())).toBe(true);
  });
});
