/**
 * G.711 against ffmpeg's pcm_mulaw and pcm_alaw. Decoding is one table: byte for byte the same. Encoding may pick
 * either level around a sample (ffmpeg rounds to the nearer, the ITU's reference code truncates, as this does): each
 * byte is ffmpeg's or the other level around that sample, never a level farther away.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alawOf, decodeG711, encodeG711, ulawOf } from '../../../common/codec/g711.js';
import { ffmpegOutput } from '../../helpers/h264.js';

/** Every 16-bit value once (a ramp through the whole range), then a loud and a quiet tone. */
function samples(): Int16Array {
  const ramp = Array.from({ length: 65536 }, (_, i) => i - 32768);
  const tone = (amp: number) => Array.from({ length: 800 }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * 440 * i) / 8000)));
  return Int16Array.from([...ramp, ...tone(30000), ...tone(300)]);
}

describe('G.711', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-g711-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const input = samples();
  const raw = path.join(dir, 'in.s16le');
  writeFileSync(raw, Buffer.from(input.buffer));

  it.each([
    ['pcmu', 'mulaw'],
    ['pcma', 'alaw'],
  ] as const)(
    '%s: encodes each sample as one of the two levels around it (ffmpeg’s, or its neighbour), and decodes every byte as ffmpeg does',
    async (law, format) => {
      const theirs = await ffmpegOutput(['-hide_banner', '-loglevel', 'error', '-f', 's16le', '-ar', '8000', '-ac', '1', '-i', raw, '-f', format, '-']);
      const ours = encodeG711(input, law);
      const level = (b: number) => decodeG711(Uint8Array.of(b), law)[0]!;
      const farther = Array.from(input).filter((x, i) => {
        if (ours[i] === theirs[i]) return false;
        const [a, b] = [level(ours[i]!), level(theirs[i]!)];
        return x < Math.min(a, b) || x > Math.max(a, b);
      });
      expect(farther).toEqual([]);
      // Most samples are not near a level's edge: the two agree on nearly all of them.
      expect(ours.filter((b, i) => b !== theirs[i]).length).toBeLessThan(input.length / 20);

      const all = path.join(dir, `${law}.bytes`);
      writeFileSync(all, Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
      const decoded = await ffmpegOutput(['-hide_banner', '-loglevel', 'error', '-f', format, '-ar', '8000', '-ac', '1', '-i', all, '-f', 's16le', '-']);
      const expected = new Int16Array(decoded.buffer, decoded.byteOffset, decoded.length / 2);
      expect(
        Array.from(
          decodeG711(
            Uint8Array.from({ length: 256 }, (_, i) => i),
            law,
          ),
        ),
      ).toEqual(Array.from(expected));
    },
  );

  it('gives silence its code and clips past the range rather than wrapping', () => {
    expect(ulawOf(0)).toBe(0xff);
    expect(alawOf(0)).toBe(0xd5);
    expect(ulawOf(40000)).toBe(ulawOf(32767));
    expect(alawOf(-40000)).toBe(alawOf(-32768));
  });
});
