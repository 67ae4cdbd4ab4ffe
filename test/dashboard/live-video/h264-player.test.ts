/**
 * H264Player's stall rule with a decoder slower than the stream (a fake: the slowness is the point). The
 * browser's parts it touches are stood in: an animation frame is a microtask, the canvas takes any bitmap,
 * and VideoDecoder says it takes the codec.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { H264Player } from '../../../dashboard/src/live-video/h264-player.js';
import type { DecoderEvents } from '../../../dashboard/src/live-video/decoder.js';
import { H264_STALL_MS, type JpegReason } from '../../../shared/live-video.js';
import type { MonitorH264Meta } from '../../../shared/protocol.js';

const FPS_MS = 66;

function meta(seq: number, keyframe: boolean): MonitorH264Meta {
  return {
    cameraId: 'yard',
    seq,
    epoch: 1,
    capturedAt: seq * FPS_MS,
    clockSynced: true,
    receivedAt: 0,
    width: 1280,
    height: 720,
    keyframe,
    codec: 'avc1.640028',
  };
}

describe('H264Player', () => {
  beforeEach(() => {
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => queueMicrotask(cb));
    vi.stubGlobal(
      'VideoDecoder',
      Object.assign(function VideoDecoder() {}, { isConfigSupported: async () => ({ supported: true }) }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('does not fall back as stalled while a busy decoder skips late pictures to reach the live edge, and draws the next keyframe', async () => {
    let now = 0;
    let events!: DecoderEvents;
    const decoded: number[] = [];
    const fallbacks: JpegReason[] = [];
    const draws: number[] = [];
    const canvas = { width: 0, height: 0, getContext: () => ({ transferFromImageBitmap() {} }) } as unknown as HTMLCanvasElement;
    const player = new H264Player({
      canvas,
      kind: 'webcodecs',
      now: () => now,
      makeDecoder: (_kind, e) => ((events = e), { decode: (u) => decoded.push(u.seq), close() {} }),
      onFallback: (reason) => fallbacks.push(reason),
      onDraw: (seq) => draws.push(seq),
    });
    const settle = () => new Promise((r) => setTimeout(r, 0));
    const bitmap = () => ({ width: 1280, height: 720, close() {} }) as unknown as ImageBitmap;

    player.push(meta(0, true), new Uint8Array(10));
    await settle();
    events.picture({ seq: 0, capturedAt: 0, bitmap: bitmap() });
    await settle();
    expect(draws).toEqual([0]);

    // The decoder falls behind: units arrive at the stream's rate (a keyframe every 15) for longer than one and a half
    // stall waits, while it gets through them 15 behind, each picture too late to draw, until the last keyframe.
    const last = Math.ceil((1.6 * H264_STALL_MS) / FPS_MS / 15) * 15;
    for (let seq = 1; seq <= last; seq++) {
      now += FPS_MS;
      player.push(meta(seq, seq % 15 === 0), new Uint8Array(10));
      await settle();
      if (seq >= 16 && seq < last) events.picture({ seq: seq - 15, capturedAt: (seq - 15) * FPS_MS, bitmap: bitmap() });
      await settle();
    }
    expect(now).toBeGreaterThan(1.5 * H264_STALL_MS);
    expect(draws).toEqual([0]);
    expect(fallbacks).toEqual([]);
    // It reaches the keyframe it went on from: drawn.
    events.picture({ seq: last, capturedAt: last * FPS_MS, bitmap: bitmap() });
    await settle();
    expect(draws).toEqual([0, last]);
    player.dispose();
  });

  it('still falls back as stalled when the decoder gives nothing at all while units arrive', async () => {
    let now = 0;
    let events!: DecoderEvents;
    const fallbacks: JpegReason[] = [];
    const canvas = { width: 0, height: 0, getContext: () => ({ transferFromImageBitmap() {} }) } as unknown as HTMLCanvasElement;
    const player = new H264Player({
      canvas,
      kind: 'webcodecs',
      now: () => now,
      makeDecoder: (_kind, e) => ((events = e), { decode() {}, close() {} }),
      onFallback: (reason) => fallbacks.push(reason),
    });
    const settle = () => new Promise((r) => setTimeout(r, 0));
    player.push(meta(0, true), new Uint8Array(10));
    await settle();
    events.picture({ seq: 0, capturedAt: 0, bitmap: { width: 1280, height: 720, close() {} } as unknown as ImageBitmap });
    await settle();
    for (let seq = 1; seq * FPS_MS <= 2 * H264_STALL_MS && fallbacks.length === 0; seq++) {
      now += FPS_MS;
      player.push(meta(seq, seq % 15 === 0), new Uint8Array(10));
      await settle();
    }
    expect(fallbacks).toEqual(['stall']);
    player.dispose();
  });
});
