import { describe, expect, it } from 'vitest';
import { cameraRefusal } from '../../../dashboard/src/capture-page/camera-refusal.js';

describe('cameraRefusal', () => {
  it("explains the browser's camera errors and the HTTPS rule", () => {
    expect(cameraRefusal('NotAllowedError', '').fix).toMatch(/Allow the camera/);
    expect(cameraRefusal('INSECURE_CONTEXT', '').fix).toMatch(/HTTPS/);
    expect(cameraRefusal('WeirdError', 'boom').title).toMatch(/boom/);
  });
});
