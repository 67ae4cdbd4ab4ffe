/** HandshakeGuard without a network: fake engine.io connections, as socket.io-adapter is tested. */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { CamrelayError } from '../../../../shared/errors.js';
import { HandshakeGuard, type EngineConn } from '../../../../server/transports/socketio/handshake-guard.js';

class FakeConn extends EventEmitter {
  closed = false;
  readonly transport = { name: 'polling', maxHttpBufferSize: 3_000_000 };
  constructor(readonly request: IncomingMessage) {
    super();
  }
  close(): void {
    this.closed = true;
    this.emit('close');
  }
}

function setUp(limits: { perAddress: number; total: number }) {
  const refused: string[] = [];
  const guard = new HandshakeGuard({
    limits,
    fullMessageBytes: 3_000_000,
    clientIp: (req) => (req as unknown as { address: string }).address,
    onRefuse: (address, error: CamrelayError) => refused.push(`${address} ${error.code}`),
  });
  const open = (address: string): { conn: FakeConn; refusal: CamrelayError | null } => {
    const req = { address } as unknown as IncomingMessage;
    const refusal = guard.admit(req);
    const conn = new FakeConn(req);
    if (!refusal) guard.track(conn as unknown as EngineConn);
    return { conn, refusal };
  };
  return { guard, open, refused };
}

describe('HandshakeGuard', () => {
  describe('#admit', () => {
    it('refuses past the per-address limit, and not other addresses', () => {
      const { open } = setUp({ perAddress: 2, total: 10 });
      expect(open('a').refusal).toBeNull();
      expect(open('a').refusal).toBeNull();
      expect(open('a').refusal?.code).toBe('TOO_MANY_HANDSHAKES');
      expect(open('b').refusal).toBeNull();
    });

    it('when every slot is taken, closes the oldest waiting connection of the busiest address for a newcomer', () => {
      const { guard, open } = setUp({ perAddress: 10, total: 4 });
      const first = open('a').conn;
      open('a');
      open('a');
      open('b');
      expect(guard.size).toBe(4);
      const newcomer = open('c');
      expect(newcomer.refusal).toBeNull();
      expect(first.closed).toBe(true);
      expect(guard.size).toBe(4);
    });

    it('refuses a newcomer from the busiest address itself', () => {
      const { open } = setUp({ perAddress: 10, total: 3 });
      open('a');
      open('a');
      open('b');
      expect(open('a').refusal?.code).toBe('TOO_MANY_HANDSHAKES');
    });
  });

  describe('#joined', () => {
    it('frees the place and gives the connection its full message size', () => {
      const { guard, open } = setUp({ perAddress: 1, total: 10 });
      const { conn } = open('a');
      expect(conn.transport.maxHttpBufferSize).toBe(64 * 1024);
      guard.joined(conn as unknown as EngineConn);
      expect(conn.transport.maxHttpBufferSize).toBe(3_000_000);
      expect(open('a').refusal).toBeNull();
    });
  });

  describe('#track', () => {
    it('closes a connection that sends anything but a namespace join before it has joined', () => {
      const { open, refused } = setUp({ perAddress: 10, total: 10 });
      const { conn } = open('a');
      // engine.io hands over the Socket.IO packet without its own '4': a join is '0…'.
      conn.emit('packet', { type: 'message', data: '0/capture,{}' });
      expect(conn.closed).toBe(false);
      conn.emit('packet', { type: 'message', data: '2/capture,["frame"]' });
      expect(conn.closed).toBe(true);
      expect(refused).toEqual(['a HANDSHAKE_REQUIRED']);
    });
  });
});
