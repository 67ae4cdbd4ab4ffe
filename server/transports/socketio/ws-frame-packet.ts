/**
 * A `frame` or `h264` event as it goes out on a WebSocket, built once per frame or unit instead of once per viewer.
 *
 * The bytes are exactly what Socket.IO's own encoder sends (protocol v5 over Engine.IO v4), so
 * stock `socket.io-client` viewers read it unchanged:
 *   1. a text message `451-<nsp>,<ackId>["frame",<meta>,{"_placeholder":true,"num":0}]`
 *      (Engine.IO "message" 4, Socket.IO BINARY_EVENT 5 with 1 attachment);
 *   2. a binary message: the JPEG (or the H.264 access unit) itself.
 * Socket.IO would JSON-encode the metadata for every viewer and hand the two messages to the kernel
 * in two writes, one event-loop turn apart. Here the JSON and the attachment's header are made once
 * per frame or unit, and both messages go out in one write (one system call, one TCP segment train, one
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

/**
 * Each metadata object's JSON, `[<event>,<meta>,{"_placeholder":true,"num":0}]`: made once however many viewers take
 * it. Keyed by the meta, not the payload: lanes that stamp another `resume` on the same H.264 unit hold their own meta
 * objects, and each keeps its JSON instead of rebuilding the other's.
 */
const jsonOf = new WeakMap<object, { event: string; json: Buffer }>();

function eventJson(event: string, meta: object): Buffer {
  let s = jsonOf.get(meta);
  if (s?.event !== event) jsonOf.set(meta, (s = { event, json: Buffer.from(JSON.stringify([event, meta, { _placeholder: true, num: 0 }])) }));
  return s.json;
}

/**
 * The two WebSocket messages of one viewer's `emit(event, meta, payload, ack)`, as the two buffers ws's
 * `sendFrame` writes together: [text message + the attachment's header, the payload as it is].
 * `nsp` is the namespace ("/monitor"); `ackId` the id the viewer's ack will carry.
 */
export function eventPacket(nsp: string, ackId: number, event: string, meta: object, payload: Uint8Array): [Buffer, Buffer] {
  const json = eventJson(event, meta);
  const attachmentHeader = wsHeader(OPCODE_BINARY, payload.length);
  // "4" Engine.IO message, "5" BINARY_EVENT, "1-" one attachment; "/" namespace needs no prefix.
  const prefix = Buffer.from(nsp === '/' ? `451-${ackId}` : `451-${nsp},${ackId}`);
  const textLength = prefix.length + json.length;
  const textHeader = wsHeader(OPCODE_TEXT, textLength);
  const head = Buffer.allocUnsafe(textHeader.length + textLength + attachmentHeader.length);
  let at = textHeader.copy(head, 0);
  at += prefix.copy(head, at);
  at += json.copy(head, at);
  attachmentHeader.copy(head, at);
  // The payload itself is never copied: a view over the same memory when it is not already a Buffer.
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return [head, body];
}

/** A `frame` event's two messages (see eventPacket). */
export function framePacket(nsp: string, ackId: number, frame: Frame): [Buffer, Buffer] {
  return eventPacket(nsp, ackId, 'frame', frame.meta, frame.jpeg);
}
