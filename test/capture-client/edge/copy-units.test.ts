/**
 * CopyUnits: ffmpeg's stdout, chunk by chunk as it arrives, into stamped access units. The chunks are those measured
 * against the GStreamer test camera (two slices a picture): a P picture whole in one chunk, and a keyframe whose first
 * slice comes just after the picture before it while its second slice comes a frame later.
 */
import { describe, expect, it } from 'vitest';
import { CopyUnits } from '../../../capture-client/edge/copy-units.js';
import type { ProducedUnit } from '../../../capture-client/edge/h264-producer.js';

const nal = (...bytes: number[]) => Buffer.from([0, 0, 0, 1, ...bytes, ...Array<number>(40).fill(0x55)]);
const AUD = Buffer.from([0, 0, 0, 1, 0x09, 0xf0]);
const SPS = Buffer.from([0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0xda, 0x02, 0x80, 0xbf, 0xe5, 0x84]);
const PPS = Buffer.from([0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80]);
/** A slice: first_mb_in_slice 0 (the header's first bit set) or not. */
const pSlice = (first: boolean) => nal(0x41, first ? 0x88 : 0x40);
const idrSlice = (first: boolean) => nal(0x65, first ? 0x88 : 0x40);
const picture = () => Buffer.concat([AUD, pSlice(true), pSlice(false)]);

function run(chunks: Array<[at: number, bytes: Buffer]>): ProducedUnit[] {
  let now = 0;
  const units: ProducedUnit[] = [];
  const copy = new CopyUnits({ codec: 'h264', encoding: false, now: () => now, unit: (u) => units.push(u) });
  copy.size({ codec: 'h264', width: 1280, height: 720 });
  for (const [at, bytes] of chunks) {
    now = at;
    copy.push(bytes);
  }
  return units;
}

describe('CopyUnits', () => {
  it('stamps each picture when its last bytes came: a keyframe whose second slice comes a frame after its first is stamped then', () => {
    const units = run([
      [1000, picture()],
      [1100, picture()],
      [1200, picture()],
      [1202, Buffer.concat([SPS, PPS, AUD, SPS, PPS, idrSlice(true)])],
      [1300, Buffer.concat([SPS, PPS, idrSlice(false)])],
      [1400, picture()],
      [1500, picture()],
    ]);
    expect(units.map((u) => [u.capturedAt, u.keyframe])).toEqual([
      [1000, false],
      [1100, false],
      [1200, false],
      [1300, true],
      [1400, false],
    ]);
  });

  it('gives two pictures that came in one chunk two instants, in order', () => {
    const units = run([
      [1000, picture()],
      [1100, Buffer.concat([picture(), picture()])],
      [1200, picture()],
    ]);
    expect(units.map((u) => u.capturedAt)).toEqual([1000, 1100, 1101]);
  });
});
