/**
 * A camera's sound across nodes (#40 in a cluster) over a real Redis and real sockets: the capture program (the test
 * pattern, a 440 Hz tone through ffmpeg's lavfi standing in for a PC's microphone) connected to node A; a Live
 * Monitor listener on node B hears it, and ffmpeg reading B's stream.mp4 gets the sound track; A's camera is asked for
 * sound only while B wants it; what Redis brings B is checked as a capture side's frames are.
 */
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSound, encodeSound } from '../../../server/relay/sound-codec.js';
import { trackChannel } from '../../../server/cluster/track-bus.js';
import type { LiveAacMeta } from '../../../shared/live-audio.js';
import type { CaptureProgram } from '../../helpers/capture-program.js';
import { ffmpegRun } from '../../helpers/h264.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { setSound, startMicCamera } from '../../helpers/sound.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

const FRAME = { cameraId: 'desk', seq: 7, capturedAt: 1_700_000_000_000, sampleRate: 48_000, channels: 1, config: '1188' };

describe('encodeSound / decodeSound', () => {
  it('carries a frame between nodes in 26 bytes more, and takes back only a checked frame, as the camera of the channel', () => {
    const unit = { meta: FRAME, frame: Buffer.from([1, 2, 3, 4]) };
    const buf = encodeSound(unit);
    expect(decodeSound('desk', buf)).toEqual(unit);
    // 24 bytes and the config's 2 ahead of the frame.
    expect(buf.length).toBe(24 + 2 + 4);
    // The camera is the channel's: the frame decodes as that camera's.
    expect(decodeSound('porch', buf)?.meta.cameraId).toBe('porch');
    // Short, another version, a config that runs past the end, a bad config, a rate out of bounds, an Opus frame that is none, no bytes: dropped.
    expect(decodeSound('desk', buf.subarray(0, 20))).toBeNull();
    expect(decodeSound('desk', Buffer.concat([Buffer.from([2]), buf.subarray(1)]))).toBeNull();
    const long = Buffer.from(buf);
    long.writeUInt8(200, 3);
    expect(decodeSound('desk', long)).toBeNull();
    expect(decodeSound('desk', encodeSound({ meta: { ...FRAME, config: 'ff' }, frame: Buffer.from([1]) }))).toBeNull();
    expect(decodeSound('desk', encodeSound({ meta: { ...FRAME, sampleRate: 200_000 }, frame: Buffer.from([1]) }))).toBeNull();
    expect(decodeSound('desk', encodeSound({ meta: { ...FRAME, codec: 'opus', config: '00'.repeat(11) }, frame: Buffer.from([1]) }))).toBeNull();
    expect(decodeSound('desk', encodeSound({ meta: FRAME, frame: Buffer.alloc(0) }))).toBeNull();
  });
});

