/**
 * Playback's sound (#29) in Chromium: a camera recorded by copy with its AAC (a real relay, a capture
 * connection sending real libx264 units and AAC frames) plays muted until the person turns the
 * sound on, and the choice holds for the next recording; one recorded without sound says so. And a
 * recording kept as H.265 by copy, which Debian's Chromium cannot play, is said in words, not a black box.
 */
import { setSound } from '../helpers/sound.js';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { h264AccessUnits } from '../helpers/h264.js';
import { hevcAccessUnits } from '../helpers/h265.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { aacFrames } from '../server/recording/aac-fixtures.js';
import { openPage } from './playback-scene.js';

const FRAMES = 45;
const sound = '[data-testid="playback-sound"]';

/** Records `camera` for 3 s by copy, with its sound when `withSound`, as H.265 when `h265`; resolves when its segment is closed. */
async function record(server: TestServer, camera: string, withSound: boolean, h265 = false): Promise<number> {
  const aus = h265 ? await hevcAccessUnits(FRAMES) : await h264AccessUnits(FRAMES, 320, 180, 15);
  const [width, height] = h265 ? [640, 360] : [320, 180];
  const audio = await aacFrames(4);
  const socket: Socket = io(`${server.url}/capture`, {
    auth: { token: server.captureToken, cameraId: camera, offers: ['h264'] },
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
  });
  await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject));
  // A camera's sound is off until an admin turns it on (#40).
  if (withSound) await setSound(server, camera);
  const first = Date.now();
  let a = 0;
  for (let i = 0; i < FRAMES; i++) {
    const at = first + i * 66;
    await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
    const sends: Array<Promise<unknown>> = [];
    for (; withSound && a * audio.frameMs <= at - first; a++) {
      const meta = {
        seq: a + 1,
        capturedAt: first + Math.round(a * audio.frameMs),
        sampleRate: audio.sampleRate,
        channels: audio.channels,
        config: audio.config,
      };
      sends.push(socket.emitWithAck('aac', meta, audio.frames[a]!));
    }
    sends.push(
      socket.emitWithAck(
        'h264',
        { seq: i + 1, capturedAt: Date.now(), keyframe: aus[i]!.keyframe, width, height, ...(h265 ? { codec: 'h265' } : {}) },
        aus[i]!.au,
      ),
    );
    await Promise.all(sends);
  }
  socket.disconnect();
  await waitFor(
    async () => {
      const res = await fetch(`${server.url}/api/cameras/${camera}/recordings?from=${first - 60_000}&to=${Date.now() + 60_000}`, { headers: server.adminAuth });
      const { segments } = (await res.json()) as { segments: Array<{ state: string }> };
      return segments.length > 0 && segments.every((s) => s.state === 'closed');
    },
    `${camera}'s segment closed`,
    15_000,
    200,
  );
  return first + 500;
}

describe.runIf(browserAvailable())('playback sound in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  let loud: number;
  let quiet: number;
  let hevc: number;

  beforeAll(async () => {
    const continuous = { mode: 'continuous' as const, fps: 15 };
    const cameras = { door: continuous, shed: continuous, gate: continuous };
    server = await startTestServer({ offlineAfterMs: 1000, recording: { ...RECORDING_DEFAULTS, segmentSeconds: 60, cameras } });
    [loud, quiet, hevc] = await Promise.all([record(server, 'door', true), record(server, 'shed', false), record(server, 'gate', false, true)]);
  });

  afterAll(async () => {
    await stopTestServer(server);
  });

  it('plays a recording with sound muted until the sound is turned on, keeps the choice, and says when one has none', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openPage(() => context.newPage(), server, `#/camera/door/at/${loud}`);
    const video = '[data-testid="playback-video"]';
    await page.waitForSelector(`${sound}:not([disabled])`, { timeout: 15_000 });
    expect(await page.getAttribute(sound, 'aria-pressed')).toBe('false');
    expect(await page.$eval(video, (v) => (v as HTMLVideoElement).muted)).toBe(true);
    await page.click(sound);
    expect(await page.getAttribute(sound, 'aria-pressed')).toBe('true');
    expect(await page.textContent(sound)).toBe('Sound on');
    expect(await page.$eval(video, (v) => (v as HTMLVideoElement).muted)).toBe(false);
    await page.screenshot({ path: '/tmp/playback-sound-desktop.png' });

    // A recording without sound: the button says so and cannot be pressed; the video stays muted.
    await page.evaluate((hash) => (location.hash = hash), `#/camera/shed/at/${quiet}`);
    await page.waitForSelector(`${sound}[disabled]`, { timeout: 15_000 });
    expect(await page.getAttribute(sound, 'title')).toBe('This recording has no sound');
    expect(await page.$eval(video, (v) => (v as HTMLVideoElement).muted)).toBe(true);

    // Back to one with sound, after a reload: the choice held.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/#/camera/door/at/${loud}`);
    await page.waitForSelector(`${sound}[aria-pressed="true"]`, { timeout: 15_000 });
    expect(await page.$eval(video, (v) => (v as HTMLVideoElement).muted)).toBe(false);
    await page.screenshot({ path: '/tmp/playback-sound-phone.png' });
    await context.close();
  });

  it('says in words that an H.265 recording does not play in this browser, with Export still there', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openPage(() => context.newPage(), server, `#/camera/gate/at/${hevc}`);
    // Said in the screen, where the picture would be, not below a black box.
    const words = '[data-testid="playback-screen"] [data-testid="playback-unplayable"]';
    await page.waitForSelector(`${words}:not([hidden])`, { timeout: 15_000 });
    expect(await page.textContent(words)).toMatch(/^This recording is H\.265, which this browser cannot play: .*Export downloads it\.$/);
    const [box, screen] = await Promise.all([page.locator(words).boundingBox(), page.locator('[data-testid="playback-screen"]').boundingBox()]);
    expect(box!.y).toBeGreaterThanOrEqual(screen!.y);
    expect(box!.y + box!.height).toBeLessThanOrEqual(screen!.y + screen!.height + 1);
    expect(await page.isHidden('[data-testid="playback-notice"]')).toBe(true);
    expect(await page.isVisible('[data-testid="export-toggle"], button:has-text("Export")')).toBe(true);
    await page.screenshot({ path: '/tmp/playback-h265-desktop.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/playback-h265-phone.png' });
    await context.close();
  });
});
