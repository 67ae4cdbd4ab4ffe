/**
 * An HLS player's latency from capture (#41's rows at the player): hls.js in Chromium, as a web page would play a
 * camera's stream.m3u8 (for LL-HLS lowLatencyMode, and playing up to 1.5× fast to catch up with its target latency,
 * as a page made for low latency would; for plain HLS hls.js' defaults), and every 250 ms while the video plays,
 * now less `hls.playingDate`: the capture time of the frame on screen, from the playlist's PROGRAM-DATE-TIME
 * (the relay writes each segment's capture time there) and the position in the segment. The page and relay
 * share this machine's clock.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../test/helpers/browser.js';

const hlsJs = readFileSync(createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js'), 'utf8');

const PAGE = (lowLatency: boolean) => `<!doctype html><video id="v" muted autoplay playsinline></video>
<script src="/hls-bench/hls.min.js"></script>
<script>
  const v = document.getElementById('v');
  const hls = new Hls(${lowLatency ? '{ lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.5 }' : '{ lowLatencyMode: false }'});
  hls.loadSource(new URLSearchParams(location.search).get('src'));
  hls.attachMedia(v);
  window.samples = [];
  setInterval(() => {
    const at = hls.playingDate;
    if (at && !v.paused && v.readyState >= 3) samples.push(Date.now() - at.getTime());
  }, 250);
</script>`;

export interface HlsPlayer {
  /** Latency samples so far (ms), and forgets them. */
  take(): Promise<number[]>;
  close(): Promise<void>;
}

/** Opens `src` (a stream.m3u8 URL with its token) in hls.js, on the relay's own origin `origin`. */
export async function startHlsPlayer(origin: string, src: string, lowLatency: boolean): Promise<HlsPlayer> {
  const browser: Browser = await launchBrowser();
  const page: Page = await browser.newPage({ viewport: { width: 640, height: 360 } });
  await page.route(`${origin}/hls-bench/page.html*`, (r) => r.fulfill({ contentType: 'text/html', body: PAGE(lowLatency) }));
  await page.route(`${origin}/hls-bench/hls.min.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: hlsJs }));
  await page.goto(`${origin}/hls-bench/page.html?src=${encodeURIComponent(src)}`);
  return {
    take: () => page.evaluate(() => (window as unknown as { samples: number[] }).samples.splice(0)),
    close: () => browser.close(),
  };
}
