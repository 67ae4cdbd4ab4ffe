/**
 * A capture connection's media units (#38): `h264`, `h264-rung` and `aac` one per event, as older capture
 * programs send them, and `units`, several of any kind in one message and one ack (shared/units.ts). Both ways
 * reach the same taker per kind, so a unit is checked, rate-limited and sequenced alike however it came, and
 * a connection that mixes them keeps one rising seq per stream.
 */
import type { Socket } from 'socket.io';
import { ACCESS_UNIT_MAX } from '../../../common/codec/annexb.js';
import { CamrelayError } from '../../../shared/errors.js';
import type { FrameAck } from '../../../shared/protocol.js';
import type { Result } from '../../../shared/result.js';
import { fail, ok } from '../../../shared/result.js';
import { UNIT_KINDS, UNITS_MAX, type UnitKind, type UnitsAck } from '../../../shared/units.js';
import type { Relay } from '../../relay/relay.js';
import { aacTaker } from './aac-ingest.js';
import { h264Taker, type UnitTaker } from './h264-ingest.js';
import { h264RungTaker } from './h264-rung-ingest.js';

/** One item of a batch, its bytes a view into the batch's payload (not copied). */
export interface ReadUnit {
  kind: UnitKind;
  meta: unknown;
  bytes: Buffer;
}

const isKind = (k: unknown): k is UnitKind => typeof k === 'string' && (UNIT_KINDS as readonly string[]).includes(k);

/**
 * Reads a batch's head against its payload: the item count is bounded before any item is looked at, and every
 * length before any byte is sliced; the lengths must add up to the payload exactly. Each meta is the kind's
 * taker's to check.
 */
export function readUnits(head: unknown, payload: unknown): Result<ReadUnit[]> {
  const items = (head as { items?: unknown } | null)?.items;
  if (typeof head !== 'object' || head === null || !Array.isArray(items) || items.length === 0)
    return fail(new CamrelayError('BAD_UNITS', 'The batch of units needs a head with a non-empty items array.'));
  if (items.length > UNITS_MAX) return fail(new CamrelayError('UNITS_TOO_MANY', `The batch has ${items.length} units; at most ${UNITS_MAX} go in one.`));
  if (!Buffer.isBuffer(payload)) return fail(new CamrelayError('BAD_UNITS', "The batch's units must be sent as one binary payload."));
  const read: ReadUnit[] = [];
  let at = 0;
  for (const [i, item] of items.entries()) {
    const { kind, meta, bytes } = (item ?? {}) as { kind?: unknown; meta?: unknown; bytes?: unknown };
    if (!isKind(kind)) return fail(new CamrelayError('BAD_UNITS', `Item ${i} of the batch has no kind the relay takes (h264, h264-rung or aac).`));
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 1 || bytes > ACCESS_UNIT_MAX || at + bytes > payload.length)
      return fail(new CamrelayError('BAD_UNITS', `Item ${i} of the batch says ${String(bytes)} bytes, more than the payload has left.`));
    read.push({ kind, meta, bytes: payload.subarray(at, at + bytes) });
    at += bytes;
  }
  if (at !== payload.length) return fail(new CamrelayError('BAD_UNITS', `The batch's items say ${at} bytes; its payload has ${payload.length}.`));
  return ok(read);
}

const replier = <R>(ack: unknown): ((r: R) => void) => (typeof ack === 'function' ? (ack as (r: R) => void) : () => {});

/** Takes media units on one capture connection for `cameraId`, one per event or in batches. */
export function attachUnitIngest(socket: Socket, relay: Relay, cameraId: string): void {
  const takers: Record<UnitKind, UnitTaker> = {
    h264: h264Taker(socket, relay, cameraId),
    'h264-rung': h264RungTaker(relay, cameraId),
    aac: aacTaker(relay, cameraId),
  };
  for (const kind of UNIT_KINDS) socket.on(kind, (meta: unknown, bytes: unknown, ack: unknown) => replier<FrameAck>(ack)(takers[kind](meta, bytes)));
  socket.on('units', (head: unknown, payload: unknown, ack: unknown) => {
    const reply = replier<UnitsAck>(ack);
    const read = readUnits(head, payload);
    if (!read.ok) {
      relay.admission.noteRefused(read.error);
      return reply(read.error.toJSON());
    }
    reply({ ok: true, acks: read.value.map((u) => takers[u.kind](u.meta, u.bytes)) });
  });
}
