import { describe, expect, it } from 'vitest';
import { parseOffsite } from '../../../server/offsite/settings.js';

const parse = (v: unknown) => parseOffsite(typeof v === 'string' ? v : JSON.stringify(v));

describe('parseOffsite', () => {
  it('takes a remote alone, with every default', () => {
    expect(parse({ remote: 'evidence:camrelay' })).toEqual({
      ok: true,
      value: { remote: 'evidence:camrelay', rclone: 'rclone', what: 'both', maxMbPerDay: 0, queueEvents: 500, parallel: 1 },
    });
  });

  it('takes every setting', () => {
    const all = {
      remote: 'my nas:cams/front',
      rcloneConfig: '/etc/camrelay/rclone.conf',
      rclone: '/usr/bin/rclone',
      cameras: ['door', 'yard'],
      what: 'clip',
      maxMbPerDay: 500,
      bwlimit: '1M:off',
      queueEvents: 100,
      parallel: 2,
    };
    expect(parse(all)).toEqual({ ok: true, value: all });
  });

  it.each([
    ['not json', 'offsite must be a JSON object'],
    [[], 'offsite must be a JSON object with at least remote'],
    [{}, 'offsite.remote is not valid (Invalid input: expected string, received undefined)'],
    [{ remote: 'camrelay' }, 'offsite.remote must be an rclone remote and folder, like evidence:camrelay'],
    [{ remote: '--config=/x:y' }, 'offsite.remote must be an rclone remote and folder, like evidence:camrelay'],
    [{ remote: 'e:../../etc' }, 'offsite.remote must not hold ".."'],
    [{ remote: 'e:x', what: 'video' }, 'offsite.what is not valid'],
    [{ remote: 'e:x', maxMbPerDay: -1 }, 'offsite.maxMbPerDay is not valid'],
    [{ remote: 'e:x', bwlimit: '1M; rm -rf /' }, 'offsite.bwlimit must be a rate rclone reads, like 1M, 512k or off'],
    [{ remote: 'e:x', cameras: ['door', '../x'] }, 'offsite.cameras must be camera ids'],
    [{ remote: 'e:x', cameras: [] }, 'offsite.cameras is not valid'],
    [{ remote: 'e:x', parallel: 3 }, 'offsite.parallel is not valid'],
    [
      { remote: 'e:x', password: 'x' },
      'offsite.password is not an offsite setting (known: remote, rcloneConfig, rclone, cameras, what, maxMbPerDay, bwlimit, queueEvents, parallel)',
    ],
  ])('refuses %j: %s', (value, message) => {
    const r = parse(value);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });
});
