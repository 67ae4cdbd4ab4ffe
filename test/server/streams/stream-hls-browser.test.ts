/**
 * Chromium plays a camera's HLS through MSE with hls.js (Chromium has no HLS of its own), as a web page
 * of another program would: the playlist URL with a stream token, no session. A picture is drawn (the
 * video has a size, its time advances, and a canvas copy of it is not blank). With lowLatencyMode (hls.js'
 * default, set here as a page would) it takes the Low-Latency HLS parts: blocking reloads and part fetches.
 * Screenshots of the page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../../helpers/browser.js';
import { startH264Camera, type H264Camera } from '../../helpers/h264-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { patient, waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

/** Where screenshots go when asked for (CAMRELAY_SHOTS), as the other browser tests do. */
const SHOTS = process.env.CAMRELAY_SHOTS;
const hlsJs = readFileSync(createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js'), 'utf8');

/** A page that plays `src` with hls.js and keeps what a person would see: the video, its size and time, errors. */
const PAGE = `<!doctype html><meta name="viewport" content="width=device-width">
<style>body{margin:0;font:14px sans-serif;background:#111;color:#eee}video{width:100%;max-width:960px;display:block;background:#000}p{margin:8px}</style>
<p>camrelay HLS: <span id="state">loading</span></p><video id="v" muted autoplay playsinline></video>
<script src="/hls-test/hls.min.js"></script>
<script>
  window.errors = [];
  const v = document.getElementById('v');
  const hls = new Hls({ lowLatencyMode: true });
  window.hls = hls;
  /** What hls.js loaded as parts (LL-HLS), and the playlist's low-latency terms as it read them. */
  window.partsLoaded = 0;
  hls.on(Hls.Events.FRAG_LOADED, (_e, d) => d.part && partsLoaded++);
  hls.on(Hls.Events.ERROR, (_e, d) => errors.push(d.details + (d.fatal ? ' (fatal)' : '')));
  hls.loadSource(new URLSearchParams(location.search).get('src'));
  hls.attachMedia(v);
  setInterval(() => (document.getElementById('state').textContent = v.videoWidth + 'x' + v.videoHeight + ', ' + v.currentTime.toFixed(1) + ' s'), 250);
  /** The mean of a canvas copy of the picture's pixels: above the black of an empty video when something is drawn. */
  window.drawn = () => {
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    const g = c.getContext('2d');
    g.drawImage(v, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < px.length; i += 4) sum += px[i] + px[i + 1] + px[i + 2];
    return sum / (px.length / 4) / 3;
  };
</script>`;

/** Waits for the video's time to move on by a second: it plays, not just loaded. */
async function advancesASecond(page: Page): Promise<void> {
  const t0 = await page.evaluate(() => document.querySelector('video')!.currentTime);
  const now = () => page.evaluate(() => document.querySelector('video')!.currentTime);
  await waitFor(async () => (await now()) > t0 + 1, 'the video time to advance a second', 20_000, 200);
}

/** hls.js's fatal errors, as the test page logged them. */
const fatalErrors = (page: Page) => page.evaluate(() => (window as unknown as { errors: string[] }).errors.filter((e) => e.endsWith('(fatal)')));

describe.runIf(browserAvailable())('HLS in Chromium through hls.js', () => {
  let server: TestServer;
  let camera: H264Camera;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    camera = await startH264Camera(server.url, server.captureToken, 'yard', 15, 320, 180);
    const cookie = await login(server);
    const made = await fetch(`${server.url}/api/cameras/yard/stream-tokens`, {
      method: 'POST',
      headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
      body: '{}',
    });
    token = ((await made.json()) as { secret: string }).secret;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    camera?.stop();
    await stopTestServer(server);
  });

  /** The test page, served on the relay's own origin (no CORS in the way), with no session cookie. */
  async function open(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.route(`${server.url}/hls-test/page.html*`, (r) => r.fulfill({ contentType: 'text/html', body: PAGE }));
    await page.route(`${server.url}/hls-test/hls.min.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: hlsJs }));
    const src = `${server.url}/api/cameras/yard/stream.m3u8?token=${encodeURIComponent(token)}`;
    await page.goto(`${server.url}/hls-test/page.html?src=${encodeURIComponent(src)}`);
    return page;
  }

  it('plays the playlist with a stream token: the camera size, time advancing, a picture drawn', async () => {
    const page = await open(1280, 800);
    try {
      const size = await waitFor(
        () => page.evaluate(() => ((v) => (v.videoWidth > 0 ? `${v.videoWidth}x${v.videoHeight}` : null))(document.querySelector('video')!)),
        'the video to have a size',
        30_000,
        200,
      );
      expect(size).toBe('320x180');
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
});
