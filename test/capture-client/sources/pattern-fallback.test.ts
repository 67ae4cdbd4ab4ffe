import { describe, expect, it, vi } from 'vitest';
import { PatternSource, testSourceArgs } from '../../../capture-client/sources/pattern-fallback.js';
import type { FrameSource } from '../../../capture-client/sources/source.js';
import { CamrelayError } from '../../../shared/errors.js';

/** A source whose start does what the test says, and that records being stopped. */
function fake(start: () => Promise<void>, note: string | null = null): FrameSource & { stopped: boolean } {
  const source = { name: 'test-pattern' as const, stopped: false, start, stop: async () => void (source.stopped = true), note: () => note };
  return source;
}

describe('PatternSource', () => {
  it('draws the pattern with sharp when it can, and never starts ffmpeg then', async () => {
    const drawn = fake(async () => {});
    const byFfmpeg = vi.fn();
    const source = new PatternSource({ fps: 5 }, () => drawn, byFfmpeg);
    await source.start(
      () => {},
      () => {},
    );
    expect(byFfmpeg).not.toHaveBeenCalled();
    await source.stop();
    expect(drawn.stopped).toBe(true);
  });

  it('has ffmpeg make the pattern where sharp cannot load (the one-file program)', async () => {
    const ffmpeg = fake(async () => {}, 're-encoding: yes');
    const source = new PatternSource(
      { fps: 5 },
      () => fake(() => Promise.reject(new CamrelayError('SOURCE_UNAVAILABLE', 'test-pattern: sharp could not encode a frame'))),
      () => ffmpeg,
    );
    await source.start(
      () => {},
      () => {},
    );
    expect(source.note()).toBe('re-encoding: yes');
    await source.stop();
    expect(ffmpeg.stopped).toBe(true);
  });

  it('passes any other failure on rather than hiding it behind ffmpeg', async () => {
    const byFfmpeg = vi.fn();
    const source = new PatternSource({ fps: 5 }, () => fake(() => Promise.reject(new CamrelayError('SOURCE_FAILED', 'boom'))), byFfmpeg);
    await expect(
      source.start(
        () => {},
        () => {},
      ),
    ).rejects.toMatchObject({ code: 'SOURCE_FAILED' });
    expect(byFfmpeg).not.toHaveBeenCalled();
  });

  it('asks ffmpeg for a live test source at the size and rate asked, 16:9 from a width', () => {
    expect(testSourceArgs({ fps: 15, width: 640 })).toEqual(['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=15']);
    expect(testSourceArgs({ fps: 10, width: 320, height: 240 }).at(-1)).toBe('testsrc2=size=320x240:rate=10');
  });
});
