import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionLog } from '../../../dashboard/src/connection/connection-log.js';
import { Connection, newPageId, type MonitorSocket, type Refusal } from '../../../dashboard/src/connection/connection.js';
import { pageIdOf } from '../../../shared/live-video.js';
import { connectionOnFake, FakeSocket } from './fake-socket.js';

const setup = connectionOnFake;

describe('Connection', () => {
  afterEach(() => void vi.useRealTimers());

  describe('#ctor', () => {
    it('reports disconnected, on the engine transport, at once', () => {
      const { connection, states } = setup();
      expect(states).toEqual([{ status: 'disconnected', transport: 'polling' }]);
      expect(connection.state).toEqual(states[0]);
    });
  });

  describe('on connect', () => {
    it('subscribes to every camera and reports connected', () => {
      const { socket, connection } = setup();
      socket.fire('connect');
      expect(socket.sent).toEqual([['subscribe', { cameraIds: '*' }]]);
      expect(connection.state.status).toBe('connected');
    });

    it('subscribes again after every reconnect', () => {
      const { socket } = setup();
      socket.fire('connect');
      socket.fire('disconnect', 'transport close');
      socket.io.fire('reconnect_attempt', 1);
      socket.io.reopen();
      socket.fire('connect');
      expect(socket.sent.filter(([event]) => event === 'subscribe')).toHaveLength(2);
    });
  });

  describe('status', () => {
    it('is reconnecting while the manager retries and connected again afterwards', () => {
      const { socket, states } = setup();
      socket.fire('connect');
      socket.fire('disconnect', 'transport close');
      socket.io.fire('reconnect_attempt', 1);
      socket.fire('connect_error', new Error('xhr poll error'));
      socket.io.fire('reconnect_attempt', 2);
      socket.io.reopen();
      socket.fire('connect');
      expect(states.map((s) => s.status)).toEqual(['disconnected', 'connected', 'reconnecting', 'connected']);
    });

    it('is disconnected when nothing will reconnect', () => {
      const { socket, connection } = setup();
      socket.fire('connect');
      socket.active = false;
      socket.fire('disconnect', 'io client disconnect');
      expect(connection.state.status).toBe('disconnected');
    });

    it('reconnects by itself after the server disconnected it, where Socket.IO would give up', () => {
      vi.useFakeTimers();
      const { socket, connection } = setup();
      socket.fire('connect');
      socket.active = false;
      socket.fire('disconnect', 'io server disconnect');
      expect(connection.state.status).toBe('reconnecting');
      vi.advanceTimersByTime(1000);
      expect(socket.connects).toBe(1);
    });

    it('is reconnecting when the first connection fails and a retry is due', () => {
      const { socket, connection } = setup();
      socket.fire('connect_error', new Error('xhr poll error'));
      expect(connection.state.status).toBe('reconnecting');
    });
  });

  describe('when the server refuses the handshake', () => {
    /** What socket.io-client fires after a middleware `next(err)`: the socket is already destroyed. */
    function refuse(socket: FakeSocket, code: string, message = 'Sign in first.'): void {
      socket.active = false;
      socket.fire('connect_error', Object.assign(new Error(message), { data: { code, message } }));
    }

    it('is disconnected, not reconnecting, and asks for a sign-in', () => {
      const socket = new FakeSocket();
      const refusals: Refusal[] = [];
      const connection = new Connection(socket as unknown as MonitorSocket, () => {}, { onAuthRefused: (r) => refusals.push(r) });
      refuse(socket, 'AUTH_REQUIRED');
      expect(connection.state.status).toBe('disconnected');
      expect(refusals).toEqual([{ code: 'AUTH_REQUIRED', message: 'Sign in first.' }]);
    });

    it('is disconnected even if the socket still looks active', () => {
      const { socket, connection } = setup();
      socket.fire('connect_error', Object.assign(new Error('nope'), { data: { code: 'BAD_CREDENTIALS', message: 'nope' } }));
      expect(connection.state.status).toBe('disconnected');
    });

    it('does not ask for a sign-in for refusals a password cannot fix', () => {
      const socket = new FakeSocket();
      const refusals: Refusal[] = [];
      new Connection(socket as unknown as MonitorSocket, () => {}, { onAuthRefused: (r) => refusals.push(r) });
      refuse(socket, 'BAD_ORIGIN', 'Origin not allowed.');
      expect(refusals).toEqual([]);
    });

    it('logs the code with the message, and a missing session as an expected sign-in, not an error', () => {
      const socket = new FakeSocket();
      const log = new ConnectionLog();
      new Connection(socket as unknown as MonitorSocket, () => {}, { log });
      refuse(socket, 'BAD_ORIGIN', 'Origin not allowed.');
      expect(log.entries()[0]!.text).toBe('connect_error: Origin not allowed. (BAD_ORIGIN)');
      refuse(socket, 'AUTH_REQUIRED');
      expect(log.entries()[0]!.text).toBe('sign-in needed (AUTH_REQUIRED): Sign in first.');
    });
  });

  describe('#connect', () => {
    it('connects a socket that nothing else will', () => {
      const { socket, connection } = setup();
      socket.active = false;
      connection.connect();
      expect(socket.connects).toBe(1);
    });

    it('leaves a connection under way alone', () => {
      const { socket, connection } = setup();
      connection.connect();
      expect(socket.connects).toBe(0);
    });
  });

  describe('#disconnect', () => {
    it('closes the socket and reports disconnected', () => {
      const { socket, connection } = setup();
      socket.fire('connect_error', new Error('xhr poll error'));
      connection.disconnect();
      expect(socket.disconnects).toBe(1);
      expect(connection.state.status).toBe('disconnected');
    });

    it('cancels its own retry after a server-side disconnect (e.g. signing out)', () => {
      vi.useFakeTimers();
      const { socket, connection } = setup();
      socket.fire('connect');
      socket.active = false;
      socket.fire('disconnect', 'io server disconnect');
      connection.disconnect();
      vi.advanceTimersByTime(5000);
      expect(socket.connects).toBe(0);
    });
  });

  describe('after a throttled refusal', () => {
    it('retries when the server says, and not after disconnect() (signing out)', () => {
      vi.useFakeTimers();
      const throttled = () => Object.assign(new Error('busy'), { data: { code: 'TOO_MANY_ATTEMPTS', retryAfterMs: 3000 } });
      const first = setup();
      first.socket.active = false;
      first.socket.fire('connect_error', throttled());
      vi.advanceTimersByTime(3000);
      expect(first.socket.connects).toBe(1);

      const second = setup();
      second.socket.active = false;
      second.socket.fire('connect_error', throttled());
      second.connection.disconnect();
      vi.advanceTimersByTime(5000);
      expect(second.socket.connects).toBe(0);
    });
  });

  describe('transport', () => {
    it('follows the polling → websocket upgrade', () => {
      const { socket, connection } = setup();
      socket.fire('connect');
      socket.io.engine.upgrade();
      expect(connection.state.transport).toBe('websocket');
    });

    it('follows the new engine after a reconnect, from polling to its own upgrade', () => {
      const { socket, connection } = setup();
      socket.fire('connect');
      socket.io.engine.upgrade();
      socket.fire('disconnect', 'transport close');
      socket.io.reopen();
      expect(connection.state.transport).toBe('polling');
      socket.fire('connect');
      socket.io.engine.upgrade();
      expect(connection.state).toEqual({ status: 'connected', transport: 'websocket' });
    });
  });

  describe('log', () => {
    function logged() {
      let now = 10_000;
      const socket = new FakeSocket();
      const log = new ConnectionLog({ now: () => now });
      new Connection(socket as unknown as MonitorSocket, () => {}, { log, now: () => now });
      const texts = () =>
        log
          .entries()
          .map((e) => e.text)
          .reverse();
      return { socket, texts, advance: (ms: number) => (now += ms) };
    }

    it('records connects with their transport, upgrades, drops with reasons, retries and the outage length', () => {
      const { socket, texts, advance } = logged();
      socket.fire('connect');
      socket.io.engine.upgrade();
      socket.fire('disconnect', 'transport close');
      socket.io.fire('reconnect_attempt', 1);
      socket.fire('connect_error', new Error('xhr poll error'));
      socket.io.fire('reconnect_attempt', 2);
      advance(2_300);
      socket.io.reopen();
      socket.fire('connect');
      expect(texts()).toEqual([
        'connect (polling)',
        'upgrade → websocket',
        'disconnect: transport close',
        'reconnect attempt 1',
        'connect_error: xhr poll error',
        'reconnect attempt 2',
        'connect (polling)',
        'reconnected after 2.3 s',
      ]);
    });

    it('records a failed websocket upgrade', () => {
      const { socket, texts } = logged();
      socket.fire('connect');
      socket.io.engine.failUpgrade('websocket error');
      expect(texts()).toContain('upgrade failed: websocket error');
    });

    it('records its own retry after the server disconnected it', () => {
      vi.useFakeTimers();
      const { socket, texts } = logged();
      socket.fire('connect');
      socket.active = false;
      socket.fire('disconnect', 'io server disconnect');
      vi.advanceTimersByTime(1000);
      expect(texts().slice(1)).toEqual(['disconnect: io server disconnect', 'server disconnect (retrying)']);
    });

    it('records giving up', () => {
      const { socket, texts } = logged();
      socket.io.fire('reconnect_failed');
      expect(texts()).toEqual(['reconnect failed: gave up']);
    });

    it('does not call a first connection a reconnect', () => {
      const { socket, texts } = logged();
      socket.fire('connect_error', new Error('xhr poll error'));
      socket.fire('connect');
      expect(texts()).toEqual(['connect_error: xhr poll error', 'connect (polling)']);
    });
  });
});

describe('newPageId', () => {
  it('makes an id the relay takes as auth.page, a new one each page', () => {
    const ids = Array.from({ length: 50 }, () => newPageId());
    expect(ids.every((id) => id.length === 22 && pageIdOf({ page: id }) === id)).toBe(true);
    expect(new Set(ids).size).toBe(50);
  });
});
