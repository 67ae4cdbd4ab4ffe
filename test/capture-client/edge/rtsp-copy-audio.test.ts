/**
 * A camera's AAC beside its copied H.264, with real parts: the test camera (/main-aac: /main with AAC-LC 48 kHz
 * stereo), the bundled ffmpeg copying both, the real H264Feed, H264Link and SocketioSender, and a Socket.IO
 * server double on port 0 in the relay's place that acks and records what arrives (the relay's side of `aac`
 * is another engineer's).
 */
import { spawn } from 'node:child_process';
import { createServer, type Server as HttpServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Server } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { H264Link } from '../../../common/capture/h264-link.js';
import { SocketioSender } from '../../../common/capture/senders/socketio.js';
import { adtsHeader } from '../../../common/codec/adts.js';
import { RtspCopy } from '../../../capture-client/edge/rtsp-copy.js';
import { resolveFfmpegPath } from '../../../capture-client/sources/ffmpeg-binary.js';
import { H264Feed } from '../../../capture-client/h264-feed.js';
import type { AacFrameMeta, CaptureDemand, H264FrameMeta } from '../../../shared/demand.js';
import { CAPTURE_NAMESPACE } from '../../../shared/protocol.js';
import { rtspCameraAvMounts, startRtspCamera, type RtspCamera, type RtspCameraStream } from '../../helpers/rtsp-camera.js';
import { patience, patient, waitFor } from '../../helpers/wait.js';

const FPS = 15;
let camera: RtspCamera;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-rtsp-audio-'));
  if (rtspCameraAvMounts()) camera = await startRtspCamera({ user: 'admin', password: 'p@ss', fps: FPS, gop: FPS });
});

