/** Choosing what to ask of a camera from its dshow modes: MJPEG over raw, the asked size over the asked rate. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { choosePlan, fallbackPlans } from '../../../capture-client/sources/capture-plan.js';
import { parseDshowOptions } from '../../../capture-client/sources/dshow-options.js';

const modesOf = (name: string) => parseDshowOptions(readFileSync(new URL(`../../fixtures/capture/${name}`, import.meta.url), 'utf8'));
const c920 = modesOf('dshow-options-ffmpeg4.txt');
const ir = modesOf('dshow-options-no-mjpeg.txt');

describe('capture-plan', () => {
  describe('#choosePlan', () => {
    it("takes the camera's MJPEG at the asked size and rate when it offers them", () => {
      expect(choosePlan(c920, { width: 1280, height: 720, fps: 15 })).toEqual({ encode: false, size: { width: 1280, height: 720 }, framerate: 15 });
    });

    it('prefers MJPEG to a raw mode of the same size', () => {
      expect(choosePlan(c920, { width: 640, height: 480, fps: 30 })).toMatchObject({ encode: false });
    });

    it('completes a size from one side where a mode has a single size', () => {
      expect(choosePlan(c920, { width: 1920, fps: 15 })).toEqual({ encode: false, size: { width: 1920, height: 1080 }, framerate: 15 });
      expect(choosePlan(c920, { height: 720, fps: 15 })).toMatchObject({ size: { width: 1280, height: 720 } });
    });

    it('leaves out a rate the camera does not offer, and a size it does not offer', () => {
      expect(choosePlan(c920, { width: 1280, height: 720, fps: 60 })).toEqual({ encode: false, size: { width: 1280, height: 720 } });
      expect(choosePlan(c920, { width: 800, height: 600, fps: 15 })).toEqual({ encode: false, framerate: 15 });
    });

    it('encodes in ffmpeg from a raw format when the camera has no MJPEG', () => {
      expect(choosePlan(ir, { fps: 15 })).toEqual({ encode: true, pixelFormat: 'nv12', framerate: 15 });
      expect(choosePlan(ir, { width: 1280, height: 720, fps: 15 })).toEqual({
        encode: true,
        pixelFormat: 'yuyv422',
        size: { width: 1280, height: 720 },
        framerate: 15,
      });
    });

    it('asks for MJPEG as given when the modes are unknown', () => {
      expect(choosePlan([], { width: 640, fps: 10 })).toEqual({ encode: false, framerate: 10 });
      expect(choosePlan([], { width: 640, height: 480, fps: 10 })).toEqual({ encode: false, size: { width: 640, height: 480 }, framerate: 10 });
    });
  });

  describe('#fallbackPlans', () => {
    it('tries ffmpeg encoding at the asked mode, then the camera default, after MJPEG', () => {
      const first = { encode: false, size: { width: 640, height: 480 }, framerate: 10 };
      expect(fallbackPlans(first)).toEqual([first, { ...first, encode: true }, { encode: true }]);
    });

    it('tries each plan once', () => {
      expect(fallbackPlans({ encode: true })).toEqual([{ encode: true }]);
      const raw = { encode: true, pixelFormat: 'nv12', framerate: 15 };
      expect(fallbackPlans(raw)).toEqual([raw, { encode: true }]);
    });
  });
});
