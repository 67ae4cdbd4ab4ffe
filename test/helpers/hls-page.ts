/**
 * A web page that plays a camera's HLS with hls.js (older Chromium has no HLS of its own; 156 does), as another program's page
 * would: served on the relay's own origin (no CORS in the way), with no session cookie, the playlist URL with its
 * stream token. It keeps what a person would see: the video, its size and time, hls.js' errors.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from './wait.js';

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
  /** The tracks hls.js made source buffers for, as kind:codec (a muxed fMP4 is one audiovideo buffer). */
  window.codecs = [];
  hls.on(Hls.Events.BUFFER_CODECS, (_e, d) => Object.entries(d).forEach(([kind, t]) => t && codecs.push(kind + ':' + t.codec)));
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

/** Opens the page at `width`×`height` playing `src` (a stream.m3u8 URL with its token). */
export async function openHlsPage(browser: Browser, origin: string, src: string, width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.route(`${origin}/hls-test/page.html*`, (r) => r.fulfill({ contentType: 'text/html', body: PAGE }));
  await page.route(`${origin}/hls-test/hls.min.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: hlsJs }));
  await page.goto(`${origin}/hls-test/page.html?src=${encodeURIComponent(src)}`);
  return page;
}

/** Waits for the video's time to move on by a second: it plays, not just loaded. */
export async function advancesASecond(page: Page): Promise<void> {
  const t0 = await page.evaluate(() => document.querySelector('video')!.currentTime);
  const now = () => page.evaluate(() => document.querySelector('video')!.currentTime);
  await waitFor(async () => (await now()) > t0 + 1, 'the video time to advance a second', 20_000, 200);
}

/** hls.js's fatal errors, as the test page logged them. */
export const fatalErrors = (page: Page) => page.evaluate(() => (window as unknown as { errors: string[] }).errors.filter((e) => e.endsWith('(fatal)')));

/** A page that plays `src` in a plain `<video>`, with no script: the browser's own HLS, where it has one. */
const NATIVE_PAGE = `<!doctype html><meta name="viewport" content="width=device-width">
<style>body{margin:0;font:14px sans-serif;background:#111;color:#eee}video{width:100%;max-width:960px;display:block;background:#000}p{margin:8px}</style>
<p>camrelay HLS, the browser's own player</p><video id="v" muted autoplay playsinline></video>
<script>document.getElementById('v').src = new URLSearchParams(location.search).get('src');</script>`;

/** Opens the plain-`<video>` page at `width`×`height` playing `src`; null when this browser has no HLS of its own. */
export async function openNativeHlsPage(browser: Browser, origin: string, src: string, width: number, height: number): Promise<Page | null> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.route(`${origin}/hls-test/native.html*`, (r) => r.fulfill({ contentType: 'text/html', body: NATIVE_PAGE }));
  await page.goto(`${origin}/hls-test/native.html?src=${encodeURIComponent(src)}`);
  if (await page.evaluate(() => document.querySelector('video')!.canPlayType('application/vnd.apple.mpegurl') !== '')) return page;
  await page.close();
  return null;
}

/**
 * What a viewer saw while watched: the longest time between two pictures shown while the video had data (a wait for it
 * at the live edge, a stall of the network or a loaded box, is counted apart), and the most buffered ranges at once.
 */
export interface Playback {
  longestMs: number;
  mostRanges: number;
  frames: number;
  /** Times the video waited for data (its buffer ran out at the live edge): a stall, not a picture dropped. */
  waits: number;
}

/** Starts watching the page's video: each picture shown (requestVideoFrameCallback) and its buffered ranges every 100 ms. */
export async function watchPlayback(page: Page): Promise<void> {
  await page.evaluate(() => {
    const v = document.querySelector('video')!;
    // From now: a video that shows nothing more is frozen from the start of the watch.
    const w = { longestMs: 0, mostRanges: v.buffered.length, frames: 0, waits: 0, waited: false, last: performance.now() };
    v.addEventListener('waiting', () => {
      w.waits++;
      w.waited = true;
    });
    (window as unknown as { playback: typeof w }).playback = w;
    const shown = (now: number) => {
      if (!w.waited) w.longestMs = Math.max(w.longestMs, now - w.last);
      w.waited = false;
      w.last = now;
      w.frames++;
      v.requestVideoFrameCallback(shown);
    };
    v.requestVideoFrameCallback(shown);
    setInterval(() => (w.mostRanges = Math.max(w.mostRanges, v.buffered.length)), 100);
  });
}

/** What `watchPlayback` saw so far, with the time since the last picture shown counted as a freeze too. */
export const playback = (page: Page): Promise<Playback> =>
  page.evaluate(() => {
    const w = (window as unknown as { playback: Playback & { last: number; waited: boolean } }).playback;
    const open = w.waited ? 0 : performance.now() - w.last;
    return { longestMs: Math.round(Math.max(w.longestMs, open)), mostRanges: w.mostRanges, frames: w.frames, waits: w.waits };
  });
