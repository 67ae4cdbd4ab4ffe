import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerTime } from '../../../../shared/protocol.js';
import type { ProbeSocket, ProbeSocketOptions, ProbeState } from '../../../../dashboard/src/receivers/probe.js';
import { TransportProbe } from '../../../../dashboard/src/receivers/socketio/transport-probe.js';

type Listener = (...args: unknown[]) => void;

/** Stands in for a socket.io-client Socket: the test fires its events and answers its `time` requests. */
class FakeProbeSocket {
  private readonly listeners = new Map<string, Listener[]>();
  readonly timeAcks: Array<(t: ServerTime) => void> = [];
  closed = false;
  constructor(
    readonly uri: string,
    readonly options: ProbeSocketOptions,
  ) {}
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(_event: 'time', ack: (t: ServerTime) => void): this {
    this.timeAcks.push(ack);
    return this;
  }
  /** Like the real one, closing fires `disconnect` at once. */
  close(): this {
    if (!this.closed) {
      this.closed = true;
      this.fire('disconnect', 'io client disconnect');
    }
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

function setup(transport = 'websocket') {
  let now = 100;
  const sockets: FakeProbeSocket[] = [];
  const states: ProbeState[] = [];
  const probe = new TransportProbe(transport, {
    io: (uri, options) => {
      const socket = new FakeProbeSocket(uri, options);
      sockets.push(socket);
      return socket as ProbeSocket;
    },
    onChange: (state) => states.push(state),
    now: () => now,
  });
  return { probe, sockets, states, advance: (ms: number) => (now += ms) };
}

describe('TransportProbe', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('#ctor', () => {
    it('throws if no io function is given', () => {
      expect(() => new TransportProbe('polling', {} as never)).toThrow(TypeError);
    });

    it('starts untested', () => {
      expect(setup().probe.state).toEqual({ phase: 'idle' });
    });
  });

  describe('#run', () => {
    it('opens its own one-transport, non-reconnecting socket to /monitor', () => {
      const { probe, sockets } = setup('polling');
      probe.run();
      expect(probe.state).toEqual({ phase: 'testing' });
      expect(sockets).toHaveLength(1);
      expect(sockets[0]!.uri).toBe('/monitor');
      expect(sockets[0]!.options).toEqual({ transports: ['polling'], forceNew: true, reconnection: false, timeout: 5000 });
    });

    it('reports ok with the time round trip, then closes the socket', () => {
      const { probe, sockets, states, advance } = setup();
      probe.run();
      advance(30);
      sockets[0]!.fire('connect');
      advance(12);
      sockets[0]!.timeAcks[0]!({ now: 5_000, version: '0.1.0' });
      expect(probe.state).toEqual({ phase: 'ok', rttMs: 12, connectMs: 30 });
      expect(states.map((s) => s.phase)).toEqual(['testing', 'ok']);
      expect(sockets[0]!.closed).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('reports the connect_error message, then closes the socket', () => {
      const { probe, sockets } = setup();
      probe.run();
      sockets[0]!.fire('connect_error', new Error('websocket error'));
      expect(probe.state).toEqual({ phase: 'failed', reason: 'websocket error' });
      expect(sockets[0]!.closed).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('fails and closes the socket when nothing answers within 6 s', () => {
      const { probe, sockets } = setup();
      probe.run();
      sockets[0]!.fire('connect');
      vi.advanceTimersByTime(5_999);
      expect(probe.state.phase).toBe('testing');
      vi.advanceTimersByTime(1);
      expect(probe.state).toEqual({ phase: 'failed', reason: 'no answer within 6 s' });
      expect(sockets[0]!.closed).toBe(true);
    });

    it('fails when the connection drops before the answer', () => {
      const { probe, sockets } = setup();
      probe.run();
      sockets[0]!.fire('connect');
      sockets[0]!.fire('disconnect', 'transport close');
      expect(probe.state).toEqual({ phase: 'failed', reason: 'disconnected (transport close)' });
    });

    it('fails on a malformed time answer', () => {
      const { probe, sockets } = setup();
      probe.run();
      sockets[0]!.fire('connect');
      sockets[0]!.timeAcks[0]!({} as ServerTime);
      expect(probe.state.phase).toBe('failed');
    });

    it('fails, rather than throwing, when the socket cannot even be created', () => {
      const probe = new TransportProbe('websocket', {
        io: () => {
          throw new Error('bad uri');
        },
      });
      probe.run();
      expect(probe.state).toEqual({ phase: 'failed', reason: 'bad uri' });
      expect(vi.getTimerCount()).toBe(0);
    });

    it('abandons a run in flight: its socket closes and its late events change nothing', () => {
      const { probe, sockets, advance } = setup();
      probe.run();
      probe.run();
      expect(sockets[0]!.closed).toBe(true);
      expect(probe.state.phase).toBe('testing');
      sockets[0]!.fire('connect_error', new Error('late'));
      expect(probe.state.phase).toBe('testing');
      sockets[1]!.fire('connect');
      advance(5);
      sockets[1]!.timeAcks[0]!({ now: 1, version: '0.1.0' });
      expect(probe.state).toMatchObject({ phase: 'ok', rttMs: 5 });
      expect(vi.getTimerCount()).toBe(0);
    });

    it('ignores an answer that arrives after the deadline', () => {
      const { probe, sockets } = setup();
      probe.run();
      sockets[0]!.fire('connect');
      vi.advanceTimersByTime(6_000);
      sockets[0]!.timeAcks[0]!({ now: 1, version: '0.1.0' });
      expect(probe.state.phase).toBe('failed');
    });
  });

  describe('#cancel', () => {
    it('closes the socket of a run in flight and goes back to untested', () => {
      const { probe, sockets } = setup();
      probe.run();
      probe.cancel();
      expect(probe.state).toEqual({ phase: 'idle' });
      expect(sockets[0]!.closed).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('keeps a finished result', () => {
      const { probe, sockets } = setup();
      probe.run();
      sockets[0]!.fire('connect_error', new Error('xhr poll error'));
      probe.cancel();
      expect(probe.state).toEqual({ phase: 'failed', reason: 'xhr poll error' });
    });
  });
});
