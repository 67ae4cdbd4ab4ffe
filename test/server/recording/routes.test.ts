import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../server/recording/routes.js';

const DAY = Date.parse('2026-11-23T00:00:00Z');

describe('parseRange', () => {
  it('reads a UTC day, a from/to pair, and defaults to today', () => {
    expect(parseRange({ day: '2026-11-23' }, 0)).toEqual({ ok: true, value: { from: DAY, to: DAY + 86_400_000 } });
    expect(parseRange({ from: '1000', to: '61000' }, 0)).toEqual({ ok: true, value: { from: 1000, to: 61_000 } });
    expect(parseRange({}, DAY + 5000)).toEqual({ ok: true, value: { from: DAY, to: DAY + 86_400_000 } });
  });

  it('refuses a day that is not a day of the calendar with BAD_DAY, rather than rolling it over', () => {
    for (const day of ['2026-02-31', '2026-02-29', '2026-13-01', '2026-04-31', '2026-13-40', '../../etc', '2026-1-1', '2026-11-23T05:00']) {
      const r = parseRange({ day }, 0);
      expect(r.ok, day).toBe(false);
      if (!r.ok) expect(r.error.code, day).toBe('BAD_DAY');
    }
    expect(parseRange({ day: '2028-02-29' }, 0)).toEqual({
      ok: true,
      value: { from: Date.parse('2028-02-29T00:00:00Z'), to: Date.parse('2028-03-01T00:00:00Z') },
    });
  });

  it('refuses any other range with BAD_TIME_RANGE', () => {
    for (const query of [
      { from: '5', to: '5' },
      { from: '10', to: '5' },
      { from: '0', to: String(86_400_001) },
      { from: '-1', to: '5' },
      { from: '1e3', to: '5000' },
      { from: '1000' },
      { from: ['1', '2'], to: '5' },
    ]) {
      const r = parseRange(query as never, 0);
      expect(r.ok, JSON.stringify(query)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('BAD_TIME_RANGE');
    }
  });
});
