/**
 * Live sound across a cluster's nodes in Chromium: two relays on a real Redis sharing their data folder, the capture
 * program on node A (the test pattern, and a 440 Hz tone through ffmpeg's lavfi standing in for a PC's microphone),
 * the Live Monitor on node B. The camera's speaker shows once its sound is on, the page plays the tone after a click
 * (the meter moves), as a page on the camera's own node does. CAMRELAY_SHOTS=<folder> saves cluster-sound-<width>.png.
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
import { waitFor } from '../helpers/wait.js';

const SHOTS = process.env.CAMRELAY_SHOTS;

describe.runIf(browserAvailable() && redisAvailable())('live sound from a camera of another node, in Chromium', () => {
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
    await waitFor(() => b.relay.camera('desk')?.status === 'live', 'the camera of A live on B', 60_000, 200).catch((err: Error) => {
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
    expect(a.relay.sound.isRead('desk'), "A listens to its camera for B's page").toBe(true);
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
});
