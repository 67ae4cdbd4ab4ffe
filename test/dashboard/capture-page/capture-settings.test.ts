import { describe, expect, it } from 'vitest';
import { DEFAULT_FPS, DEFAULT_RESOLUTION, fpsOf, resolutionByKey, videoConstraints } from '../../../dashboard/src/capture-page/capture-settings.js';

describe('videoConstraints', () => {
  it('asks for the size as ideal and the frame rate as a ceiling, from the back camera', () => {
    expect(videoConstraints({ width: 1280, height: 720, fps: 15, deviceId: null })).toEqual({
      width: { ideal: 1280 },
      height: { ideal: 720 },
      frameRate: { ideal: 15, max: 15 },
      facingMode: { ideal: 'environment' },
    });
  });

  it('asks for exactly the camera picked from the list', () => {
    const c = videoConstraints({ width: 854, height: 480, fps: 10, deviceId: 'cam-2' });
    expect(c.deviceId).toEqual({ exact: 'cam-2' });
    expect(c.facingMode).toBeUndefined();
  });
});

describe('resolutionByKey and fpsOf', () => {
  it('read back a stored choice, and fall back to 720p at 15 fps for anything else', () => {
    expect(resolutionByKey('1920x1080')).toMatchObject({ width: 1920, height: 1080 });
    expect(resolutionByKey('7x7')).toBe(DEFAULT_RESOLUTION);
    expect(resolutionByKey(null)).toBe(DEFAULT_RESOLUTION);
    expect(fpsOf('30')).toBe(30);
    expect(fpsOf('29')).toBe(DEFAULT_FPS);
  });
});
