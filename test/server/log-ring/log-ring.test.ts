import { describe, expect, it } from 'vitest';
import { codeOf, LogRing } from '../../../server/log-ring/log-ring.js';

describe('LogRing', () => {
  describe('#ctor', () => {
    it('throws if the size is not a positive integer', () => {
      expect(() => new LogRing(0)).toThrow(TypeError);
      expect(() => new LogRing(1.5)).toThrow('positive integer');
    });
  });

  describe('#record', () => {
    it('keeps the last `size` entries, oldest first', () => {
      const ring = new LogRing(3);
      for (let i = 0; i < 10; i++) ring.record('warn', null, [{ i }, `problem number ${i}`]);
      expect(ring.entries().map((e) => e.message)).toEqual(['problem number 7', 'problem number 8', 'problem number 9']);
    });

    it('folds a run of the same entry into one with a count and its last time', () => {
      let now = 1000;
      const ring = new LogRing(50, () => now);
      for (let i = 0; i < 500; i++) {
        now += 10;
        ring.record('warn', 'camrelay:mqtt', [{ err: 'ECONNREFUSED' }, 'mqtt connecting']);
      }
      expect(ring.entries()).toEqual([
        {
          time: 1010,
          lastTime: 6000,
          count: 500,
          level: 'warn',
          code: 'MQTT_CONNECTING',
          module: 'camrelay:mqtt',
          message: 'mqtt connecting',
          detail: 'err=ECONNREFUSED',
        },
      ]);
    });

    it('bounds the message and the detail, and keeps no secret field', () => {
      const ring = new LogRing();
      ring.record('error', null, [
        { password: 'hunter2', token: 'abc', big: 'x'.repeat(5000), n: 1, a: 2, b: 3, c: 4, d: 5, e: 6, f: 7, g: 8 },
        'y'.repeat(5000),
      ]);
      const [e] = ring.entries();
      expect(e!.message.length).toBeLessThanOrEqual(200);
      expect(e!.detail!.length).toBeLessThanOrEqual(300);
      expect(e!.detail).toMatch(/^password=\[redacted\] token=\[redacted\] big=x+…/);
      expect(JSON.stringify(e)).not.toContain('hunter2');
    });

    it('reads an Error alone, and a message alone', () => {
      const ring = new LogRing();
      ring.record('error', null, [Object.assign(new Error('disk on fire'), { code: 'ENOSPC' })]);
      ring.record('warn', null, ['just words, with a comma']);
      expect(ring.entries().map((e) => [e.code, e.message])).toEqual([
        ['ENOSPC', 'disk on fire'],
        ['LOG_WARN', 'just words, with a comma'],
      ]);
    });
  });
});

describe('codeOf', () => {
  it('takes the entry’s own code, else its fixed message, else the level', () => {
    expect(codeOf('warn', { code: 'BAD_TOKEN' }, 'refused')).toBe('BAD_TOKEN');
    expect(codeOf('warn', {}, 'recording problem')).toBe('RECORDING_PROBLEM');
    expect(codeOf('error', {}, 'offsite: rclone is missing (apt-get install rclone)')).toBe('LOG_ERROR');
  });
});
