/** Stop requests: every console signal aborts once, and a second request forces the exit. */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { Shutdown, SHUTDOWN_SIGNALS, type ShutdownSignal, type SignalSource } from '../../capture-client/shutdown.js';

describe('Shutdown', () => {
  it.each(SHUTDOWN_SIGNALS)('aborts its signal at %s, with the name as the reason', (name) => {
    const source = new EventEmitter();
    const shutdown = new Shutdown(() => {}, source as unknown as SignalSource);
    source.emit(name);
    expect([shutdown.signal.aborted, shutdown.signal.reason]).toEqual([true, name]);
  });

  it('forces at the second request, whatever signal it is', () => {
    const source = new EventEmitter();
    const forced: ShutdownSignal[] = [];
    const shutdown = new Shutdown((s) => forced.push(s), source as unknown as SignalSource);
    source.emit('SIGINT');
    expect(forced).toEqual([]);
    source.emit('SIGHUP');
    expect([forced, shutdown.signal.reason]).toEqual([['SIGHUP'], 'SIGINT']);
  });

  it('expires its deadline once, that long after the first request, whatever still runs', () => {
    vi.useFakeTimers();
    try {
      const source = new EventEmitter();
      const expired: ShutdownSignal[] = [];
      new Shutdown(() => {}, source as unknown as SignalSource, { ms: 2500, expire: (s) => expired.push(s) });
      vi.advanceTimersByTime(10_000);
      expect(expired).toEqual([]);
      source.emit('SIGHUP');
      vi.advanceTimersByTime(2499);
      expect(expired).toEqual([]);
      source.emit('SIGINT');
      vi.advanceTimersByTime(10_000);
      expect(expired).toEqual(['SIGHUP']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops listening when disposed', () => {
    const source = new EventEmitter();
    new Shutdown(() => {}, source as unknown as SignalSource).dispose();
    expect(SHUTDOWN_SIGNALS.map((s) => source.listenerCount(s))).toEqual([0, 0, 0, 0]);
  });
});
