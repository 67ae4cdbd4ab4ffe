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

/** Writes an unmasked (server → client) WebSocket frame header, RFC 6455 §5.2, at `at`; returns where it ends. */
function writeWsHeader(into: Buffer, at: number, opcode: number, length: number): number {
  into[at] = FIN | opcode;
  if (length < 126) {
    into[at + 1] = length;
    return at + 2;
  }
  if (length < 0x10000) {
    into[at + 1] = 126;
    into.writeUInt16BE(length, at + 2);
    return at + 4;
  }
  into[at + 1] = 127;
  into.writeBigUInt64BE(BigInt(length), at + 2);
  return at + 10;
}

/** The length of the header writeWsHeader writes for a message of `length` bytes. */
const wsHeaderLength = (length: number): number => (length < 126 ? 2 : length < 0x10000 ? 4 : 10);

/** An unmasked (server → client) WebSocket frame header, RFC 6455 §5.2. */
export function wsHeader(opcode: number, length: number): Buffer {
  const h = Buffer.allocUnsafe(wsHeaderLength(length));
  writeWsHeader(h, 0, opcode, length);
  return h;
}

/** What every viewer's copy of one event shares: its JSON and its attachment's header, made once. */
interface Encoded {
  event: string;
  json: Buffer;
  payloadLength: number;
  attachmentHeader: Buffer;
}

/**
 * Each metadata object's JSON, `[<event>,<meta>,{"_placeholder":true,"num":0}]`, and its attachment's header: made once however
 * many viewers take it. Keyed by the meta, not the payload: lanes that stamp another `resume` on the same H.264 unit hold their
 * own meta objects, and each keeps its JSON instead of rebuilding the other's.
 */
const encodedOf = new WeakMap<object, Encoded>();

function encoded(event: string, meta: object, payload: Uint8Array): Encoded {
  let e = encodedOf.get(meta);
  if (e?.event !== event || e.payloadLength !== payload.length) {
    const json = Buffer.from(JSON.stringify([event, meta, { _placeholder: true, num: 0 }]));
    e = { event, json, payloadLength: payload.length, attachmentHeader: wsHeader(OPCODE_BINARY, payload.length) };
    encodedOf.set(meta, e);
  }
  return e;
}

/** `4` Engine.IO message, `5` BINARY_EVENT, `1-` one attachment, the namespace ("/" needs no prefix): the text before the ack id. */
const stems = new Map<string, Buffer>();

function stemOf(nsp: string): Buffer {
  let stem = stems.get(nsp);
  // Namespaces are the server's own few names (never a client's), so this map stays that small.
  if (!stem) stems.set(nsp, (stem = Buffer.from(nsp === '/' ? '451-' : `451-${nsp},`)));
  return stem;
}

/**
 * The two WebSocket messages of one viewer's `emit(event, meta, payload, ack)`, as the two buffers ws's
 * `sendFrame` writes together: [text message + the attachment's header, the payload as it is].
 * `nsp` is the namespace ("/monitor"); `ackId` the id the viewer's ack will carry. Per viewer this
 * makes one small buffer (and the pair): all the rest is shared by every viewer of the event.
 */
export function eventPacket(nsp: string, ackId: number, event: string, meta: object, payload: Uint8Array): [Buffer, Buffer] {
  const { json, attachmentHeader } = encoded(event, meta, payload);
  const stem = stemOf(nsp);
  const id = String(ackId);
  const textLength = stem.length + id.length + json.length;
  const head = Buffer.allocUnsafe(wsHeaderLength(textLength) + textLength + attachmentHeader.length);
  let at = writeWsHeader(head, 0, OPCODE_TEXT, textLength);
  head.set(stem, at);
  at += stem.length;
  // An ack id is decimal digits: one byte each.
  at += head.write(id, at, 'latin1');
  head.set(json, at);
  head.set(attachmentHeader, at + json.length);
  // The payload itself is never copied: a view over the same memory when it is not already a Buffer.
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return [head, body];
}

/** A `frame` event's two messages (see eventPacket). */
export function framePacket(nsp: string, ackId: number, frame: Frame): [Buffer, Buffer] {
  return eventPacket(nsp, ackId, 'frame', frame.meta, frame.jpeg);
}
