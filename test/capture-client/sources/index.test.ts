/** The source table: one factory per source name, building the class that goes with it. */
import { describe, expect, it } from 'vitest';
import { FfmpegSource } from '../../../capture-client/sources/ffmpeg.js';
import { FileSource } from '../../../capture-client/sources/file.js';
import { createSource, SOURCES } from '../../../capture-client/sources/index.js';
import { SOURCE_NAMES } from '../../../capture-client/sources/source.js';
import { PatternSource } from '../../../capture-client/sources/pattern-fallback.js';
import { WebcamSource } from '../../../capture-client/sources/webcam.js';

describe('sources', () => {
  describe('#createSource', () => {
    it('has a factory for every source name', () => {
      expect(Object.keys(SOURCES).sort()).toEqual([...SOURCE_NAMES].sort());
    });

    it('builds the source class that goes with each name', () => {
      const opts = { fps: 5, path: '/tmp' };
      expect(createSource('ffmpeg', opts)).toBeInstanceOf(FfmpegSource);
      expect(createSource('webcam', opts)).toBeInstanceOf(WebcamSource);
      expect(createSource('test-pattern', opts)).toBeInstanceOf(PatternSource);
      expect(createSource('file', opts)).toBeInstanceOf(FileSource);
      for (const name of SOURCE_NAMES) expect(createSource(name, opts).name).toBe(name);
    });
  });
});