describe.runIf(redisAvailable())('TrackBus: the sound of a camera of node A heard on node B', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let program: CaptureProgram;
  let listener: Socket | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    a = await startTestServer({ redisUrl: redis.url, offlineAfterMs: 2000 });
    // One data folder, as a cluster's nodes share it (docs/scaling.md): the sound turned on at A is on at B too.
    b = await startTestServer({ redisUrl: redis.url, offlineAfterMs: 2000, dataDir: a.dataDir });
    program = startMicCamera(a, 'desk', 320);
    await waitFor(() => b.relay.cameraSide.live.canSend('desk'), 'the camera of A sendable as H.264 on B', 60_000, 200).catch((err: Error) => {
      throw new Error(`${err.message}; the capture program said: ${program.output().slice(-1500)}`);
    });
    await setSound(a, 'desk');
    await waitFor(() => b.relay.tracks.sound.allowed('desk'), "the camera's sound on at B, from the shared saved list", 10_000, 100);
  }, 120_000);

  afterAll(async () => {
    listener?.close();
    await program?.kill();
    if (b) await stopTestServer(b, false);
    if (a) await stopTestServer(a);
    await redis?.stop();
  });

  it("gives a listener on B the camera's sound, in order, and asks A's camera for it only while B wants it", async () => {
    const heard: LiveAacMeta[] = [];
    listener = io(`${b.url}/monitor`, { auth: { ...TEST_ADMIN }, transports: ['websocket'], forceNew: true });
    let frameBytes = 0;
    listener.on('aac', (meta: LiveAacMeta, frame: Buffer, ack: () => void) => {
      heard.push(meta);
      frameBytes += frame.length;
      ack();
    });
    expect(await listener.timeout(10_000).emitWithAck('subscribe', { cameraIds: ['desk'], audio: ['desk'] })).toMatchObject({ ok: true });
    await waitFor(() => heard.length >= 50, '50 frames of the microphone at the listener on B', 30_000, 100);
    expect(heard[0]).toMatchObject({ cameraId: 'desk', sampleRate: 48_000, channels: 1 });
    const seqs = heard.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(a.relay.tracks.sound.isRead('desk'), "A listens to its camera for B's listener").toBe(true);
    // Redis traffic of one camera's sound: the bytes A published over a few whole seconds.
    const published = a.cluster!.tracks.counts.get('sound')!;
    const [bytes0, frames0, heard0, at0] = [published.bytes, published.units, frameBytes, Date.now()];
    await waitFor(() => Date.now() - at0 >= 3000 || null, '3 s of sound');
    const seconds = (Date.now() - at0) / 1000;
    const kbits = (bytes: number) => ((bytes * 8) / seconds / 1000).toFixed(1);
    console.log(
      `[track-bus] one camera's sound (48 kHz mono AAC) on Redis: ${kbits(published.bytes - bytes0)} kbit/s, ${((published.units - frames0) / seconds).toFixed(1)} frames/s; the frames alone at B's listener ${kbits(frameBytes - heard0)} kbit/s`,
    );

    // A malformed message and a frame of a bad config on the channel are dropped; B goes on hearing.
    const pub = createClient({ url: redis.url });
    await pub.connect();
    await pub.publish(trackChannel('sound', 'desk'), Buffer.from('not a frame'));
    await pub.publish(trackChannel('sound', 'desk'), encodeSound({ meta: { ...FRAME, config: 'ff', seq: 1e9 }, frame: Buffer.from([1]) }));
    await pub.quit();
    const before = heard.length;
    await waitFor(() => heard.length >= before + 20, '20 more frames on B', 20_000, 100);
    expect(heard.some((m) => m.seq === 1e9)).toBe(false);

    // B's listener leaves: A stops listening to its camera for B once B's want runs out.
    listener.close();
    listener = undefined;
    await waitFor(() => !a.relay.tracks.sound.isRead('desk'), 'A no longer listening for B', 20_000, 200);
  }, 90_000);

  it('hears each frame once after Redis went away and came back', async () => {
    const heard: LiveAacMeta[] = [];
    listener = io(`${b.url}/monitor`, { auth: { ...TEST_ADMIN }, transports: ['websocket'], forceNew: true });
    listener.on('aac', (meta: LiveAacMeta, _frame: unknown, ack: () => void) => {
      heard.push(meta);
      ack();
    });
    expect(await listener.timeout(10_000).emitWithAck('subscribe', { cameraIds: ['desk'], audio: ['desk'] })).toMatchObject({ ok: true });
    await waitFor(() => heard.length >= 20, '20 frames on B', 30_000, 100);
    await redis.stop();
    await waitFor(() => b.cluster!.state() === 'degraded', 'B degraded without Redis', 10_000, 100);
    await redis.start();
    await waitFor(() => a.cluster!.state() === 'ok' && b.cluster!.state() === 'ok', 'both nodes back on Redis', 20_000, 100);
    const since = heard.length;
    await waitFor(() => heard.length >= since + 100, '100 frames on B after Redis came back', 30_000, 100);
    // Each once: a subscription made again beside the one Redis's client restores itself would deliver every frame twice.
    const seqs = heard.slice(since).map((m) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    listener.close();
    listener = undefined;
  }, 90_000);

  it("gives ffmpeg reading B's stream.mp4 the camera's sound as its second track", async () => {
    const cookie = await login(b);
    const res = await fetch(`${b.url}/api/cameras/desk/stream-tokens`, {
      method: 'POST',
      headers: { cookie, ...sameOrigin(b), 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'frigate' }),
    });
    expect(res.status).toBe(201);
    const { secret } = (await res.json()) as { secret: string };
    const url = `${b.url}/api/cameras/desk/stream.mp4?token=${encodeURIComponent(secret)}`;
    const run = await ffmpegRun(['-hide_banner', '-i', url, '-t', '3', '-f', 'null', '-']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Video: h264 /);
    expect(run.err).toMatch(/Audio: aac \(LC\).*48000 Hz, mono/);
  }, 60_000);
});
