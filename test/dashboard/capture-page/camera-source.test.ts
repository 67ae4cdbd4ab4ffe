import { describe, expect, it } from 'vitest';
import { captureTimeOf } from '../../../dashboard/src/capture-page/camera-source.js';

describe('captureTimeOf', () => {
  it("uses the camera's capture time, moved onto the epoch clock", () => {
    expect(captureTimeOf({ captureTime: 500 }, 1_000_000, 1_000_600)).toBe(1_000_500);
  });

  it('uses now when the browser gives no capture time, or one from another clock', () => {
    expect(captureTimeOf({}, 1_000_000, 1_000_600)).toBe(1_000_600);
    expect(captureTimeOf({ captureTime: -50_000 }, 1_000_000, 1_000_600)).toBe(1_000_600);
  });
});
