/**
 * A capture connection's media units (#38) taken into the core, whatever transport brought them: one taker
 * per kind (`h264`, `h264-rung`, `aac`, `detections`, and `jpeg`, #56), each checking (unit-check.ts, frame-check.ts),
 * rate-limiting and sequencing its stream, and `readUnits`, the bounds of a batch of them (shared/units.ts), each
 * item's bytes bounded by its kind's (unit-kinds.ts). A transport hands each unit, alone or out of a batch, to its
 * kind's taker and answers with what the taker says.
 */
import { CamrelayError } from '../../shared/errors.js';
import type { CaptureFrameMeta, FrameAck } from '../../shared/protocol.js';
import type { Result } from '../../shared/result.js';
import { fail, ok } from '../../shared/result.js';
import { UNIT_KINDS, UNITS_MAX, type UnitKind, type UnitsAck } from '../../shared/units.js';
import { validateFrameMeta } from '../../shared/validate.js';
import { AudioPace } from './audio-pace.js';
import type { Frame } from './frame.js';
import type { Relay } from './relay.js';
import { checkAac, checkDetections, checkH264 } from './unit-check.js';
import { UNIT_BOUNDS, type KindBounds, type UnitSettings } from './unit-kinds.js';

/** Checks and takes one unit (meta and bytes as they arrived), answering as its ack would. */
export type UnitTaker = (meta: unknown, bytes: unknown) => FrameAck;

/** One item of a batch, its bytes a view into the batch's payload (not copied); `refused` when over its kind's bytes (then none). */
export interface ReadUnit {
  kind: UnitKind;
  meta: unknown;
  bytes: Buffer;
  refused?: CamrelayError;
}

const isKind = (k: unknown): k is UnitKind => typeof k === 'string' && (UNIT_KINDS as readonly string[]).includes(k);

/**
 * Reads a batch's head against its payload: the item count is bounded before any item is looked at, and every
 * length before any byte is sliced; the lengths must add up to the payload exactly. An item over its kind's bytes
 * (unit-kinds.ts) is read as refused with its kind's code, as its own event would be; the others go on. Each meta
 * is the kind's taker's to check.
 */
export function readUnits(head: unknown, payload: unknown, settings: UnitSettings): Result<ReadUnit[]> {
  const items = (head as { items?: unknown } | null)?.items;
  if (typeof head !== 'object' || head === null || !Array.isArray(items) || items.length === 0)
    return fail(new CamrelayError('BAD_UNITS', 'The batch of units needs a head with a non-empty items array.'));
  if (items.length > UNITS_MAX) return fail(new CamrelayError('UNITS_TOO_MANY', `The batch has ${items.length} units; at most ${UNITS_MAX} go in one.`));
  if (!Buffer.isBuffer(payload)) return fail(new CamrelayError('BAD_UNITS', "The batch's units must be sent as one binary payload."));
  const read: ReadUnit[] = [];
  let at = 0;
  for (const [i, item] of items.entries()) {
    const { kind, meta, bytes } = (item ?? {}) as { kind?: unknown; meta?: unknown; bytes?: unknown };
    if (!isKind(kind)) return fail(new CamrelayError('BAD_UNITS', `Item ${i} of the batch has no kind the relay takes (${UNIT_KINDS.join(', ')}).`));
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 1 || at + bytes > payload.length)
      return fail(new CamrelayError('BAD_UNITS', `Item ${i} of the batch says ${String(bytes)} bytes, more than the payload has left.`));
    const bound: KindBounds = UNIT_BOUNDS[kind];
    const max = bound.maxBytes(settings);
    if (bytes > max) {
      const refused = new CamrelayError(bound.tooLarge, `Item ${i} of the batch is a ${kind} unit of ${bytes} bytes; the limit is ${max}.`);
      read.push({ kind, meta, bytes: payload.subarray(at, at), refused });
    } else read.push({ kind, meta, bytes: payload.subarray(at, at + bytes) });
    at += bytes;
  }
  if (at !== payload.length) return fail(new CamrelayError('BAD_UNITS', `The batch's items say ${at} bytes; its payload has ${payload.length}.`));
  return ok(read);
}

/** Counts a unit refused before its kind's checks and answers as its ack. */
function refuse(relay: Relay, error: CamrelayError): FrameAck {
  relay.admission.noteRefused(error);
  return error.toJSON();
}

/** Takes one `h264` unit after another for `cameraId` on one capture connection, by event or in a batch. */
function h264Taker(relay: Relay, cameraId: string): UnitTaker {
  let lastSeq = -1;
  return (meta, au) => {
    // Gated before its bytes are scanned: a refused unit spends the rate too, so a flood of bad units costs no more than good ones.
    const limited = relay.admission.unit(cameraId, 'main');
    if (limited) return limited.toJSON();
    const checked = checkH264(meta, au, lastSeq);
    if (!checked.ok) {
      relay.admission.noteRefused(checked.error);
      return checked.error.toJSON();
    }
    lastSeq = checked.value.meta.seq;
    relay.cameraSide.intake.ingest(cameraId, checked.value.meta, checked.value.au);
    return { ok: true, seq: lastSeq };
  };
}

