import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK_HEADER_BYTES, encodeFrame, FrameAssembler, MAX_MESSAGE_BYTES } from '../../../shared/webrtc/chunks.js';

const META = { cameraId: 'cam1', seq: 7, capturedAt: 1_700_000_000_000 };
const assembler = (maxFrameBytes = 4 * 1024 * 1024, maxPartial?: number) => new FrameAssembler({ maxFrameBytes, ...(maxPartial ? { maxPartial } : {}) });

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('encodeFrame', () => {
  it('keeps every message within the data-channel limit', () => {
    const messages = encodeFrame(META, randomBytes(300_000), 1);
    expect(messages.length).toBe(5);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });

  it('sends a small frame as one message', () => {
    expect(encodeFrame(META, randomBytes(1000), 1)).toHaveLength(1);
  });
});

describe('FrameAssembler', () => {
  describe('#push', () => {
    it('puts a frame larger than one message back together whole, in any chunk order', () => {
      const jpeg = randomBytes(200_000);
      for (const seed of [1, 2, 3]) {
        const a = assembler();
        const results = shuffled(encodeFrame(META, jpeg, 9), seed).map((m) => a.push(m));
        const last = results.at(-1)!;
        expect(results.slice(0, -1).every((r) => r.kind === 'partial')).toBe(true);
        expect(last.kind).toBe('frame');
        if (last.kind !== 'frame') return;
        expect(Buffer.from(last.frame.jpeg).equals(jpeg)).toBe(true);
        expect(last.frame.meta).toEqual(META);
        expect(last.frame.frameNo).toBe(9);
      }
    });

    it('assembles interleaved frames of several cameras', () => {
      const a = assembler();
      const one = encodeFrame({ cameraId: 'a' }, randomBytes(150_000), 1);
      const two = encodeFrame({ cameraId: 'b' }, randomBytes(150_000), 2);
      const done = one.flatMap((m, i) => [a.push(m), a.push(two[i]!)]).filter((r) => r.kind === 'frame');
      expect(done).toHaveLength(2);
    });

    it('never completes a frame with a missing chunk, and gives it up when newer frames fill the table', () => {
      const a = assembler(4 * 1024 * 1024, 2);
      const lossy = encodeFrame(META, randomBytes(150_000), 1);
      lossy.splice(1, 1);
      expect(lossy.map((m) => a.push(m).kind)).toEqual(['partial', 'partial']);
      for (const n of [2, 3]) for (const m of encodeFrame(META, randomBytes(150_000), n).slice(0, 1)) a.push(m);
      expect(a.abandoned).toBe(1);
      expect(a.pendingFrames).toBe(2);
    });

    it('ignores a duplicated chunk', () => {
      const a = assembler();
      const [first, second] = encodeFrame(META, randomBytes(100_000), 1);
      expect(a.push(first!).kind).toBe('partial');
      expect(a.push(first!).kind).toBe('partial');
      expect(a.push(second!).kind).toBe('frame');
    });

    it.each([
      ['a short message', () => new Uint8Array(4)],
      ['an unknown version', () => withHeader((v) => v.setUint8(0, 9))],
      ['an unknown media kind', () => withHeader((v) => v.setUint8(1, 7))],
      ['an index past the count', () => withHeader((v) => v.setUint16(2, 5))],
      ['a frame over the size limit', () => withHeader((v) => v.setUint32(12, 0xffffffff))],
      ['metadata running past the message', () => withHeader((v) => v.setUint16(6, 4000))],
      ['far more chunks than the size needs', () => withHeader((v) => v.setUint16(4, 60000))],
    ])('refuses %s without allocating for it', (_what, make) => {
      const result = assembler(1024 * 1024).push(make());
      expect(result.kind).toBe('bad');
    });

    it('says what each payload is: a JPEG (kind 0, as before the kind byte), an H.264 unit, or a trial copy of one', () => {
      const [jpeg] = encodeFrame(META, randomBytes(10), 1);
      expect(jpeg![1]).toBe(0);
      const a = assembler();
      for (const media of ['jpeg', 'h264', 'h264-probe'] as const) {
        const au = randomBytes(150_000);
        const results = shuffled(encodeFrame(META, au, 5, MAX_MESSAGE_BYTES, media), 7).map((m) => a.push(m));
        const last = results.at(-1)!;
        expect(last.kind).toBe('frame');
        if (last.kind !== 'frame') return;
        expect(last.frame.media).toBe(media);
        expect(Buffer.from(last.frame.jpeg).equals(au)).toBe(true);
      }
    });

    it('drops a frame whose chunks disagree about its media kind', () => {
      const a = assembler();
      const [first] = encodeFrame(META, randomBytes(100_000), 3, MAX_MESSAGE_BYTES, 'h264');
      const [, second] = encodeFrame(META, randomBytes(100_000), 3, MAX_MESSAGE_BYTES, 'h264-probe');
      expect(a.push(first!).kind).toBe('partial');
      expect(a.push(second!)).toMatchObject({ kind: 'bad', reason: 'chunks disagree about the frame' });
      expect(a.pendingFrames).toBe(0);
    });

    it('refuses metadata that is not JSON', () => {
      const [m] = encodeFrame(META, randomBytes(10), 1);
      m![CHUNK_HEADER_BYTES] = 0x7b + 1;
      expect(assembler().push(m!)).toMatchObject({ kind: 'bad', reason: 'metadata is not JSON' });
    });
  });
});

function withHeader(change: (view: DataView) => void): Uint8Array {
  const [m] = encodeFrame(META, randomBytes(100), 1);
  change(new DataView(m!.buffer));
  return m!;
}
