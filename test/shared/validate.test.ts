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

describe('validateSubscribe bounds', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `cam-${i}`);
  const widthsOf = (n: number) => Object.fromEntries(ids(n).map((id) => [id, 320]));

  it('takes each list up to the number of ids the viewer may name, and refuses one more with TOO_MANY_IDS', () => {
    expect(code(validateSubscribe({ cameraIds: ids(9), widths: widthsOf(9), pinned: ids(9) }, 9))).toBe('ok');
    expect(code(validateSubscribe({ cameraIds: ids(10) }, 9))).toBe('TOO_MANY_IDS');
    expect(code(validateSubscribe({ cameraIds: '*', widths: widthsOf(10) }, 9))).toBe('TOO_MANY_IDS');
    expect(code(validateSubscribe({ cameraIds: '*', pinned: ids(10) }, 9))).toBe('TOO_MANY_IDS');
  });

  it('bounds the objects list as pinned: a huge one is refused with TOO_MANY_IDS before its entries, a bad entry with BAD_REQUEST', () => {
    expect(validateSubscribe({ cameraIds: '*', objects: ['door'] }, 9)).toMatchObject({ ok: true, value: { objects: ['door'] } });
    expect(code(validateSubscribe({ cameraIds: '*', objects: [...ids(100_000), 42] }, 9))).toBe('TOO_MANY_IDS');
    expect(code(validateSubscribe({ cameraIds: '*', objects: [42] }, 9))).toBe('BAD_REQUEST');
    expect(code(validateSubscribe({ cameraIds: '*', objects: 'door' }, 9))).toBe('BAD_REQUEST');
  });

  it('bounds the h264 list as pinned: up to the ids the viewer may name, a huge one refused with TOO_MANY_IDS before its entries', () => {
    const ok = validateSubscribe({ cameraIds: '*', h264: ids(9) }, 9);
    expect(ok.ok && ok.value.h264).toEqual(ids(9));
    expect(code(validateSubscribe({ cameraIds: '*', h264: ids(10) }, 9))).toBe('TOO_MANY_IDS');
    expect(code(validateSubscribe({ cameraIds: '*', h264: [...ids(100_000), 42] }, 9))).toBe('TOO_MANY_IDS');
    expect(code(validateSubscribe({ cameraIds: '*', h264: [42] }, 9))).toBe('BAD_REQUEST');
    expect(code(validateSubscribe({ cameraIds: '*', h264: 'cam-0' }, 9))).toBe('BAD_REQUEST');
  });

  it('never takes more than 1000 ids, whatever the viewer may see', () => {
    expect(code(validateSubscribe({ cameraIds: ids(1000) }, 5000))).toBe('ok');
    expect(code(validateSubscribe({ cameraIds: ids(1001) }, 5000))).toBe('TOO_MANY_IDS');
  });

  it('counts a list before it looks at its entries: 20,000 made-up widths are refused for their number, not their values', () => {
    const widths: Record<string, unknown> = widthsOf(20_000);
    widths['cam-19999'] = 'not a width';
    const result = validateSubscribe({ cameraIds: ['cam-0'], widths }, 9);
    expect(code(result)).toBe('TOO_MANY_IDS');
    expect(result.ok || result.error.message).toContain('may see 9');
  });

  it('refuses a bad entry within the bound, and keeps widths with no prototype', () => {
    expect(code(validateSubscribe({ cameraIds: ['x'.repeat(65)] }, 9))).toBe('BAD_REQUEST');
    expect(code(validateSubscribe({ cameraIds: '*', pinned: [42] }, 9))).toBe('BAD_REQUEST');
    const result = validateSubscribe(JSON.parse('{"cameraIds":"*","widths":{"__proto__":640}}'), 9);
    expect(result.ok && Object.getPrototypeOf(result.value.widths)).toBeNull();
    expect(result.ok && result.value.widths!['__proto__']).toBe(640);
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

  it('takes sound as true or false only (#40)', () => {
    expect(validateCameraSettings({ sound: true })).toEqual({ ok: true, value: { sound: true } });
    expect(validateCameraSettings({ sound: false })).toEqual({ ok: true, value: { sound: false } });
  });

  it.each([
    [undefined, 'JSON object'],
    [[], 'JSON object'],
    [{}, 'Give name, group, sound, or several'],
    [{ name: 'x', order: 1 }, 'Unknown field "order"'],
    [{ name: 'x'.repeat(101) }, 'name: 1-100 characters'],
    [{ name: '   ' }, 'name: 1-100 characters'],
    [{ name: 42 }, 'name: 1-100 characters'],
    [{ group: 'g'.repeat(65) }, 'group: 1-64 characters'],
    [{ sound: 'on' }, 'sound: true'],
    [{ sound: null }, 'sound: true'],
  ])('refuses %j with BAD_REQUEST naming what is wrong', (body, why) => {
    const result = validateCameraSettings(body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BAD_REQUEST');
      expect(result.error.message).toContain(why);
    }
  });
});

describe('validateCameraSettings names', () => {
  it.each([['name'], ['group']])('refuses a %s holding a C1 or bidi control with BAD_NAME naming it', (field) => {
    for (const text of ['Drive\u0085way', 'Drive\u202eyaw', 'two\nlines']) {
      const result = validateCameraSettings({ [field]: text });
      expect(!result.ok && result.error.toJSON()).toMatchObject({ error: 'BAD_NAME', field });
    }
  });
});

describe('validateCaptureAuth names', () => {
  it('refuses a name holding a control with BAD_NAME, and takes accents and emoji', () => {
    expect(code(validateCaptureAuth({ token: 't', cameraId: 'porch', name: 'Drive\u009b31m' }))).toBe('BAD_NAME');
    expect(validateCaptureAuth({ token: 't', cameraId: 'porch', name: 'Entrée 🚗' }).ok).toBe(true);
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