/** Takes one `h264-rung` unit after another for `cameraId` on one capture connection, by event or in a batch. */
function h264RungTaker(relay: Relay, cameraId: string): UnitTaker {
  // Only widths the demand lists get an entry (the rest are refused), so this stays as short as the demand.
  const lastSeqs = new Map<number, number>();
  return (meta, au) => {
    const rung = (meta as { rung?: unknown } | null)?.rung;
    // Gated per rung the demand lists (any other is refused next, so the gates stay as few as the demand's widths), before the scan.
    const listed = typeof rung === 'number' && relay.cameraSide.demand.h264WidthsOf(cameraId).includes(rung);
    const limited = listed ? relay.admission.unit(cameraId, `rung ${rung}`) : null;
    if (limited) return limited.toJSON();
    const checked = checkH264(meta, au, typeof rung === 'number' ? (lastSeqs.get(rung) ?? -1) : -1);
    const taken = checked.ok ? relay.cameraSide.ingestH264Rung(cameraId, checked.value.meta, rung, checked.value.au) : checked;
    if (!taken.ok) {
      relay.admission.noteRefused(taken.error);
      return taken.error.toJSON();
    }
    lastSeqs.set(taken.value.rung, taken.value.seq);
    return { ok: true, seq: taken.value.seq };
  };
}

/** Takes one `aac` frame after another for `cameraId` on one capture connection, by event or in a batch. */
function aacTaker(relay: Relay, cameraId: string): UnitTaker {
  let lastSeq = -1;
  const pace = new AudioPace();
  return (meta, frame) => {
    // The camera's sound is off (#40): none of it is taken, whatever a capture side sends.
    const checked = relay.tracks.sound.allowed(cameraId) ? checkAac(meta, frame, lastSeq) : fail(new CamrelayError('SOUND_OFF'));
    if (!checked.ok) {
      relay.admission.noteRefused(checked.error);
      return checked.error.toJSON();
    }
    // Its sound may not outrun the clock: an AAC frame is 1024 samples, an Opus packet's length is in its bytes.
    if (!pace.take(checked.value.samples, checked.value.rate)) {
      const limited = new CamrelayError('SOUND_TOO_FAST');
      relay.admission.noteRefused(limited);
      return limited.toJSON();
    }
    lastSeq = checked.value.meta.seq;
    relay.cameraSide.intake.ingestAac(cameraId, checked.value.meta, checked.value.frame);
    return { ok: true, seq: lastSeq };
  };
}

/**
 * Takes one `detections` verdict after another for `cameraId` (#39): only from a connection that offered 'detect' (the
 * relay then asks it for verdicts instead of detecting itself), checked, and rate-limited as a stream of its own.
 */
function detectionsTaker(relay: Relay, cameraId: string): UnitTaker {
  let lastSeq = -1;
  return (meta, bytes) => {
    // The camera's connection's handshake, as the demand keeps it (opened before any unit is taken).
    const offersDetect = relay.cameraSide.demand.offersDetect(cameraId);
    const checked = offersDetect ? checkDetections(meta, bytes, lastSeq) : fail(new CamrelayError('DETECT_NOT_OFFERED'));
    if (!checked.ok) {
      relay.admission.noteRefused(checked.error);
      return checked.error.toJSON();
    }
    const limited = relay.admission.unit(cameraId, 'detections');
    if (limited) return limited.toJSON();
    lastSeq = checked.value.meta.seq;
    relay.tracks.detections.ingest(cameraId, checked.value.meta, checked.value.detections);
    return { ok: true, seq: lastSeq };
  };
}

/** How a transport hands a checked JPEG to the core: its connection's `Ingest.push`, or `relay.ingest` for one request. */
export type JpegPush = (meta: CaptureFrameMeta, jpeg: Buffer) => Result<Frame>;

/**
 * Takes one `jpeg` unit (#56) after another, by the `jpeg` or `frame` event, in a batch, by POST or from the WebRTC
 * channel: its meta checked as a frame's, its bytes binary, then `push`ed, where the relay checks its bytes, JPEG
 * header, room and rate (admission.ts) and its seq. Answers as the `frame` event always has.
 */
export function jpegTaker(relay: Relay, push: JpegPush): UnitTaker {
  return (meta, jpeg) => {
    const checked = validateFrameMeta(meta);
    if (!checked.ok) return refuse(relay, checked.error);
    if (!Buffer.isBuffer(jpeg)) return refuse(relay, new CamrelayError('NOT_JPEG', 'The frame must be sent as binary.'));
    const result = push(checked.value, jpeg);
    return result.ok ? { ok: true, seq: result.value.seq } : result.error.toJSON();
  };
}

/**
 * The takers of one capture connection for `cameraId`, one per kind, each with its own rising seq per stream.
 * `offersH264`: the connection said in its handshake that it sends H.264, so the recorder starts no encoder for its JPEGs.
 * `pushJpeg`: where its JPEGs go; by default as a one-request upload's (`relay.ingest` by `http`).
 */
export function unitTakers(
  relay: Relay,
  cameraId: string,
  offersH264: boolean,
  pushJpeg: JpegPush = (meta, jpeg) => relay.ingest(cameraId, meta, jpeg, 'http'),
): Record<UnitKind, UnitTaker> {
  if (offersH264) relay.cameraSide.intake.offered(cameraId);
  return {
    h264: h264Taker(relay, cameraId),
    'h264-rung': h264RungTaker(relay, cameraId),
    aac: aacTaker(relay, cameraId),
    detections: detectionsTaker(relay, cameraId),
    jpeg: jpegTaker(relay, pushJpeg),
  };
}

/**
 * Takes a batch (its head and payload as they arrived) with one connection's `takers`, however it came (a Socket.IO
 * `units` message or an HTTP POST): the whole batch refused when malformed, else each item answered by its kind's taker.
 */
export function takeUnits(relay: Relay, takers: Record<UnitKind, UnitTaker>, head: unknown, payload: unknown): UnitsAck {
  const read = readUnits(head, payload, relay.admission.settings);
  if (!read.ok) {
    relay.admission.noteRefused(read.error);
    return read.error.toJSON();
  }
  return { ok: true, acks: read.value.map((u) => (u.refused ? refuse(relay, u.refused) : takers[u.kind](u.meta, u.bytes))) };
}
