import { describe, expect, it } from 'vitest';
import type { ConnectionState, MonitorSocket } from '../../../../dashboard/src/connection/connection.js';
import type { ProbeSocket } from '../../../../dashboard/src/receivers/probe.js';
import { socketio } from '../../../../dashboard/src/receivers/socketio/index.js';
import { TransportProbe } from '../../../../dashboard/src/receivers/socketio/transport-probe.js';
import { LINKS, type MonitorFrameMeta } from '../../../../shared/protocol.js';
import { FakeSocket } from '../../connection/fake-socket.js';

const meta = (seq: number): MonitorFrameMeta => ({ cameraId: 'cam', seq, epoch: 1, capturedAt: seq, clockSynced: true, receivedAt: seq, width: 2, height: 2 });

function started() {
  const socket = new FakeSocket();
  const calls: string[] = [];
  const connection = { state: { status: 'connected', transport: 'websocket' } as ConnectionState };
  const receiver = socketio.start({
    socket: socket as unknown as MonitorSocket,
    connection,
    base: 'http://relay.test/',
    feed: { frame: (m) => calls.push(`frame ${m.seq}`), expectsFrames: true, stepped: (id, why) => calls.push(`stepped ${id}: ${why}`) },
    log: { add: () => {} },
    onChange: () => {},
  });
  return { socket, calls, connection, receiver };
}

describe('socketio', () => {
  describe('#probes', () => {
    const PROBES = socketio.probes;

    it('tests polling, then websocket', () => {
      expect(PROBES.map((p) => p.name)).toEqual(['polling', 'websocket']);
    });

    it('names every row after a link of the shared protocol', () => {
      for (const kind of PROBES) expect(LINKS).toContain(kind.name);
    });

    it('creates, for each Socket.IO transport, a probe limited to that transport', () => {
      const asked: string[][] = [];
      const io = (_uri: string, options: { transports: string[] }) => {
        asked.push(options.transports);
        return { on: () => {}, emit: () => {}, close: () => {} } as ProbeSocket;
      };
      for (const kind of PROBES) {
        const probe = kind.create({ io, onChange: () => {} });
        expect(probe).toBeInstanceOf(TransportProbe);
        probe.run();
        probe.cancel();
      }
      expect(asked).toEqual([['polling'], ['websocket']]);
    });
  });

  describe('#start', () => {
    it('acks each frame before it hands it to the tiles', () => {
      const { socket, calls } = started();
      socket.fire('frame', meta(1), new Uint8Array([0xff]), () => calls.push('ack'));
      expect(calls).toEqual(['ack', 'frame 1']);
    });

    it("hands the relay's reason for a smaller rendition to the tiles, and clears it when the rung is back", () => {
      const { socket, calls } = started();
      socket.fire('rendition', { cameraId: 'cam', steps: 1, window: 1, reason: 'the link carried 4.0 of 10.0 fps' });
      socket.fire('rendition', { cameraId: 'cam', steps: 0, window: 1, reason: 'the link has room for more' });
      expect(calls).toEqual(['stepped cam: Sent smaller than this tile asks: the link carried 4.0 of 10.0 fps.', 'stepped cam: ']);
    });

    it('acks, and drops, a frame without a camera id', () => {
      const { socket, calls } = started();
      socket.fire('frame', { seq: 2 }, new Uint8Array([0xff]), () => calls.push('ack'));
      expect(calls).toEqual(['ack']);
    });

    it("shows the connection's own link, even while it is down", () => {
      const { connection, receiver } = started();
      expect(receiver.link).toBe('websocket');
      connection.state = { status: 'reconnecting', transport: 'polling' };
      expect(receiver.link).toBe('polling');
    });
  });
});
