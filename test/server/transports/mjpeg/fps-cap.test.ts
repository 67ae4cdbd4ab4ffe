import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Frame, FrameSink } from '../../../../server/relay/frame.js';
import { ViewerSlot } from '../../../../server/tracks/viewer-slot.js';
import { FpsCap, parseFps } from '../../../../server/transports/mjpeg/fps-cap.js';
import { frame } from '../../../helpers/frames.js';

/** A sink that takes each frame at once and remembers its seq. */
function fastSink(): FrameSink & { seqs: number[] } {
  const seqs: number[] = [];
  return { seqs, write: (f, done) => (seqs.push(f.seq), done()) };
}

describe('parseFps', () => {
  it('takes a whole number from 1 to 60, or nothing', () => {
    expect(parseFps(undefined)).toEqual({ ok: true, value: undefined });
    expect(parseFps('1')).toEqual({ ok: true, value: 1 });
    expect(parseFps('60')).toEqual({ ok: true, value: 60 });
  });

  it.each([['0'], ['61'], ['2.5'], ['-1'], [''], ['abc'], [['5', '6']], ['1e1']])('refuses %j with BAD_REQUEST', (raw) => {
    const result = parseFps(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('BAD_REQUEST');
  });
});

describe('FpsCap', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  describe('#write', () => {
    it('writes at once when the interval since the last write is up', () => {
      const sink = fastSink();
      const cap = new FpsCap(sink, 5, () => undefined);
      const done = vi.fn();
      cap.write(frame(1), done);
      vi.advanceTimersByTime(200);
      cap.write(frame(2), done);
      expect(sink.seqs).toEqual([1, 2]);
      expect(done).toHaveBeenCalledTimes(2);
    });

    it('holds a frame that comes too soon, without releasing the pipe, until its turn', () => {
      const sink = fastSink();
      const latest = frame(2);
      const cap = new FpsCap(sink, 5, () => latest);
      cap.write(frame(1), () => {});
      vi.advanceTimersByTime(50);
      const done = vi.fn();
      cap.write(latest, done);
      vi.advanceTimersByTime(149);
      expect(sink.seqs).toEqual([1]);
      expect(done).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(sink.seqs).toEqual([1, 2]);
      expect(done).toHaveBeenCalledTimes(1);
    });
  });

  it('writes the newest frame at each turn when a camera sends faster than the cap', () => {
    const sink = fastSink();
    let latest: Frame | undefined;
    const cap = new FpsCap(sink, 5, () => latest);
    const slot = new ViewerSlot(cap);
    for (let seq = 1; seq <= 20; seq++) {
      latest = frame(seq);
      slot.offer(latest);
      vi.advanceTimersByTime(50);
    }
    // 20 fps for one second through a 5 fps cap: every 200 ms, the frame that was newest then.
    expect(sink.seqs).toEqual([1, 4, 8, 12, 16, 20]);
    expect(slot.held).toBe(0);
    expect(cap.skipped + slot.dropped).toBe(14);
  });

  describe('#close', () => {
    it('writes nothing more, not even a held frame', () => {
      const sink = fastSink();
      const cap = new FpsCap(sink, 5, () => undefined);
      cap.write(frame(1), () => {});
      cap.write(frame(2), () => {});
      cap.close();
      vi.advanceTimersByTime(1000);
      cap.write(frame(3), () => {});
      expect(sink.seqs).toEqual([1]);
    });
  });
});
