/**
 * The streams out with the camera's sound (#41 with #40), real parts end to end: the GStreamer camera's /main-aac
 * (H.264 and a 440 Hz tone as AAC) taken in by a relay-run IP camera, its sound turned on, and the ffmpeg the package
 * ships reading `rtsp://<relay>/<camera>`, `stream.mp4` and `stream.m3u8` as Home Assistant's, VLC's or Frigate's
 * would: two tracks, H.264 and AAC, the sound decoded is the tone (not silence), and both tracks are on the relay's
 * capture clock (RTCP sender reports on RTSP; one timeline in the fMP4). With the sound off the same URLs have the
 * picture only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegRun } from '../../helpers/h264.js';
import { rtspCameraAvailable, rtspCameraAvMounts, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { setSound, soundCameraWithToken } from '../../helpers/sound.js';
import { patient, waitFor } from '../../helpers/wait.js';

describe.runIf(rtspCameraAvailable() && rtspCameraAvMounts())('RTSP out with sound', () => {
  let server: TestServer;
  let camera: RtspCamera;
  let url: string;
  let mp4: string;
  let hls: string;

  beforeAll(async () => {
    // A GOP of 8 s: a reader starts with the picture's kept GOP, up to 8 s old, and the sound from now.
    camera = await startRtspCamera({ fps: 10, gop: 80 });
    server = await startTestServer({ rtspPort: 0 });
    const secret = await soundCameraWithToken(server, camera, 'frigate');
    url = `rtsp://127.0.0.1:${server.provided.need('streams').rtspPort!}/yard?token=${encodeURIComponent(secret)}`;
    mp4 = `${server.url}/api/cameras/yard/stream.mp4?token=${encodeURIComponent(secret)}`;
    hls = `${server.url}/api/cameras/yard/stream.m3u8?token=${encodeURIComponent(secret)}`;
  }, 60_000);

  afterAll(async () => {
    await stopTestServer(server);
    await camera?.stop();
  });

  const input = (of: string) => (of.startsWith('rtsp:') ? ['-rtsp_transport', 'tcp', '-i', of] : ['-i', of]);
  /**
   * About 3 s of the stream's sound as 8 kHz mono samples (140 frames of 1024 at 48 kHz: the HTTP streams start with
   * the picture's kept GOP, seconds before the sound, so a time limit would end before it), and what ffmpeg said.
   */
  const listen = (of: string) => ffmpegRun(['-hide_banner', ...input(of), '-map', '0:a', '-frames:a', '140', '-ac', '1', '-ar', '8000', '-f', 's16le', '-']);

  /** The tone heard: two tracks, H.264 then AAC, and ~3 s of sound far from silence. */
  async function hearsTone(of: string): Promise<void> {
    // The camera is listed at its first picture; its record stream (with the sound) comes a moment later.
    const run = await waitFor(
      async () => {
        const r = await listen(of);
        return r.code === 0 && r.out.length > 0 ? r : null;
      },
      'the stream to carry sound',
      60_000,
      1000,
    );
    expect(run.err).toMatch(/Stream #0:0.*: Video: h264/);
    // AAC at 48 kHz stereo. ffmpeg names the profile, "(LC)", only when its probe read a sound packet: the HTTP streams
    // start with the picture's kept GOP, up to 8 s before the sound, and on a loaded box (CI 39a) the probe ended first.
    // The profile is the fMP4's (its esds, fmp4 tests); the tone decoded below is what tells the sound is right.
    expect(run.err).toMatch(/Stream #0:1.*: Audio: aac\b.*, 48000 Hz, stereo/);
    const samples = new Int16Array(run.out.buffer, run.out.byteOffset, run.out.length >> 1);
    expect(samples.length).toBeGreaterThan(8000 * 2.5);
    const rms = Math.sqrt(samples.reduce((n, s) => n + s * s, 0) / samples.length);
    expect(rms, 'the tone, not silence').toBeGreaterThan(1000);
  }

  /**
   * On one clock: a reader starts with the picture's kept GOP (older) and the sound from now, then both come live. At
   * the live edge a picture and the sound that arrived beside it carry times well under a second apart, not the GOP's
   * age apart (seconds; on a loaded box the two streams' arrivals at the capture side differ by a few hundred ms).
   */
  async function onOneClock(of: string, seconds: number): Promise<void> {
    const probe = await ffmpegRun(['-hide_banner', ...input(of), '-t', String(seconds), '-f', 'null', '-', '-debug_ts']);
    const packets = [...probe.err.matchAll(/^demuxer -> ist_index:(\d) .*? pkt_pts_time:(\S+)/gm)].map((m) => ({ audio: m[1] === '1', t: Number(m[2]) }));
    const apart: number[] = [];
    let sound: number | null = null;
    for (const p of packets.slice(-60)) {
      if (p.audio) sound = p.t;
      else if (sound !== null) apart.push(Math.abs(p.t - sound));
    }
    apart.sort((a, b) => a - b);
    expect(apart.length, probe.err.slice(-1500)).toBeGreaterThan(5);
    expect(apart[apart.length >> 1], `picture to sound beside it, s: ${apart.join(' ')}`).toBeLessThan(1);
  }

  it("gives an RTSP reader the picture and the sound, the tone heard, both on the relay's capture clock", async () => {
    await hearsTone(url);
    await onOneClock(url, 4);
  }, 120_000);

  it('gives a stream.mp4 reader both tracks in one fMP4, the tone heard, both on one timeline', async () => {
    await hearsTone(mp4);
    // The kept GOP (up to 8 s) comes at once, then live: 12 s of output is ~4 s at the live edge.
    await onOneClock(mp4, 12);
  }, 120_000);

  it('gives an HLS reader both tracks in its segments, the tone heard, both on one timeline', async () => {
    await hearsTone(hls);
    await onOneClock(hls, 12);
  }, 120_000);

  it('ends a stream.mp4 reader whose sound stops, and gives the picture only once the sound is off', async () => {
    // A reader with both tracks, reading on until its response ends.
    const reading = ffmpegRun(['-hide_banner', '-i', mp4, '-f', 'null', '-']);
    await waitFor(
      async () =>
        (await fetch(`${server.url}/metrics`, { headers: server.adminAuth }).then((r) => r.text())).includes('camrelay_stream_readers{camera="yard"} 1'),
      'the reader open',
      30_000,
      200,
    );
    await setSound(server, 'yard', false);
    // No sound frame for 3 s: the response ends at the next keyframe (8 s GOPs here), so the player opens it again picture-only.
    const ended = await Promise.race([reading, new Promise<null>((resolve) => setTimeout(() => resolve(null), patient(30_000)))]);
    expect(ended, 'the reader ended').not.toBeNull();
    expect(ended!.err).toMatch(/Audio: aac/);
    const run = await ffmpegRun(['-hide_banner', '-rtsp_transport', 'tcp', '-i', url, '-frames:v', '5', '-f', 'null', '-']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Stream #0:0: Video: h264/);
    expect(run.err).not.toMatch(/Audio:/);
    // stream.mp4 asks the probe again: the sound off, its init segment has the picture's track alone.
    const http = await ffmpegRun(['-hide_banner', '-i', mp4, '-frames:v', '5', '-f', 'null', '-']);
    expect(http.code, http.err).toBe(0);
    expect(http.err).not.toMatch(/Audio:/);
  }, 60_000);
});
