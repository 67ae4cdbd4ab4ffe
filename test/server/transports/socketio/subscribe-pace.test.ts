import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SubscribePace } from '../../../../server/transports/socketio/subscribe-pace.js';

describe('SubscribePace', () => {
  let handled: string[];
  let pace: SubscribePace<string, string>;
  beforeEach(() => {
    vi.useFakeTimers();
    handled = [];
    pace = new SubscribePace((req) => (handled.push(req), `did ${req}`), 50);
  });
  afterEach(() => {
    pace.close();
    vi.useRealTimers();
  });

  it('handles the first at once and a burst as its newest, one gap later', () => {
    const replies: string[] = [];
    pace.push('a', (r) => replies.push(r));
    for (let i = 0; i < 1000; i++) pace.push(`b${i}`, (r) => replies.push(r));
    expect(handled).toEqual(['a']);
    vi.advanceTimersByTime(50);
    expect(handled).toEqual(['a', 'b999']);
    expect(replies[0]).toBe('did a');
    expect(replies.slice(1)).toEqual(Array(8).fill('did b999'));
  });

  it('handles one that comes after the gap at once', () => {
    pace.push('a', () => {});
    vi.advanceTimersByTime(60);
    pace.push('b', () => {});
    expect(handled).toEqual(['a', 'b']);
  });

  it('handles nothing more once closed', () => {
    pace.push('a', () => {});
    pace.push('b', () => {});
    pace.close();
    vi.advanceTimersByTime(100);
    expect(handled).toEqual(['a']);
  });
});
