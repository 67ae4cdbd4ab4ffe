/**
 * A camera's tracks across a cluster's nodes in Chromium (#40, #56): two relays on a real Redis sharing their data
 * folder, the capture program on node A (the test pattern, and a 440 Hz tone through ffmpeg's lavfi standing in for a
 * PC's microphone), the Live Monitor on node B. Sound: the camera's speaker shows once its sound is on, and the page
 * plays the tone after a click (the meter moves), as a page on the camera's own node does. Boxes: with the camera's
 * detector running on A (its looks published on A's objects track, as the detection module does), the tile on B
 * offers the boxes' toggle and, once it is on, draws the box where A's look puts it.
 * CAMRELAY_SHOTS=<folder> saves cluster-sound-<width>.png and cluster-boxes-<width>.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import type { CaptureProgram } from '../helpers/capture-program.js';
import { hearing, heard, meterLevel, soundState, speaker } from '../helpers/live-sound-page.js';
import { openMonitor } from '../helpers/monitor-page.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { setSound, startMicCamera } from '../helpers/sound.js';
import { patient, waitFor } from '../helpers/wait.js';

const SHOTS = process.env.CAMRELAY_SHOTS;
const tile = (id: string) => `[data-testid="camera-tile"][data-camera-id="${id}"]`;

describe.runIf(browserAvailable() && redisAvailable())('live sound and boxes from a camera of another node, in Chromium', () => {
  const browser = useBrowser();
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let program: CaptureProgram;

  beforeAll(async () => {
    redis = await startRedis();
    a = await startTestServer({ redisUrl: redis.url, offlineAfterMs: 2000 });
    b = await startTestServer({ redisUrl: redis.url, offlineAfterMs: 2000, dataDir: a.dataDir });
    program = startMicCamera(a, 'desk', 640);
    await waitFor(() => b.relay.cameras.get('desk')?.status === 'live', 'the camera of A live on B', 60_000, 200).catch((err: Error) => {
      throw new Error(`${err.message}; the capture program said: ${program.output().slice(-1500)}`);
    });
    await setSound(a, 'desk');
  }, 120_000);

  afterAll(async () => {
    await program?.kill();
    await stopTestServer(b, false);
    await stopTestServer(a);
    await redis?.stop();
  });

  it("plays the tone of node A's camera on a page of node B after a click on its speaker, the meter moving", async () => {
    const monitor = await openMonitor(browser(), b.url);
    await hearing(monitor);
    await monitor.page.waitForSelector(speaker('desk'), { state: 'visible', timeout: 30_000 });
    expect(await heard(monitor)).toEqual([]);
    await monitor.page.click(speaker('desk'));
    await waitFor(async () => (await soundState(monitor, 'desk')) === 'playing', 'the desk playing on B', 30_000, 100);
    await waitFor(async () => (await meterLevel(monitor, 'desk')) > 0.05, 'the meter moving with the tone', 10_000, 50);
    expect((await heard(monitor)).every((p) => p.cameraId === 'desk')).toBe(true);
    expect(a.relay.tracks.sound.isRead('desk'), "A listens to its camera for B's page").toBe(true);
    if (SHOTS) {
      await waitFor(async () => (await monitor.frameCount('desk')) >= 5, 'pictures drawn beside the sound', 30_000, 100);
      for (const [width, height] of [
        [1280, 800],
        [390, 844],
      ] as const) {
        await monitor.page.setViewportSize({ width, height });
        await monitor.page.screenshot({ path: path.join(SHOTS, `cluster-sound-${width}.png`) });
      }
    }
    await monitor.close();
  }, 120_000);
  it("draws the live boxes of node A's detector on a page of node B", async () => {
    a.relay.tracks.objects.setPublishing('desk', true);
    const monitor = await openMonitor(browser(), b.url);
    const toggle = monitor.page.locator(`${tile('desk')} [data-testid="tile-boxes"]`);
    await toggle.waitFor({ state: 'visible', timeout: patient(30_000) });
    await toggle.click();
    // A's detector looks a few times a second, a person at the picture's left (the look's own pixels).
    const looks = setInterval(
      () =>
        a.relay.tracks.objects.publishLook({
          cameraId: 'desk',
          at: Date.now(),
          width: 640,
          height: 360,
          boxes: [{ label: 'person', score: 0.9, box: [40, 60, 120, 240] }],
        }),
      200,
    );
    try {
      const box = monitor.page.locator(`${tile('desk')} [data-testid="live-box"]`).first();
      await box.waitFor({ state: 'visible', timeout: patient(20_000) });
      expect(await box.textContent()).toContain('person');
      // Where the look puts it: its left edge at 40 / 640 of the picture's width (read in one go: each look redraws it).
      const left = () =>
        monitor.page.evaluate((sel) => {
          const layer = document.querySelector(`${sel} [data-testid="live-boxes"]`)?.getBoundingClientRect();
          const drawn = document.querySelector(`${sel} [data-testid="live-box"]`)?.getBoundingClientRect();
          return layer && drawn && layer.width > 0 ? (drawn.left - layer.left) / layer.width : null;
        }, tile('desk'));
      const at = await waitFor(left, 'the box drawn on the picture');
      expect(Math.abs(at - 40 / 640)).toBeLessThan(0.02);
      for (const [width, height] of [
        [1280, 800],
        [390, 844],
      ] as const) {
        await monitor.page.setViewportSize({ width, height });
        await box.waitFor({ state: 'visible', timeout: patient(10_000) });
        // The camera's name whole beside all six of its buttons, on a phone too (they take a row of their own there).
        const name = monitor.page.locator(`${tile('desk')} [data-testid="camera-name"]`);
        await waitFor(() => name.evaluate((el) => el.clientWidth > 0 && el.scrollWidth <= el.clientWidth), `the name whole at ${width} px`);
        if (SHOTS) await monitor.page.screenshot({ path: path.join(SHOTS, `cluster-boxes-${width}.png`) });
      }
    } finally {
      clearInterval(looks);
      a.relay.tracks.objects.setPublishing('desk', false);
    }
    await monitor.close();
  }, 120_000);
});
