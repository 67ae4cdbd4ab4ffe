import { Encoder } from 'socket.io-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as ws from 'ws';
import { MONITOR_NAMESPACE } from '../../../../shared/protocol.js';
import type { Frame } from '../../../../server/relay/frame.js';
import { eventPacket, framePacket, wsHeader } from '../../../../server/transports/socketio/ws-frame-packet.js';
import { startCamera } from '../../../helpers/capture.js';
import { countFramePackets, startTestServer, stopTestServer, type TestServer } from '../../../helpers/server.js';
import { connectViewer } from '../../../helpers/viewer.js';
import { waitFor } from '../../../helpers/wait.js';

/** ws's own framer: exported by the package, missing from its type definitions. */
const { Sender } = ws as unknown as {
  Sender: { frame(data: Buffer, o: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }): Buffer[] };
};

/** What Socket.IO's own encoder and ws put on the wire for `emit(event, meta, payload, ack)`. */
function stockBytes(nsp: string, id: number, frame: Frame, event = 'frame', payload: Uint8Array = frame.jpeg): Buffer {
  const packets = new Encoder().encode({ type: 2, nsp, id, data: [event, frame.meta, payload] }) as Array<string | Buffer>;
  const frames = packets.map((p) => {
    // Engine.IO prefixes text messages with "4"; binary ones go as they are.
    const data = typeof p === 'string' ? Buffer.from(`4${p}`) : p;
    return Sender.frame(data, { fin: true, rsv1: false, opcode: typeof p === 'string' ? 1 : 2, mask: false, readOnly: true });
  });
  return Buffer.concat(frames.flat());
}

function frameOf(size: number, name = 'Cam'): Frame {
  const jpeg = Buffer.alloc(size, 7);
  const meta = {
    cameraId: `cam-${name}`,
    seq: 42,
    epoch: 1,
    capturedAt: 1_700_000_000_123,
    clockSynced: true,
    receivedAt: 1_700_000_000_130,
    width: 1280,
    height: 720,
  };
  return { cameraId: meta.cameraId, seq: 42, capturedAt: meta.capturedAt, receivedAt: meta.receivedAt, link: 'websocket', jpeg, meta };
}

describe('ws frame packet', () => {
  it('is byte for byte what Socket.IO and ws send, for every length class and namespace', () => {
    for (const size of [10, 125, 126, 65_535, 65_536, 150_000]) {
      for (const [nsp, id] of [
        [MONITOR_NAMESPACE, 0],
        [MONITOR_NAMESPACE, 123_456],
        ['/', 7],
      ] as const) {
        const frame = frameOf(size, 'ünïcode');
        const [head, body] = framePacket(nsp, id, frame);
        expect(Buffer.concat([head, body]).equals(stockBytes(nsp, id, frame)), `size ${size}, ${nsp} #${id}`).toBe(true);
        // The JPEG goes out as the same buffer, never copied per viewer.
        expect(body).toBe(frame.jpeg);
      }
    }
  });

  it('is the same for an h264 event whose unit is a view into a larger buffer, sent without a copy', () => {
    const frame = frameOf(10);
    const whole = new Uint8Array(70_000).map((_, i) => i & 0xff);
    const au = whole.subarray(1000, 66_000);
    const [head, body] = eventPacket(MONITOR_NAMESPACE, 9, 'h264', frame.meta, au);
    expect(Buffer.concat([head, body]).equals(stockBytes(MONITOR_NAMESPACE, 9, frame, 'h264', Buffer.from(au)))).toBe(true);
    expect(body.buffer).toBe(whole.buffer);
    // Another lane's stamped copy of the meta for the same unit gets its own JSON, never the first one's.
    const stamped = { ...frame.meta, resume: 3 };
    const [again] = eventPacket(MONITOR_NAMESPACE, 10, 'h264', stamped, au);
    expect(again.toString('latin1')).toContain('"resume":3');
  });

  it('makes one buffer per viewer: the JSON and the attachment header are made once per frame', () => {
    const frame = frameOf(150_000);
    framePacket(MONITOR_NAMESPACE, 0, frame);
    const made = [vi.spyOn(Buffer, 'allocUnsafe'), vi.spyOn(Buffer, 'from'), vi.spyOn(Buffer, 'alloc')];
    try {
      for (let id = 1; id <= 50; id++) framePacket(MONITOR_NAMESPACE, id, frame);
      expect(made.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBe(50);
    } finally {
      made.forEach((spy) => spy.mockRestore());
    }
  });

  it('writes headers of the three RFC 6455 length forms', () => {
    expect([...wsHeader(2, 125)]).toEqual([0x82, 125]);
    expect([...wsHeader(1, 300)]).toEqual([0x81, 126, 1, 44]);
    expect([...wsHeader(2, 70_000)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 1, 17, 112]);
  });
});

describe('monitor frame sink over a real WebSocket', () => {
  let server: TestServer | undefined;
  const cleanups: Array<() => void> = [];
  afterEach(async () => {
    cleanups.splice(0).forEach((c) => c());
    await stopTestServer(server);
  });

  it('takes the pre-encoded path for websocket viewers and the plain emit on polling, and both get acked frames', async () => {
    server = await startTestServer();
    const { preEncoded, plain } = countFramePackets(server);
    const ws = connectViewer(server.url, { transports: ['websocket'] });
    const polling = connectViewer(server.url, { transports: ['polling'] });
    cleanups.push(
      () => ws.close(),
      () => polling.close(),
    );
    const cam = await startCamera(server.url, server.captureToken, 'porch', { fps: 20 });
    cleanups.push(() => cam.stop());
    // More frames than one in flight can carry: every one after the first was released by an ack.
    for (const v of [ws, polling]) await waitFor(() => v.frames.length >= 10, 'ten frames at each viewer');
    expect(ws.frames.every((f) => f.cameraId === 'porch' && f.width === 64)).toBe(true);
    const wsId = ws.socket.io.engine.id;
    const pollingId = polling.socket.io.engine.id;
    expect(preEncoded.get(wsId)).toBeGreaterThanOrEqual(10);
    expect(plain.get(wsId) ?? 0).toBe(0);
    expect(preEncoded.get(pollingId) ?? 0).toBe(0);
    expect(plain.get(pollingId)).toBeGreaterThanOrEqual(10);
  });
});
