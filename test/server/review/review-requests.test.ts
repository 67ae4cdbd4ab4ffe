/** The review routes' inputs: keys, seen and seen-all bodies, and severities, each refused with its code before anything reads them. */
import { describe, expect, it } from 'vitest';
import { parseKey, parseSeenAllRequest, parseSeenRequest, parseSeverity } from '../../../server/review/review-requests.js';
import { REVIEW_SEEN_MAX_IDS } from '../../../shared/review.js';

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('parseKey', () => {
  it('takes a camera id and a 13-digit event id apart', () => {
    expect(parseKey('front-door/1767225600000')).toEqual({ ok: true, value: { camera: 'front-door', eventId: '1767225600000' } });
  });

  it('refuses what is no key with BAD_REVIEW_KEY, and a bad camera id with its own code', () => {
    for (const raw of ['door', '/1767225600000', 'door/17672256', 'door/1767225600000/x', 'a'.repeat(100) + '/1767225600000', 7, null])
      expect(code(parseKey(raw)), String(raw)).toBe('BAD_REVIEW_KEY');
    expect(code(parseKey('door.cam/1767225600000'))).toBe('BAD_CAMERA_ID');
  });
});

describe('parseSeenRequest', () => {
  it('takes keys once each, seen by default', () => {
    const got = parseSeenRequest({ keys: ['door/1767225600000', 'door/1767225600000', 'yard/1767225600000'] });
    expect(got.ok && got.value).toEqual({
      keys: [
        { camera: 'door', eventId: '1767225600000' },
        { camera: 'yard', eventId: '1767225600000' },
      ],
      seen: true,
    });
    expect(parseSeenRequest({ keys: [], seen: false })).toEqual({ ok: true, value: { keys: [], seen: false } });
  });

  it('refuses more keys than one request may mark before reading any', () => {
    expect(code(parseSeenRequest({ keys: Array.from({ length: REVIEW_SEEN_MAX_IDS + 1 }, () => 7) }))).toBe('REVIEW_TOO_MANY');
  });

  it('refuses other shapes with BAD_REVIEW_REQUEST', () => {
    for (const body of [null, [], { keys: 'door/1767225600000' }, { keys: [], seen: 1 }, { keys: [], extra: 1 }])
      expect(code(parseSeenRequest(body)), JSON.stringify(body)).toBe('BAD_REVIEW_REQUEST');
  });
});

describe('parseSeenAllRequest', () => {
  it('gives the range and camera as a query string would, and the severity', () => {
    expect(parseSeenAllRequest({ from: 1, to: 2, camera: 'door', severity: 'alert' })).toEqual({
      ok: true,
      value: { query: { from: '1', to: '2', camera: 'door' }, severity: 'alert' },
    });
  });

  it('refuses a range that is not numbers, a camera that is not text, a severity it does not know and other keys', () => {
    for (const body of [{ from: '1', to: 2 }, { from: 1, to: 2, camera: 5 }, { from: 1, to: 2, severity: 'loud' }, { from: 1, to: 2, day: 'x' }, 'all'])
      expect(code(parseSeenAllRequest(body)), JSON.stringify(body)).toBe('BAD_REVIEW_REQUEST');
  });
});

describe('parseSeverity', () => {
  it('takes alert, detection, motion or nothing', () => {
    expect(['alert', 'detection', 'motion', undefined].map((s) => code(parseSeverity(s)))).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(code(parseSeverity(['alert']))).toBe('BAD_REVIEW_REQUEST');
  });
});
