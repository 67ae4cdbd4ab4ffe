/**
 * A phone or browser camera's sound recorded (#40 item 3, "a recording of a phone plays back with sound"), with real
 * parts: the capture page in Chromium with its fake camera and microphone (a beep) sends to a relay that records the
 * camera; nobody listens, yet the page opens its microphone for the recording; the relay encodes the pictures and copies
 * the Opus beside them; ffmpeg reads both tracks from the segment and decodes the beep; the Live Monitor's playback plays
 * the recording with its sound.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { shots } from '../helpers/admin-page.js';
import { browserAvailable } from '../helpers/browser.js';
import { openCapturePage, useCameraBrowser } from '../helpers/camera-page.js';
import { ffmpegRun } from '../helpers/h264.js';
import { openMonitor } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { setSound } from '../helpers/sound.js';
import { waitFor } from '../helpers/wait.js';
import { segmentTracks } from '../server/recording/media.js';

interface Listed {
  segments: Array<{ start: number; end: number; frames: number; state: string; endReason: string | null; audio?: string; format: string; url: string }>;
}

/** The loudest sample of the file's sound, decoded by ffmpeg (0..1). */
async function peak(file: string): Promise<number> {
  const { code, out, err } = await ffmpegRun(['-hide_banner', '-loglevel', 'error', '-i', file, '-map', '0:a', '-ac', '1', '-ar', '8000', '-f', 's16le', '-']);
  if (code !== 0) throw new Error(`ffmpeg could not decode the sound of ${file}: ${err}`);
  const pcm = new Int16Array(out.buffer, out.byteOffset, out.length >> 1);
  return pcm.reduce((m, s) => Math.max(m, Math.abs(s)), 0) / 32768;
}

describe.runIf(browserAvailable())("a phone or browser camera's sound, recorded", () => {
  const browser = useCameraBrowser();
  let server: TestServer;
  let tmp: string;
  const since = Date.now();

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-mic-rec-'));
    server = await startTestServer({
      recording: { ...RECORDING_DEFAULTS, segmentSeconds: 4, cameras: { stage: { mode: 'continuous', fps: 10, motion: { enabled: false } } } },
    });
  });
  afterAll(async () => {
    await stopTestServer(server);
    rmSync(tmp, { recursive: true, force: true });
  });

  /**
   * A segment with sound that ran its length: on a box whose CPU is short the recorder's ffmpeg (lowest priority, so
   * live viewing goes first) may end one in error or be cut by the test's end, and those say so in their endReason.
   */
  const whole = (s: Listed['segments'][number]) => s.state === 'closed' && s.endReason === 'rotate' && s.frames > 0 && s.audio === 'opus';

  const list = async (): Promise<Listed> => {
    const res = await fetch(`${server.url}/api/cameras/stage/recordings?from=${since - 60_000}&to=${Date.now() + 60_000}`, { headers: server.adminAuth });
    return (await res.json()) as Listed;
  };

  it('opens the microphone for the recording with nobody listening, and records its Opus beside the encoded pictures', async () => {
    const { secret } = server.store.createToken('stage', 'phone');
    const capture = await openCapturePage(browser(), `${server.url}/capture#camera=stage&token=${secret}`, { size: '854x480', fps: 10 });
    await setSound(server, 'stage');
    await waitFor(
      async () => (await capture.page.getAttribute('[data-testid="capture-mic"]', 'data-mic')) === 'sending',
      'the page sending its microphone to the recording',
      60_000,
      100,
    );
    expect(await capture.page.textContent('[data-testid="capture-mic"]')).toBe('Microphone: sending its sound (Opus, 48 kHz) to a listener or the recording.');
    const listed = await waitFor(
      async () => {
        const l = await list();
        return l.segments.some(whole) ? l : null;
      },
      'a closed segment with sound',
      90_000,
      500,
    );
    const segment = listed.segments.find(whole)!;
    expect(segment.format).toBe('h264');
    const file = path.join(tmp, 'segment.mp4');
    const { video, audio } = await segmentTracks(server, segment.url, file);
    expect([video.codec, audio.codec]).toEqual(['h264', 'opus']);
    // The sound kept is as long as the picture (within a tenth): none lost, none doubled. Its packets' own span may be
    // longer: a page the box held up for seconds sends what it heard next with its true times, a gap in the file.
    const spans = `segment ${segment.end - segment.start} ms: picture ${video.ms} ms in ${video.packets}, sound ${audio.playedMs} ms in ${audio.packets} over ${audio.ms} ms`;
    expect(Math.abs(audio.playedMs - video.ms) / video.ms, spans).toBeLessThan(0.1);
    // Chromium's fake microphone beeps: the recorded sound is not silence.
    expect(await peak(file)).toBeGreaterThan(0.05);
    console.log(`segment ${segment.start}: picture ${Math.round(video.ms)} ms, Opus ${Math.round(audio.ms)} ms in ${audio.packets} packets`);

    // Played back in the Live Monitor with its sound on: the browser decodes the recording's sound.
    const monitor = await openMonitor(browser(), server.url);
    try {
      const page = monitor.page;
      await page.goto(`${server.url}/#/camera/stage/at/${segment.start + 500}`);
      const sound = page.locator('[data-testid="playback-sound"]');
      await waitFor(async () => (await sound.textContent()) === 'Sound off' && (await sound.isEnabled()), 'the recording offering its sound', 30_000, 100);
      await sound.click();
      expect(await sound.textContent()).toBe('Sound on');
      await page.click('[data-testid="playback-play"]');
      await waitFor(
        () =>
          page.$eval(
            '[data-testid="playback-video"]',
            (v) => (v as HTMLVideoElement & { webkitAudioDecodedByteCount: number }).webkitAudioDecodedByteCount > 0,
          ),
        "the recording's sound decoded as it plays",
        30_000,
        100,
      );
      expect(await page.$eval('[data-testid="playback-video"]', (v) => (v as HTMLVideoElement).muted)).toBe(false);
      await shots(page, 'capture-mic-playback', 'playback-sound');
    } finally {
      await monitor.close();
    }
  }, 240_000);
});
