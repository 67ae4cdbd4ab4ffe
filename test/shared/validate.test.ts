import { describe, expect, it } from 'vitest';
import { validateCaptureAuth, validateFrameMeta, validateSubscribe, validateCameraId } from '../../shared/validate.js';

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('validateCaptureAuth', () => {
  it('accepts a token and a safe camera id, and names what is wrong otherwise', () => {
    expect(code(validateCaptureAuth({ token: 't', cameraId: 'front-door', name: 'Front door' }))).toBe('ok');
    expect(code(validateCaptureAuth({ token: 't', cameraId: '../etc' }))).toBe('BAD_CAMERA_ID');
    expect(code(validateCaptureAuth({ token: 't', cameraId: '__proto__' }))).toBe('BAD_CAMERA_ID');
    expect(code(validateCaptureAuth({ cameraId: 'a' }))).toBe('BAD_TOKEN');
    expect(code(validateCaptureAuth({ token: 'x'.repeat(2000), cameraId: 'a' }))).toBe('BAD_TOKEN');
    expect(code(validateCaptureAuth(null))).toBe('BAD_TOKEN');
  });
});

describe('validateFrameMeta', () => {
  it('accepts seq and capturedAt and refuses negative, fractional or missing numbers', () => {
    expect(code(validateFrameMeta({ seq: 0, capturedAt: 1, width: 640, height: 480, clockOffset: -3 }))).toBe('ok');
    for (const bad of [{ seq: -1, capturedAt: 1 }, { seq: 1.5, capturedAt: 1 }, { seq: 1 }, { seq: 1, capturedAt: Infinity }, 'x', null]) {
      expect(code(validateFrameMeta(bad))).toBe('BAD_FRAME_META');
    }
  });
});

describe('validateSubscribe', () => {
  it('accepts a list or "*" and refuses anything else', () => {
    expect(code(validateSubscribe({ cameraIds: '*' }))).toBe('ok');
    expect(code(validateSubscribe({ cameraIds: ['a', 'b'] }))).toBe('ok');
    expect(code(validateSubscribe({ cameraIds: 'a' }))).toBe('BAD_REQUEST');
    expect(code(validateSubscribe(undefined))).toBe('BAD_REQUEST');
  });
});

describe('validateCameraId', () => {
  it('refuses ids that would be unsafe in a URL or a map key', () => {
    expect(code(validateCameraId('cam_1'))).toBe('ok');
    for (const bad of ['', '-x', 'a/b', 'a b', 'x'.repeat(65), 42]) expect(code(validateCameraId(bad))).toBe('BAD_CAMERA_ID');
  });
});
