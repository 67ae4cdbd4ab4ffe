import { describe, expect, it } from 'vitest';
import {
  validateCameraId,
  validateCameraOrder,
  validateCameraSettings,
  validateCaptureAuth,
  validateFrameMeta,
  validateSubscribe,
} from '../../shared/validate.js';

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

  it('accepts whole widths per camera within the limits, and nothing else', () => {
    expect(code(validateSubscribe({ cameraIds: '*', widths: { porch: 640, garage: 16 } }))).toBe('ok');
    for (const widths of [{ porch: 15 }, { porch: 8193 }, { porch: 640.5 }, { porch: '640' }, [640]]) {
      expect(code(validateSubscribe({ cameraIds: '*', widths })), JSON.stringify(widths)).toBe('BAD_REQUEST');
    }
  });
});

describe('validateCameraId', () => {
  it('refuses ids that would be unsafe in a URL or a map key', () => {
    expect(code(validateCameraId('cam_1'))).toBe('ok');
    for (const bad of ['', '-x', 'a/b', 'a b', 'x'.repeat(65), 42]) expect(code(validateCameraId(bad))).toBe('BAD_CAMERA_ID');
  });
});

describe('validateCameraSettings', () => {
  it('takes a name and a group, trimmed, and null to clear either', () => {
    expect(validateCameraSettings({ name: '  Front door ', group: 'Outside' })).toEqual({ ok: true, value: { name: 'Front door', group: 'Outside' } });
    expect(validateCameraSettings({ name: null })).toEqual({ ok: true, value: { name: null } });
    expect(validateCameraSettings({ group: null })).toEqual({ ok: true, value: { group: null } });
    expect(validateCameraSettings({ name: 'x'.repeat(100), group: 'g'.repeat(64) }).ok).toBe(true);
  });

  it.each([
    [undefined, 'JSON object'],
    [[], 'JSON object'],
    [{}, 'Give name, group or both'],
    [{ name: 'x', order: 1 }, 'Unknown field "order"'],
    [{ name: 'x'.repeat(101) }, 'name: 1-100 characters'],
    [{ name: '   ' }, 'name: 1-100 characters'],
    [{ name: 'two\nlines' }, 'name: 1-100 characters'],
    [{ name: 42 }, 'name: 1-100 characters'],
    [{ group: 'g'.repeat(65) }, 'group: 1-64 characters'],
  ])('refuses %j with BAD_REQUEST naming what is wrong', (body, why) => {
    const result = validateCameraSettings(body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BAD_REQUEST');
      expect(result.error.message).toContain(why);
    }
  });
});

describe('validateCameraOrder', () => {
  it('takes distinct camera ids and refuses anything else', () => {
    expect(validateCameraOrder({ ids: ['b', 'a'] })).toEqual({ ok: true, value: ['b', 'a'] });
    expect(validateCameraOrder({ ids: [] })).toEqual({ ok: true, value: [] });
    const order = (body: unknown) => code(validateCameraOrder(body));
    expect([order({}), order({ ids: 'a' }), order({ ids: ['a', 'a'] }), order({ ids: Array.from({ length: 1001 }, (_, i) => `c${i}`) })]).toEqual([
      'BAD_REQUEST',
      'BAD_REQUEST',
      'BAD_REQUEST',
      'BAD_REQUEST',
    ]);
    expect([order({ ids: ['../x'] }), order({ ids: [7] })]).toEqual(['BAD_CAMERA_ID', 'BAD_CAMERA_ID']);
  });
});
