/**
 * What a picture costs this Chromium to decode, on the box as loaded as the rows found it: the bench
 * fixture's 720p GOP through VideoDecoder (to an ImageBitmap, as the Live Monitor's worker does) and the
 * same pictures' JPEGs through createImageBitmap (as a JPEG tile does), one after the other, wall time.
 */
import type { Page } from 'playwright-core';
import { h264Codec } from '../../common/codec/sps.js';
import { loadFixtures } from './fixtures.js';
import { h264Fixture } from './h264-fixture.js';

export interface DecodeSpeed {
  /** Wall ms per 720p picture, decoded one at a time. */
  h264Ms: number;
  jpegMs: number;
  frames: number;
}

/** Runs in `page` (a secure context, for VideoDecoder). */
export async function decodeSpeed(page: Page, fps: number): Promise<DecodeSpeed> {
  const units = await h264Fixture(fps);
  const codec = h264Codec(units[0]!.data);
  const jpegs = await loadFixtures();
  const arg = { codec, units: units.map((u) => ({ key: u.keyframe, b64: u.data.toString('base64') })), jpegs: jpegs.map((j) => j.toString('base64')) };
  // tsx keeps function names through a helper (`__name`) that the page does not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(async ({ codec, units, jpegs }) => {
    // One unit at a time, as a live stream comes: decode, then the bitmap the tile would be handed.
    let done: (() => void) | null = null;
    const decoder = new VideoDecoder({
      output: (frame) => void createImageBitmap(frame).then((b) => (b.close(), frame.close(), done?.())),
      error: () => done?.(),
    });
    decoder.configure({ codec: codec!, optimizeForLatency: true });
    const data = units.map((u) => ({ key: u.key, data: Uint8Array.from(atob(u.b64), (c) => c.charCodeAt(0)) }));
    const t0 = performance.now();
    for (let i = 0; i < data.length; i++) {
      const picture = new Promise<void>((resolve) => (done = resolve));
      decoder.decode(new EncodedVideoChunk({ type: data[i]!.key ? 'key' : 'delta', timestamp: i, data: data[i]!.data }));
      await picture;
    }
    const h264Ms = (performance.now() - t0) / data.length;
    decoder.close();
    const blobs = jpegs.map((j) => new Blob([Uint8Array.from(atob(j), (c) => c.charCodeAt(0))], { type: 'image/jpeg' }));
    const t1 = performance.now();
    for (const blob of blobs) (await createImageBitmap(blob)).close();
    return { h264Ms, jpegMs: (performance.now() - t1) / blobs.length, frames: data.length };
  }, arg);
}
