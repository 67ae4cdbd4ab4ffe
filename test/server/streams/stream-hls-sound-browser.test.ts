/**
 * Chromium plays a camera's HLS with its sound through hls.js (#41 with #40), as a web page of another program
 * would: the GStreamer camera's /main-aac (H.264 and a 440 Hz tone as AAC) taken in by a relay-run IP camera, its
 * sound on, and the playlist read with a stream token. hls.js finds both tracks in the segments (one muxed fMP4),
 * the picture plays on and the browser decodes the sound beside it. Screenshots of the page.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../../helpers/browser.js';
import { advancesASecond, fatalErrors, openHlsPage } from '../../helpers/hls-page.js';
import { rtspCameraAvailable, rtspCameraAvMounts, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { soundCameraWithToken } from '../../helpers/sound.js';
import { patient, waitFor } from '../../helpers/wait.js';

const SHOTS = process.env.CAMRELAY_SHOTS;

/** Bytes of sound the page's video element decoded so far (Chromium's own counter). */
const soundDecoded = (page: Page) =>
  page.evaluate(() => (document.querySelector('video') as HTMLVideoElement & { webkitAudioDecodedByteCount: number }).webkitAudioDecodedByteCount);

describe.runIf(browserAvailable() && rtspCameraAvailable() && rtspCameraAvMounts())('HLS with sound in Chromium through hls.js', () => {
  let server: TestServer;
  let camera: RtspCamera;
  let browser: Browser;
  let src: string;

  beforeAll(async () => {
    camera = await startRtspCamera({ fps: 10, gop: 20 });
    server = await startTestServer();
    src = `${server.url}/api/cameras/yard/stream.m3u8?token=${encodeURIComponent(await soundCameraWithToken(server, camera, 'web page'))}`;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stopTestServer(server);
    await camera?.stop();
  });

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    it(`plays the picture with its sound at ${width}×${height}: both tracks found, the sound decoded as the picture plays`, async () => {
      // The camera is listed at its first picture and its record stream (with the sound) comes a moment later: the
      // first playlist may have the picture alone, so the page is opened again until hls.js finds the sound.
      let page: Page | null = null;
      const codecs = await waitFor(
        async () => {
          await page?.close();
          page = await openHlsPage(browser, server.url, src, width, height);
          const codecs = await waitFor(
            () => page!.evaluate(() => ((c) => (c.length > 0 ? c.join(' ') : null))((window as unknown as { codecs: string[] }).codecs)),
            'hls.js to read the stream',
            30_000,
            200,
          );
          return /avc1\./.test(codecs) && /mp4a\.40\.2/.test(codecs) ? codecs : null;
        },
        'hls.js to find the picture and the sound',
        60_000,
        1000,
      );
      const p = page!;
      try {
        // One muxed buffer (audiovideo) or two: either way both codecs, as the init segment names them.
        expect(codecs).toMatch(/audiovideo:mp4a\.40\.2,avc1\.|audio:mp4a\.40\.2/);
        await advancesASecond(p);
        const before = await soundDecoded(p);
        await advancesASecond(p);
        expect(await soundDecoded(p), 'sound decoded while the picture played a second').toBeGreaterThan(before);
        expect(await p.evaluate(() => document.querySelector('video')!.videoWidth)).toBeGreaterThan(0);
        expect(await fatalErrors(p)).toEqual([]);
        if (SHOTS) await p.screenshot({ path: path.join(SHOTS, `hls-sound-${width}.png`), timeout: patient(30_000) });
      } finally {
        await p.close();
      }
    }, 240_000);
  }
});
