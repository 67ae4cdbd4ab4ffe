/**
 * Chromium plays a camera's HLS through MSE with hls.js (older Chromium has no HLS of its own; 156 does), as a web page
 * of another program would: the playlist URL with a stream token, no session. A picture is drawn (the
 * video has a size, its time advances, and a canvas copy of it is not blank). With lowLatencyMode (hls.js'
 * default, set here as a page would) it takes the Low-Latency HLS parts: blocking reloads and part fetches.
 * A camera whose pictures come unevenly (every seventh a quarter second late, those behind it in a burst) plays with
 * no freeze and one buffered range, in hls.js and in Chromium's own `<video>` (#55 item 12). Chromium's own `<video>`
 * plays a camera's HLS opened on the packager it starts (a young window: it failed for good there). Screenshots of the page.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../../helpers/browser.js';
import { startH264Camera, type H264Camera } from '../../helpers/h264-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { advancesASecond, fatalErrors, openHlsPage, openNativeHlsPage, playback, watchPlayback, type Playback } from '../../helpers/hls-page.js';
import { patience, patient, waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

/** Where screenshots go when asked for (CAMRELAY_SHOTS), as the other browser tests do. */
const SHOTS = process.env.CAMRELAY_SHOTS;

describe.runIf(browserAvailable())('HLS in Chromium through hls.js', () => {
  let server: TestServer;
  let camera: H264Camera;
  let uneven: H264Camera;
  let browser: Browser;
  let token: string;
  let unevenToken: string;
  let tokenOf: (cameraId: string) => Promise<string>;

  beforeAll(async () => {
    server = await startTestServer();
    camera = await startH264Camera(server.url, server.captureToken, 'yard', 15, 320, 180);
    // A keyframe every 3 s: a browser that drops pictures to the next keyframe shows it as a freeze of seconds.
    uneven = await startH264Camera(server.url, server.captureToken, 'porch', 45, 320, 180, { every: 7, ms: 250 });
    const cookie = await login(server);
    tokenOf = async (cameraId: string) => {
      const made = await fetch(`${server.url}/api/cameras/${cameraId}/stream-tokens`, {
        method: 'POST',
        headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
        body: '{}',
      });
      return ((await made.json()) as { secret: string }).secret;
    };
    [token, unevenToken] = [await tokenOf('yard'), await tokenOf('porch')];
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    camera?.stop();
    uneven?.stop();
    await stopTestServer(server);
  });

  const open = (width: number, height: number) =>
    openHlsPage(browser, server.url, `${server.url}/api/cameras/yard/stream.m3u8?token=${encodeURIComponent(token)}`, width, height);

  it('plays the playlist with a stream token: the camera size, time advancing, a picture drawn', async () => {
    // The first reader of yard's HLS: its packager starts at this page's fetch.
    const opened = Date.now();
    const page = await open(1280, 800);
    try {
      const size = await waitFor(
        () => page.evaluate(() => ((v) => (v.videoWidth > 0 ? `${v.videoWidth}x${v.videoHeight}` : null))(document.querySelector('video')!)),
        'the video to have a size',
        30_000,
        200,
      );
      expect(size).toBe('320x180');
      console.log(`HLS, hls.js on a packager it started: a picture after ${Date.now() - opened} ms`);
      await advancesASecond(page);
      // testsrc is bright colour bars: far from black.
      expect(await page.evaluate(() => (window as unknown as { drawn(): number }).drawn())).toBeGreaterThan(40);
      expect(await fatalErrors(page)).toEqual([]);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'hls-player-1280.png'), timeout: patient(30_000) });
    } finally {
      await page.close();
    }
  });

  it('plays it as Low-Latency HLS with lowLatencyMode: blocking reloads and parts loaded, the picture playing on', async () => {
    const page = await open(1280, 800);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(r.url()));
    try {
      await waitFor(() => page.evaluate(() => (window as unknown as { partsLoaded: number }).partsLoaded >= 5), 'hls.js to load five parts', 30_000, 200);
      const details = await page.evaluate(() => {
        const d = (window as unknown as { hls: { levels: Array<{ details?: { canBlockReload: boolean; partTarget: number; partHoldBack: number } }> } }).hls
          .levels[0]!.details!;
        return { canBlockReload: d.canBlockReload, partTarget: d.partTarget, partHoldBack: d.partHoldBack };
      });
      expect(details).toEqual({ canBlockReload: true, partTarget: 0.3, partHoldBack: 0.9 });
      // Five parts may all come from the first playlist, asked without directives: the blocking reload follows.
      await waitFor(() => asked.some((u) => /stream\.m3u8\?token=[^&]+&_HLS_msn=\d+&_HLS_part=\d+/.test(u)), 'a blocking playlist reload', 30_000, 200);
      expect(asked.some((u) => /\/hls\/part-\d+\.m4s\?token=/.test(u))).toBe(true);
      await advancesASecond(page);
      expect(await fatalErrors(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('plays on a phone-sized page too', async () => {
    const page = await open(390, 844);
    try {
      await waitFor(() => page.evaluate(() => document.querySelector('video')!.currentTime > 1), 'the video playing', 30_000, 200);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'hls-player-390.png'), timeout: patient(30_000) });
    } finally {
      await page.close();
    }
  });

  it("plays in Chromium's own <video> opened on the packager it starts, one segment long", async () => {
    // A camera nobody has read as HLS: the page's fetch starts its packager, and the first playlist lists one segment.
    const gate = await startH264Camera(server.url, server.captureToken, 'gate', 10, 320, 180);
    try {
      const src = `${server.url}/api/cameras/gate/stream.m3u8?token=${encodeURIComponent(await tokenOf('gate'))}`;
      const opened = Date.now();
      const page = await openNativeHlsPage(browser, server.url, src, 390, 844);
      if (!page) return void console.warn("This Chromium has no HLS of its own (canPlayType ''): the plain <video> is not tried.");
      try {
        // Past the first (2 s) segment: Chromium reloads the playlist once it has it, and failed for good when given it again.
        const state = await waitFor(
          () =>
            page.evaluate(() =>
              ((v) => (v.error ? `failed: ${v.error.message}` : v.currentTime > 2.5 ? 'played 2.5 s' : null))(document.querySelector('video')!),
            ),
          'the video to play past its first segment, or fail',
          30_000,
          100,
        );
        console.log(`HLS, Chromium's own <video> on a packager it started: ${state} ${Date.now() - opened} ms after it opened`);
        expect(state).toBe('played 2.5 s');
      } finally {
        await page.close();
      }
    } finally {
      gate.stop();
    }
  });

  const unevenSrc = () => `${server.url}/api/cameras/porch/stream.m3u8?token=${encodeURIComponent(unevenToken)}`;

  /** Plays on for 8 s of video (some ten late pictures) once playing, and tells what a viewer saw meanwhile. */
  async function watchUneven(page: Page): Promise<Playback> {
    const now = () => page.evaluate(() => document.querySelector('video')!.currentTime);
    await waitFor(async () => (await now()) > 0.5, 'the video playing', 30_000, 200);
    await watchPlayback(page);
    const t0 = await now();
    await waitFor(async () => (await now()) > t0 + 8, 'eight seconds of video played', 60_000, 200);
    const seen = await playback(page);
    console.log(
      `HLS, uneven camera: longest freeze ${seen.longestMs} ms, most buffered ranges ${seen.mostRanges}, ${seen.frames} pictures, ${seen.waits} waits for data`,
    );
    return seen;
  }

  it('plays a camera whose pictures come late with no freeze and one buffered range, in hls.js (Media Source)', async () => {
    const page = await openHlsPage(browser, server.url, unevenSrc(), 1280, 800);
    try {
      const seen = await watchUneven(page);
      // A picture dropped to the next keyframe (3 s on) would leave a hole in the buffer and a freeze of seconds.
      expect(seen.mostRanges).toBe(1);
      expect(seen.longestMs).toBeLessThan(1000 * patience());
      expect(await fatalErrors(page)).toEqual([]);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'hls-uneven-1280.png'), timeout: patient(30_000) });
    } finally {
      await page.close();
    }
  });

  it("plays it in Chromium's own <video> too, where it has HLS of its own", async () => {
    const page = await openNativeHlsPage(browser, server.url, unevenSrc(), 390, 844);
    if (!page) return void console.warn("This Chromium has no HLS of its own (canPlayType ''): the plain <video> is not tried.");
    try {
      const seen = await watchUneven(page);
      expect(seen.mostRanges).toBe(1);
      expect(seen.longestMs).toBeLessThan(1000 * patience());
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'hls-uneven-native-390.png'), timeout: patient(30_000) });
    } finally {
      await page.close();
    }
  });
});
