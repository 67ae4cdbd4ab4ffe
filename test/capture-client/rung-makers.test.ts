/** The demanded JPEG widths made with real ffmpeg, one per width, started and ended as the demand changes. */
import { afterEach, describe, expect, it } from 'vitest';
import { RUNG_MAKERS_MAX, RungMakers } from '../../capture-client/rung-makers.js';
import type { SourceFrame } from '../../capture-client/sources/source.js';
import { readJpegSize } from '../../common/codec/jpeg.js';
import { solidJpeg } from '../helpers/jpeg.js';
import { waitFor } from '../helpers/wait.js';

describe('RungMakers', () => {
  const open: RungMakers[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((m) => m.close()));
  });

  function makers() {
    const made: Array<{ rung: number; width: number; capturedAt: number }> = [];
    const m = new RungMakers({}, (frame, rung) => made.push({ rung, width: readJpegSize(frame.jpeg)!.width, capturedAt: frame.capturedAt }));
    open.push(m);
    return { m, made };
  }

  const frameAt = async (capturedAt: number): Promise<SourceFrame> => ({ jpeg: await solidJpeg(1280, 720), capturedAt });

  describe('#setWidths', () => {
    it("makes each demanded width from the source's JPEG, with the source frame's capture time", async () => {
      const { m, made } = makers();
      m.setWidths([640, 320]);
      const frame = await frameAt(1234);
      // A source keeps sending: ffmpeg hands a frame out as the next one comes in.
      const source = setInterval(() => m.push({ ...frame, capturedAt: frame.capturedAt++ }), 50);
      try {
        await waitFor(() => made.some((f) => f.rung === 320) && made.some((f) => f.rung === 640), 'both widths');
      } finally {
        clearInterval(source);
      }
      // One of the pushed frames' times (on a busy machine ffmpeg's start can outlast a frame's lostAfterMs).
      const pushed = expect.toSatisfy((t: number) => t >= 1234 && t < frame.capturedAt);
      expect(made.find((f) => f.rung === 320)).toEqual({ rung: 320, width: 320, capturedAt: pushed });
      expect(made.find((f) => f.rung === 640)).toEqual({ rung: 640, width: 640, capturedAt: pushed });
    });

    it('ends the makers of widths no longer demanded, so frames cost nothing', async () => {
      const { m, made } = makers();
      m.setWidths([320]);
      m.setWidths([]);
      expect(m.widths).toEqual([]);
      m.push(await frameAt(1));
      await m.close();
      expect(made).toEqual([]);
    });

    it(`makes at most ${RUNG_MAKERS_MAX} widths, the narrowest`, () => {
      const { m } = makers();
      m.setWidths([1280, 960, 640, 320]);
      expect(m.widths.sort((a, b) => a - b)).toEqual([320, 640, 960]);
    });
  });
});
