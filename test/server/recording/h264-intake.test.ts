import { describe, expect, it } from 'vitest';
import { FALLBACK_MS, FIRST_UNIT_MS, H264Intake } from '../../../server/recording/h264-intake.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');

function intake(): { intake: H264Intake; clock: { now: number }; fallbacks: string[] } {
  const clock = { now: T0 };
  const fallbacks: string[] = [];
  return {
    intake: new H264Intake(
      () => clock.now,
      (why) => fallbacks.push(why),
    ),
    clock,
    fallbacks,
  };
}

const unit = (seq: number, capturedAt: number, keyframe = seq % 10 === 0) => ({ seq, capturedAt, keyframe, width: 320, height: 180 });

describe('H264Intake', () => {
  describe('#jpegWanted', () => {
    it('falls back to the JPEGs once H.264 has been silent FALLBACK_MS while fresh JPEGs come', () => {
      const { intake: i, clock, fallbacks } = intake();
      i.take(unit(0, T0), new Uint8Array(100));
      clock.now += FALLBACK_MS + 1;
      expect(i.jpegWanted(false)).toBe(true);
      expect(fallbacks).toHaveLength(1);
    });

    it("gives an offer's first unit FIRST_UNIT_MS (the camera side starts its encoder or its RTSP session), then FALLBACK_MS between units", () => {
      const { intake: i, clock, fallbacks } = intake();
      i.expect();
      clock.now += FALLBACK_MS + 1;
      expect(i.jpegWanted(false)).toBe(false);
      i.take(unit(0, clock.now), new Uint8Array(100));
      clock.now += FALLBACK_MS + 1;
      expect(i.jpegWanted(false)).toBe(true);
      expect(fallbacks).toEqual([`no H.264 from the capture client for ${FALLBACK_MS / 1000} s: the relay encodes its JPEGs`]);
    });

    it('falls back once an offer has brought no unit for FIRST_UNIT_MS, and a repeated offer on a flowing stream waits no longer', () => {
      const { intake: i, clock, fallbacks } = intake();
      i.expect();
      clock.now += FIRST_UNIT_MS + 1;
      expect(i.jpegWanted(false)).toBe(true);
      expect(fallbacks).toEqual([`no H.264 from the capture client for ${FIRST_UNIT_MS / 1000} s: the relay encodes its JPEGs`]);
      i.take(unit(0, clock.now), new Uint8Array(100));
      i.expect();
      clock.now += FALLBACK_MS + 1;
      expect(i.jpegWanted(false)).toBe(true);
    });

    it('waits for the H.264 while only late JPEGs come: a link too thin for both delays both', () => {
      const { intake: i, clock, fallbacks } = intake();
      i.take(unit(0, T0), new Uint8Array(100));
      clock.now += 3 * FALLBACK_MS;
      expect(i.jpegWanted(true)).toBe(false);
      expect(fallbacks).toEqual([]);
      expect(i.jpegWanted(false)).toBe(true);
    });
  });

  describe('#streaming', () => {
    it('is true from the first unit until the connection ends, so a recorder waits for units held up on the way', () => {
      const { intake: i } = intake();
      expect(i.streaming).toBe(false);
      i.take(unit(0, T0), new Uint8Array(100));
      expect(i.streaming).toBe(true);
      i.reset();
      expect(i.streaming).toBe(false);
    });
  });

  describe('#timing', () => {
    it('keeps the capture times of units that waited seconds in the uplink buffer', () => {
      const { intake: i } = intake();
      expect(i.timing.timeOf({ capturedAt: T0, receivedAt: T0 + 20 })).toBe(T0 + 20);
      // Captured 100 ms later, held 9 s on a thin link.
      expect(i.timing.timeOf({ capturedAt: T0 + 100, receivedAt: T0 + 9100 })).toBe(T0 + 120);
    });

    it('starts again from the arrival when a stamp runs ahead of it (another clock)', () => {
      const { intake: i } = intake();
      i.timing.timeOf({ capturedAt: T0, receivedAt: T0 });
      expect(i.timing.timeOf({ capturedAt: T0 + 60_000, receivedAt: T0 + 100 })).toBe(T0 + 100);
    });
  });

  describe('#encoder', () => {
    const signed = Buffer.concat([Buffer.from([0, 0, 0, 1, 6, 5]), Buffer.from('x264 - core 164 - H.264/MPEG-4 AVC codec')]);
    const plain = Buffer.from([0, 0, 0, 1, 0x65, 0x88]);

    it("names libx264 from the signature in a stream's first keyframe, and keeps it across a hole", () => {
      const { intake: i } = intake();
      expect(i.encoder).toBe(null);
      i.take(unit(0, T0), signed);
      expect(i.encoder).toBe('libx264');
      // A hole, then a keyframe without the signature: the same stream, the same encoder.
      i.take(unit(15, T0 + 1500, false), plain);
      i.take(unit(20, T0 + 2000), plain);
      expect(i.encoder).toBe('libx264');
    });

    it('names none for a new stream whose first keyframe is unsigned (a hardware encoder)', () => {
      const { intake: i } = intake();
      i.take(unit(0, T0), signed);
      i.reset();
      i.take(unit(0, T0 + 5000), plain);
      expect(i.encoder).toBe(null);
    });
  });
});
