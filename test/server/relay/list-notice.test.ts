import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ListNotice } from '../../../server/relay/list-notice.js';

describe('ListNotice', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  describe('#changed', () => {
    it('tells listeners of the first change at once and of a burst after it once, 250 ms later', () => {
      const notice = new ListNotice();
      const heard: number[] = [];
      notice.listen(() => heard.push(Date.now()));
      const start = Date.now();
      notice.changed();
      vi.advanceTimersByTime(0);
      expect(heard).toEqual([start]);
      for (let i = 0; i < 10; i++) notice.changed();
      vi.advanceTimersByTime(249);
      expect(heard).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(heard).toEqual([start, start + 250]);
      notice.close();
    });

    it('tells nobody once a listener has stopped listening, or after close', () => {
      const notice = new ListNotice();
      let heard = 0;
      const stop = notice.listen(() => heard++);
      stop();
      notice.changed();
      vi.advanceTimersByTime(0);
      expect(heard).toBe(0);
      notice.listen(() => heard++);
      vi.advanceTimersByTime(300);
      notice.changed();
      notice.close();
      vi.advanceTimersByTime(300);
      expect(heard).toBe(0);
    });
  });
});
