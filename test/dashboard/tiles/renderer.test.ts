import { describe, expect, it } from 'vitest';
import type { MonitorFrameMeta } from '../../../shared/protocol.js';
import { FrameRenderer, type FramePayload } from '../../../dashboard/src/tiles/renderer.js';

class FakeBitmap {
  closed = false;
  constructor(readonly seq: number) {}
  close(): void {
    this.closed = true;
  }
}

interface Decode {
  seq: number;
  resolve: () => FakeBitmap;
  reject: () => void;
}

function meta(seq: number, capturedAt = 1_000 + seq * 33, epoch = 1): MonitorFrameMeta {
  return { cameraId: 'cam', seq, epoch, capturedAt, clockSynced: true, receivedAt: capturedAt + 5, width: 640, height: 360 };
}

/** Drains the microtask queue so awaited decodes settle, without waiting on a clock. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const decodes: Decode[] = [];
  const drawn: FakeBitmap[] = [];
  const frames: Array<() => void> = [];
  let clock = 0;
  const renderer = new FrameRenderer<FakeBitmap>({
    decode: (jpeg: FramePayload) =>
      new Promise<FakeBitmap>((resolve, reject) => {
        const seq = new Uint8Array(jpeg as ArrayBuffer)[0] ?? -1;
        decodes.push({
          seq,
          resolve: () => {
            const bitmap = new FakeBitmap(seq);
            resolve(bitmap);
            return bitmap;
          },
          reject: () => reject(new Error('corrupt JPEG')),
        });
      }),
    draw: (bitmap) => {
      expect(bitmap.closed).toBe(false);
      drawn.push(bitmap);
    },
    requestFrame: (callback) => frames.push(callback),
    now: () => clock,
  });
  const push = (m: MonitorFrameMeta): void => renderer.push(m, new Uint8Array([m.seq]).buffer);
  const animationFrame = (): void => {
    clock += 16;
    for (const callback of frames.splice(0)) callback();
  };
  return { renderer, decodes, drawn, frames, push, animationFrame };
}

describe('FrameRenderer', () => {
  describe('#push', () => {
    it('decodes, waits for an animation frame, draws, then closes the bitmap', async () => {
      const { renderer, decodes, drawn, frames, push, animationFrame } = setup();
      push(meta(1));
      expect(decodes.map((d) => d.seq)).toEqual([1]);
      const bitmap = decodes[0]!.resolve();
      await settle();
      expect(drawn).toEqual([]);
      expect(frames).toHaveLength(1);
      animationFrame();
      expect(drawn).toEqual([bitmap]);
      expect(bitmap.closed).toBe(true);
      expect(renderer.stats).toMatchObject({ received: 1, drawn: 1, dropped: 0, lost: 0 });
    });

    it('keeps one decode in flight and replaces the pending frame with newer arrivals', async () => {
      const { renderer, decodes, drawn, push, animationFrame } = setup();
      push(meta(1));
      push(meta(2));
      push(meta(3));
      expect(decodes.map((d) => d.seq)).toEqual([1]);
      decodes[0]!.resolve();
      await settle();
      expect(decodes.map((d) => d.seq)).toEqual([1, 3]);
      animationFrame();
      decodes[1]!.resolve();
      await settle();
      animationFrame();
      expect(drawn.map((b) => b.seq)).toEqual([1, 3]);
      expect(renderer.stats).toMatchObject({ received: 3, drawn: 2, dropped: 1 });
    });

    it('draws at most once per animation frame and closes the bitmap it supersedes', async () => {
      const { decodes, drawn, frames, push, animationFrame } = setup();
      push(meta(1));
      push(meta(2));
      const first = decodes[0]!.resolve();
      await settle();
      const second = decodes[1]!.resolve();
      await settle();
      expect(frames).toHaveLength(1);
      expect(first.closed).toBe(true);
      animationFrame();
      expect(drawn).toEqual([second]);
    });

    it('never draws a frame older than the newest one received', async () => {
      const { renderer, decodes, drawn, push, animationFrame } = setup();
      push(meta(5));
      decodes[0]!.resolve();
      await settle();
      animationFrame();
      push(meta(4));
      push(meta(5));
      expect(decodes).toHaveLength(1);
      expect(drawn.map((b) => b.seq)).toEqual([5]);
      expect(renderer.stats).toMatchObject({ received: 3, drawn: 1, dropped: 2 });
    });

    it('shows a restarted capture (lower seq, later capture time) and counts no loss for the reset', async () => {
      const { renderer, decodes, drawn, push, animationFrame } = setup();
      push(meta(100, 50_000));
      decodes[0]!.resolve();
      await settle();
      animationFrame();
      push(meta(0, 60_000));
      decodes[1]!.resolve();
      await settle();
      animationFrame();
      expect(drawn.map((b) => b.seq)).toEqual([100, 0]);
      expect(renderer.stats.lost).toBe(0);
    });

    it('counts k − 1 lost frames for a seq jump of k', () => {
      const { renderer, push } = setup();
      for (const seq of [1, 2, 5, 6, 10]) push(meta(seq));
      expect(renderer.stats.lost).toBe(2 + 3);
      expect(renderer.stats.received).toBe(5);
    });

    it('moves on to the next frame when a decode fails', async () => {
      const { renderer, decodes, drawn, push, animationFrame } = setup();
      push(meta(1));
      push(meta(2));
      decodes[0]!.reject();
      await settle();
      decodes[1]!.resolve();
      await settle();
      animationFrame();
      expect(drawn.map((b) => b.seq)).toEqual([2]);
      expect(renderer.stats.decodeErrors).toBe(1);
    });
  });

  describe('#pause', () => {
    it('drops arrivals without decoding them but still counts them', () => {
      const { renderer, decodes, push } = setup();
      renderer.pause();
      push(meta(1));
      push(meta(3));
      expect(decodes).toEqual([]);
      expect(renderer.stats).toMatchObject({ received: 2, dropped: 2, lost: 1 });
    });

    it('closes the bitmap waiting for a draw and discards a decode that finishes while paused', async () => {
      const { renderer, decodes, drawn, push, animationFrame } = setup();
      push(meta(1));
      push(meta(2));
      const first = decodes[0]!.resolve();
      await settle();
      renderer.pause();
      expect(first.closed).toBe(true);
      const second = decodes[1]!.resolve();
      await settle();
      animationFrame();
      expect(second.closed).toBe(true);
      expect(drawn).toEqual([]);
      expect(renderer.stats).toMatchObject({ received: 2, drawn: 0, dropped: 2 });
    });

    it('draws the next arrival after #resume, not what came while hidden', async () => {
      const { renderer, decodes, drawn, push, animationFrame } = setup();
      renderer.pause();
      push(meta(1));
      push(meta(2));
      renderer.resume();
      push(meta(3));
      expect(decodes.map((d) => d.seq)).toEqual([3]);
      decodes[0]!.resolve();
      await settle();
      animationFrame();
      expect(drawn.map((b) => b.seq)).toEqual([3]);
    });
  });

  describe('#dispose', () => {
    it('closes the waiting bitmap and ignores later arrivals', async () => {
      const { renderer, decodes, push } = setup();
      push(meta(1));
      const first = decodes[0]!.resolve();
      await settle();
      renderer.dispose();
      expect(first.closed).toBe(true);
      push(meta(2));
      expect(decodes).toHaveLength(1);
    });
  });
});
