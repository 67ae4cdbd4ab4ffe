/** The long-lived H.264 ffmpeg: what it refuses, and a fresh ffmpeg (with no stale capture times) after one dies. */
import { describe, expect, it } from 'vitest';
import { H264Encoder, type TimedAccessUnit } from '../../../capture-client/edge/h264-encoder.js';
import { parameterSets } from '../../../common/codec/avc.js';
import { h264FrameRate } from '../../../common/codec/sps.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { waitFor } from '../../helpers/wait.js';

const OPTS = { encoder: 'libx264', fps: 15, width: 64, height: 48 };

describe('H264Encoder', () => {
  describe('#push', () => {
    it('throws NOT_JPEG for bytes that are not a JPEG, before they reach ffmpeg', () => {
      const enc = new H264Encoder(OPTS, () => {});
      expect(() => enc.push(Buffer.from('hello'), 1)).toThrow(expect.objectContaining({ code: 'NOT_JPEG' }));
      expect(enc.pid).toBeUndefined();
    });

    it('refuses a frame while ffmpeg holds maxInFlight, and counts it', async () => {
      const enc = new H264Encoder({ ...OPTS, maxInFlight: 1 }, () => {});
      const jpeg = await makeJpeg(64, 48);
      expect(enc.push(jpeg, 1)).toBe(true);
      expect(enc.push(jpeg, 2)).toBe(false);
      expect(enc.counts.refused).toBe(1);
      await enc.stop();
    });

    it('pairs each unit with its own frame’s capture time when ffmpeg cannot decode some JPEGs in between', async () => {
      const units: TimedAccessUnit[] = [];
      const enc = new H264Encoder(OPTS, (au) => units.push(au));
      const good = await makeJpeg(64, 48);
      // Whole markers (so push takes them) around data the decoder rejects: ffmpeg gives no unit for these.
      const cut = Buffer.concat([good.subarray(0, good.length / 2), Buffer.from([0xff, 0xd9])]);
      const garbage = Buffer.concat([good.subarray(0, 200), Buffer.alloc(300, 0x55), Buffer.from([0xff, 0xd9])]);
      const frames = [good, good, good, cut, good, garbage, good, good];
      for (const [t, jpeg] of frames.entries()) enc.push(jpeg, t);
      await enc.stop();
      expect(units.map((u) => u.capturedAt)).toEqual([0, 1, 2, 4, 6, 7]);
      expect(enc.counts).toEqual({ refused: 0, lost: 2, unpaired: 0 });
    });

    it('states the camera’s frame rate in its SPS, as the relay’s LL-HLS reads it', async () => {
      const units: TimedAccessUnit[] = [];
      const enc = new H264Encoder(OPTS, (au) => units.push(au));
      const jpeg = await makeJpeg(64, 48);
      for (const t of [1, 2, 3]) enc.push(jpeg, t);
      await waitFor(() => units.length >= 1, 'a unit');
      await enc.stop();
      const sps = parameterSets(units.find((u) => u.keyframe)!.data)?.sps;
      expect(sps && h264FrameRate(sps)).toBe(15);
    });

    it('starts a fresh ffmpeg after one dies, and pairs its units with the new frames only', async () => {
      const units: TimedAccessUnit[] = [];
      const errors: Error[] = [];
      const enc = new H264Encoder(
        OPTS,
        (au) => units.push(au),
        (err) => errors.push(err),
      );
      const jpeg = await makeJpeg(64, 48);
      enc.push(jpeg, 1);
      const first = enc.pid!;
      process.kill(first, 'SIGKILL');
      await waitFor(() => errors.length === 1 && enc.pid === undefined, 'the dead ffmpeg reported');
      expect(errors[0]).toMatchObject({ code: 'SOURCE_FAILED' });
      const before = units.length;
      for (const t of [10, 11, 12]) enc.push(jpeg, t);
      expect(enc.pid).not.toBe(first);
      await enc.stop();
      expect(units.slice(before).map((u) => u.capturedAt)).toEqual([10, 11, 12]);
    });
  });
});