afterAll(async () => {
  await camera?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

interface Arrived<M> {
  meta: M;
  data: Buffer;
  at: number;
}

/** The relay's place: /capture on port 0, the demand it is told, and every h264 and aac event, acked. */
class RelayDouble {
  readonly h264: Arrived<H264FrameMeta>[] = [];
  readonly aac: Arrived<AacFrameMeta>[] = [];
  private readonly http: HttpServer = createServer();
  private readonly io = new Server(this.http);
  demand: CaptureDemand = { h264: true, widths: [] };

  async listen(): Promise<string> {
    this.io.of(CAPTURE_NAMESPACE).on('connection', (socket) => {
      socket.emit('demand', this.demand);
      socket.on('h264', (meta: H264FrameMeta, data: Buffer, ack: (r: unknown) => void) => {
        this.h264.push({ meta, data, at: Date.now() });
        ack({ ok: true, seq: meta.seq });
      });
      socket.on('aac', (meta: AacFrameMeta, data: Buffer, ack: (r: unknown) => void) => {
        this.aac.push({ meta, data, at: Date.now() });
        ack({ ok: true, seq: meta.seq });
      });
    });
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.http.address() as { port: number }).port}`;
  }

  ask(demand: CaptureDemand): void {
    this.demand = demand;
    this.io.of(CAPTURE_NAMESPACE).emit('demand', demand);
  }

  async close(): Promise<void> {
    await this.io.close();
  }
}

const running: { feed: H264Feed; sender: SocketioSender; relay: RelayDouble }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.feed.stop();
    r.sender.close();
    await r.relay.close();
  }
});

/** The capture side of one camera's record stream, wired as run.ts wires it, against a fresh relay double. */
async function copying(stream: RtspCameraStream) {
  const relay = new RelayDouble();
  const server = await relay.listen();
  const copy = new RtspCopy({ url: camera.url(stream) });
  const errors: Error[] = [];
  copy.onError((err) => errors.push(err));
  let link: H264Link | null = null;
  let feed: H264Feed | null = null;
  const sender = new SocketioSender({ server, cameraId: 'porch', token: 't', ackTimeoutMs: 5000, offers: ['h264'] }, (e) => {
    if (e.type === 'connected') link!.connection(true);
    if (e.type === 'disconnected') link!.connection(false);
    if (e.type === 'demand') {
      feed!.setWanted(e.demand.h264);
      feed!.setAudio(e.demand.audio !== false);
    }
  });
  link = new H264Link({ carrier: () => sender, session: 's1', syncClock: false });
  feed = new H264Feed(copy, link, { fps: FPS });
  running.push({ feed, sender, relay });
  return { relay, copy, feed, errors };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** How long ffmpeg decodes the frames for, once each has its ADTS header back from `config` (ms). */
async function decodedMs(frames: Arrived<AacFrameMeta>[]): Promise<{ ms: number; log: string }> {
  const file = path.join(tmp, 'audio.aac');
  writeFileSync(file, Buffer.concat(frames.flatMap((f) => [adtsHeader(f.meta.config, f.data.length), f.data])));
  const child = spawn(resolveFfmpegPath(), ['-hide_banner', '-nostdin', '-i', file, '-f', 'null', '-'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d));
  await new Promise((resolve) => child.once('close', resolve));
  const t = [...log.matchAll(/time=(\d+):(\d+):(\d+\.\d+)/g)].at(-1);
  return { ms: t ? (Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3])) * 1000 : -1, log };
}

describe.runIf(rtspCameraAvMounts())('RtspCopy with the main stream’s audio', () => {
  it('sends each AAC frame raw with a config ffmpeg plays back, 5 s of it lasting 5 s within 5%', async () => {
    const { relay } = await copying('main-aac');
    await waitFor(() => relay.aac.length > 0 && relay.h264.length > 0, 'audio and video at the relay', 15_000);
    const first = relay.aac.length;
    await waitFor(() => relay.aac.at(-1)!.at - relay.aac[first]!.at >= 5000, '5 s of audio', 15_000);
    const frames = relay.aac.slice(first);
    const wallMs = frames.at(-1)!.at - frames[0]!.at + 1024 / 48;
    expect(frames[0]!.meta).toMatchObject({ config: '1190', sampleRate: 48000, channels: 2, session: 's1' });
    expect(frames.map((f) => f.meta.seq)).toEqual(frames.map((_, i) => frames[0]!.meta.seq + i));
    // No ADTS header left on a frame: its sync word would start it.
    expect(frames.some((f) => f.data[0] === 0xff && (f.data[1]! & 0xf0) === 0xf0)).toBe(false);
    const { ms, log } = await decodedMs(frames);
    expect(log).toMatch(/Audio: aac \(LC\), 48000 Hz, stereo/);
    // Arrival times bound the span: a loaded box delays the first or last arrival, so the bound stretches with the load.
    expect(Math.abs(ms - wallMs) / wallMs).toBeLessThanOrEqual(0.05 * patience());
  }, 40_000);

  it('gives audio and video capture times within 200 ms of each other over 5 s', async () => {
    const { relay } = await copying('main-aac');
    await waitFor(() => relay.aac.length > 0 && relay.h264.length > 0, 'audio and video at the relay', 15_000);
    const from = Date.now();
    await waitFor(() => Date.now() - from >= 5000 && relay.aac.at(-1)!.at >= from + 5000, '5 s of both', 15_000);
    // Each stream's capture times against one clock (arrival here): in step when the two lags agree.
    const lag = (list: Arrived<{ capturedAt: number }>[]) => median(list.filter((x) => x.at >= from).map((x) => x.at - x.meta.capturedAt));
    expect(Math.abs(lag(relay.h264) - lag(relay.aac))).toBeLessThanOrEqual(patient(200));
  }, 40_000);

  it('sends no audio while the demand asks no h264, and none is left waiting', async () => {
    const { relay, copy, feed } = await copying('main-aac');
    await waitFor(() => relay.aac.length > 0, 'audio at the relay', 15_000);
    relay.ask({ h264: false, widths: [] });
    await waitFor(() => !feed.running && copy.pid === undefined, 'the copy stopped', 2000);
    const sent = relay.aac.length;
    // Asked again, the copy starts afresh: audio comes back, and none came in between.
    relay.ask({ h264: true, widths: [] });
    await waitFor(() => relay.h264.some((u) => u.meta.capturedAt > Date.now() - 1000 && relay.aac.length > sent), 'the copy back', 15_000);
    const gap = relay.aac.slice(sent - 1, sent + 1).map((f) => f.meta.capturedAt);
    expect(feed.audio.length).toBeLessThan(50);
    expect(gap[1]! - gap[0]!).toBeGreaterThan(100);
  }, 40_000);

  it("sends no sound while the relay's demand says audio: false (#40: the camera's sound is off), the video all the same", async () => {
    const { relay } = await copying('main-aac');
    relay.ask({ h264: true, widths: [], audio: false });
    await waitFor(() => relay.h264.filter((u) => u.meta.keyframe).length >= 2, 'two keyframes at the relay', 15_000);
    // What came before the demand reached the capture side went with the first connect's older demand.
    const before = relay.aac.length;
    const from = relay.h264.length;
    await waitFor(() => relay.h264.length >= from + 20, '20 more pictures', 15_000);
    expect(relay.aac.length).toBe(before);
    relay.ask({ h264: true, widths: [], audio: true });
    await waitFor(() => relay.aac.length > before, 'the sound back once audio is asked', 15_000);
  }, 40_000);

  it('makes G.711 sound AAC here (16 kHz mono, #40), says so once, and its 3 s last 3 s within 10%', async () => {
    const { relay, copy, errors } = await copying('main-pcmu');
    await waitFor(() => relay.aac.length > 0 && relay.h264.filter((u) => u.meta.keyframe).length >= 2, 'sound and pictures at the relay', 20_000);
    expect(copy.audioCodec).toBe('pcm_mulaw');
    expect(relay.aac[0]!.meta).toMatchObject({ sampleRate: 16_000, channels: 1 });
    const first = relay.aac.length;
    await waitFor(() => relay.aac.at(-1)!.at - relay.aac[first]!.at >= 3000, '3 s of sound', 15_000);
    const frames = relay.aac.slice(first);
    const { ms, log } = await decodedMs(frames);
    expect(log).toMatch(/Audio: aac \(LC\), 16000 Hz, mono/);
    const wallMs = frames.at(-1)!.at - frames[0]!.at;
    expect(Math.abs(ms - wallMs) / wallMs).toBeLessThanOrEqual(0.1 * patience());
    expect(errors.map((e) => e.message)).toEqual(["The camera's audio is pcm_mulaw: it is made AAC here (16 kHz mono) to be heard and recorded."]);
  }, 40_000);

  it('sends no aac for a main stream without audio, and its video all the same', async () => {
    const { relay, copy, errors } = await copying('main');
    await waitFor(() => relay.h264.filter((u) => u.meta.keyframe).length >= 2, 'two keyframes at the relay', 15_000);
    expect(relay.aac).toEqual([]);
    expect(copy.audioCodec).toBeNull();
    expect(errors).toEqual([]);
  }, 40_000);
});
