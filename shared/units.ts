/**
 * `units` on `/capture` (#38): several media units in one message and one ack. Each `h264`, `h264-rung` or `aac`
 * event carries one unit and waits for its own ack, so a recorded camera costs the relay a message, a decode and
 * an ack per unit (15 a second for video, 47 for 48 kHz AAC). A batch carries up to UNITS_MAX units of any of
 * those kinds (and `detections`, #39): their metas and byte lengths in the head, their bytes one after another in one binary payload
 * (one attachment, as a frame has: the relay's parser takes no more, #13). The reply acks every item in order,
 * each as its own event's ack would. The JPEG's meta and that ack are here too, beside the other kinds' metas
 * (demand.ts), and protocol.ts hands them on.
 */
import type { ErrorReply } from './webrtc/protocol.js';
import type { AacFrameMeta, DetectionsMeta, H264FrameMeta, H264RungMeta } from './demand.js';

/** Metadata sent by a capture client with each JPEG. */
export interface CaptureFrameMeta {
  /** Increases by one per frame the capture client produced, across every transport switch. */
  seq: number;
  /** Milliseconds since the epoch on the capture PC's clock. */
  capturedAt: number;
  width?: number;
  height?: number;
  /**
   * The capture client's estimate of (server clock − capture clock) in ms, when it has one.
   * The server uses it to put `capturedAt` on its own clock for viewers.
   */
  clockOffset?: number;
  /** The capture session (from the handshake on Socket.IO, the X-Capture-Session header on HTTP). */
  session?: string;
  /** The width this JPEG was made at on the camera side, one of the demand's `widths`; absent: the full picture. */
  rung?: number;
}

/** The ack of one frame or unit, as its own event and a batch's reply give it: its seq, or why it was refused. */
export type FrameAck = { ok: true; seq: number } | ErrorReply;

/** Units in one batch, at most. */
export const UNITS_MAX = 16;
/** Bytes a client puts in one batch, at most; one unit larger than this goes alone (the event's own cap still holds). */
export const UNITS_BATCH_BYTES = 1024 * 1024;
/** How long a client may hold a unit nobody watches live (recording only) to send it with others. */
export const UNITS_HOLD_MS = 500;

/** `detections` (#39): a capture side's detector verdict on one frame, a track of the same stream as its pictures. */
export const UNIT_KINDS = ['h264', 'h264-rung', 'aac', 'detections', 'jpeg'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Each kind's meta, as its own event carries it. */
export interface UnitMetas {
  h264: H264FrameMeta;
  'h264-rung': H264RungMeta;
  aac: AacFrameMeta;
  detections: DetectionsMeta;
  jpeg: CaptureFrameMeta;
}

/** One unit of a batch: its kind, its meta, and how many bytes of the payload are its own. */
export type UnitItem = { [K in UnitKind]: { kind: K; meta: UnitMetas[K]; bytes: number } }[UnitKind];

export interface UnitsHead {
  items: UnitItem[];
}

/** The reply to a batch: one ack per item, in order; or one refusal of the whole batch (malformed, too many). */
export type UnitsAck = { ok: true; acks: FrameAck[] } | ErrorReply;

/** A unit to put in a batch. */
export type UnitToSend = { [K in UnitKind]: { kind: K; meta: UnitMetas[K]; data: Uint8Array } }[UnitKind];

/** The head and the one payload of a batch of units, their bytes copied once, in order. */
export function packUnits(units: readonly UnitToSend[]): { head: UnitsHead; payload: Uint8Array } {
  let total = 0;
  for (const u of units) total += u.data.length;
  const payload = new Uint8Array(total);
  let at = 0;
  const items = units.map((u) => {
    payload.set(u.data, at);
    at += u.data.length;
    return { kind: u.kind, meta: u.meta, bytes: u.data.length } as UnitItem;
  });
  return { head: { items }, payload };
}

/**
 * `POST /api/cameras/:id/units` (the HTTP fallback's batches): the same head and payload as on Socket.IO in one body,
 * the head's UTF-8 JSON length first (4 bytes, big-endian), so the relay bounds the head before it parses it.
 */
export const UNITS_CONTENT_TYPE = 'application/vnd.camrelay.units';
/** Bytes of a batch's head as JSON, at most: UNITS_MAX metas of well under 1 KiB each. */
export const UNITS_HEAD_MAX_BYTES = 16 * 1024;

/** A batch as one POST body: head length, head JSON, payload. */
export function unitsBody(units: readonly UnitToSend[]): Uint8Array {
  const { head, payload } = packUnits(units);
  const json = new TextEncoder().encode(JSON.stringify(head));
  const body = new Uint8Array(4 + json.length + payload.length);
  new DataView(body.buffer).setUint32(0, json.length);
  body.set(json, 4);
  body.set(payload, 4 + json.length);
  return body;
}

/** A POST body split into its head (parsed JSON, not yet checked) and its payload (a view), or why it cannot be. */
export function splitUnitsBody<B extends Uint8Array>(body: B): { ok: true; head: unknown; payload: B } | { ok: false; message: string } {
  if (body.length < 4) return { ok: false, message: 'The batch body is shorter than its 4-byte head length.' };
  const headBytes = new DataView(body.buffer, body.byteOffset, 4).getUint32(0);
  if (headBytes > UNITS_HEAD_MAX_BYTES) return { ok: false, message: `The batch's head says ${headBytes} bytes; at most ${UNITS_HEAD_MAX_BYTES} go in one.` };
  if (4 + headBytes > body.length) return { ok: false, message: `The batch's head says ${headBytes} bytes; the body has ${body.length - 4} after its length.` };
  let head: unknown;
  try {
    head = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(4, 4 + headBytes)));
  } catch {
    return { ok: false, message: "The batch's head is not UTF-8 JSON." };
  }
  return { ok: true, head, payload: body.subarray(4 + headBytes) as B };
}
