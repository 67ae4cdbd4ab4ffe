/**
 * A `frame` event as it goes out on a WebSocket, built once per frame instead of once per viewer.
 *
 * The bytes are exactly what Socket.IO's own encoder sends (protocol v5 over Engine.IO v4), so
 * stock `socket.io-client` viewers read it unchanged:
 *   1. a text message `451-<nsp>,<ackId>["frame",<meta>,{"_placeholder":true,"num":0}]`
 *      (Engine.IO "message" 4, Socket.IO BINARY_EVENT 5 with 1 attachment);
 *   2. a binary message: the JPEG itself.
 * Socket.IO would JSON-encode the metadata for every viewer and hand the two messages to the kernel
 * in two writes, one event-loop turn apart. Here the JSON and the attachment's header are made once
 * per frame, and both messages go out in one write (one system call, one TCP segment train, one
 * wake-up of the viewer). Only the ack id differs between viewers.
 */
import type { Frame } from '../../relay/frame.js';

const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;
const FIN = 0x80;

/** An unmasked (server → client) WebSocket frame header, RFC 6455 §5.2. */
export function wsHeader(opcode: number, length: number): Buffer {
  if (length < 126) return Buffer.from([FIN | opcode, length]);
  if (length < 0x10000) {
    const h = Buffer.allocUnsafe(4);
    h[0] = FIN | opcode;
    h[1] = 126;
    h.writeUInt16BE(length, 2);
    return h;
  }
  const h = Buffer.allocUnsafe(10);
  h[0] = FIN | opcode;
  h[1] = 127;
  h.writeBigUInt64BE(BigInt(length), 2);
  return h;
}

/** What every viewer's copy of one frame shares. */
interface Shared {
  /** `["frame",<meta>,{"_placeholder":true,"num":0}]`, UTF-8. */
  json: Buffer;
  /** The binary message's header, for the JPEG's length. */
  attachmentHeader: Buffer;
}

const shared = new WeakMap<Frame, Shared>();

function sharedOf(frame: Frame): Shared {
  let s = shared.get(frame);
  if (!s) {
    s = {
      json: Buffer.from(JSON.stringify(['frame', frame.meta, { _placeholder: true, num: 0 }])),
      attachmentHeader: wsHeader(OPCODE_BINARY, frame.jpeg.length),
    };
    shared.set(frame, s);
  }
  return s;
}

/**
 * The two WebSocket messages of one viewer's `frame` event, as the two buffers ws's
 * `sendFrame` writes together: [text message + the attachment's header, the JPEG].
 * `nsp` is the namespace ("/monitor"); `ackId` the id the viewer's ack will carry.
 */
export function framePacket(nsp: string, ackId: number, frame: Frame): [Buffer, Buffer] {
  const { json, attachmentHeader } = sharedOf(frame);
  // "4" Engine.IO message, "5" BINARY_EVENT, "1-" one attachment; "/" namespace needs no prefix.
  const prefix = Buffer.from(nsp === '/' ? `451-${ackId}` : `451-${nsp},${ackId}`);
  const textLength = prefix.length + json.length;
  const textHeader = wsHeader(OPCODE_TEXT, textLength);
  const head = Buffer.allocUnsafe(textHeader.length + textLength + attachmentHeader.length);
  let at = textHeader.copy(head, 0);
  at += prefix.copy(head, at);
  at += json.copy(head, at);
  attachmentHeader.copy(head, at);
  return [head, frame.jpeg];
}
