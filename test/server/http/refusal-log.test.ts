import { afterEach, describe, expect, it, vi } from 'vitest';
import { RefusalLog } from '../../../server/http/refusal-log.js';

afterEach(() => vi.useRealTimers());

function capture() {
  const lines: Array<{ fields: Record<string, unknown>; message: string }> = [];
  return { lines, log: { warn: (fields: object, message: string) => void lines.push({ fields: fields as Record<string, unknown>, message }) } };
}

describe('RefusalLog', () => {
  describe('#refused', () => {
    it('logs the first refusal of a kind from an address at once, and sums the repeats in one line per window', () => {
      vi.useFakeTimers();
      const { lines, log } = capture();
      const counted: string[] = [];
      const refusals = new RefusalLog(log, { windowMs: 60_000, count: (code) => counted.push(code) });
      for (let i = 0; i < 500; i++) refusals.refused('10.0.0.9', 'BAD_TOKEN', 'capture handshake refused', { cameraId: 'porch' });
      expect(lines).toEqual([{ fields: { cameraId: 'porch', address: '10.0.0.9', code: 'BAD_TOKEN' }, message: 'capture handshake refused' }]);
      vi.advanceTimersByTime(60_000);
      expect(lines).toHaveLength(2);
      expect(lines[1]!.fields).toEqual({ address: '10.0.0.9', code: 'BAD_TOKEN', count: 499 });
      expect(counted).toHaveLength(500);
      refusals.close();
    });

    it('keeps other addresses and other codes apart', () => {
      const { lines, log } = capture();
      const refusals = new RefusalLog(log);
      refusals.refused('10.0.0.1', 'BAD_TOKEN', 'refused');
      refusals.refused('10.0.0.2', 'BAD_TOKEN', 'refused');
      refusals.refused('10.0.0.1', 'BAD_ORIGIN', 'refused');
      expect(lines.map((l) => `${String(l.fields.address)} ${String(l.fields.code)}`)).toEqual([
        '10.0.0.1 BAD_TOKEN',
        '10.0.0.2 BAD_TOKEN',
        '10.0.0.1 BAD_ORIGIN',
      ]);
      refusals.close();
    });

    it('logs a refusal at once again after a quiet window', () => {
      vi.useFakeTimers();
      const { lines, log } = capture();
      const refusals = new RefusalLog(log, { windowMs: 1000 });
      refusals.refused('10.0.0.1', 'BAD_TOKEN', 'refused');
      vi.advanceTimersByTime(1000); // nothing repeated: no line, and the pair is forgotten
      expect(lines).toHaveLength(1);
      refusals.refused('10.0.0.1', 'BAD_TOKEN', 'refused');
      expect(lines).toHaveLength(2);
      refusals.close();
    });

    it('sums refusals past maxKeys pairs under one line, so a flood of addresses cannot grow it', () => {
      vi.useFakeTimers();
      const { lines, log } = capture();
      const refusals = new RefusalLog(log, { maxKeys: 3, windowMs: 1000 });
      for (let i = 0; i < 100; i++) refusals.refused(`10.0.0.${i}`, 'BAD_TOKEN', 'refused');
      expect(lines).toHaveLength(3);
      vi.advanceTimersByTime(1000);
      expect(lines.at(-1)!.fields).toEqual({ address: 'other addresses', code: 'any', count: 97 });
      refusals.close();
    });
  });
});
