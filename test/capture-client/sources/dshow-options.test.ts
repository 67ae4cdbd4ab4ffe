/** A camera's dshow modes, read from `-list_options true` as ffmpeg 4 and ffmpeg 5+ print them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDshowOptions } from '../../../capture-client/sources/dshow-options.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/capture/${name}`, import.meta.url), 'utf8');

describe('dshow-options', () => {
  describe('#parseDshowOptions', () => {
    it('reads raw formats, MJPEG and unknown compressions with their sizes and rates (ffmpeg 4)', () => {
      const modes = parseDshowOptions(fixture('dshow-options-ffmpeg4.txt'));
      expect(modes.map((m) => [m.vcodec ?? m.pixelFormat ?? '?', `${m.maxWidth}x${m.maxHeight}`, m.minFps, m.maxFps])).toEqual([
        ['yuyv422', '640x480', 5, 30],
        ['yuyv422', '1280x720', 5, 10],
        ['mjpeg', '640x480', 5, 30],
        ['mjpeg', '1280x720', 5, 30],
        ['mjpeg', '1920x1080', 5, 30],
        ['?', '1280x720', 5, 30],
      ]);
    });

    it('reads the ffmpeg 5+ lines with colour details, and leaves the audio pins out', () => {
      const modes = parseDshowOptions(fixture('dshow-options-no-mjpeg.txt'));
      expect(modes).toHaveLength(4);
      expect(modes.every((m) => m.vcodec === null)).toBe(true);
      expect(modes[3]).toEqual({
        vcodec: null,
        pixelFormat: 'yuyv422',
        minWidth: 1280,
        minHeight: 720,
        minFps: 15,
        maxWidth: 1280,
        maxHeight: 720,
        maxFps: 30,
      });
    });

    it('finds no mode in a listing that failed', () => {
      expect(parseDshowOptions('[dshow @ 0000] Could not find video device with name [Nope] among source devices of type video.\r\n')).toEqual([]);
    });
  });
});
