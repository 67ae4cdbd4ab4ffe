/**
 * The one door of a capture connection's media on `/capture` (#38, #56): each kind one per event (`h264`, `h264-rung`,
 * `aac`, `detections`, `jpeg`, and `frame`, the name capture programs already installed send a JPEG by), and `units`,
 * several of any kind in one message and one ack (shared/units.ts). Every way reaches the core's taker per kind
 * (server/relay/unit-takers.ts), so a unit is checked, rate-limited and sequenced alike however it came, and a
 * connection that mixes them keeps one rising seq per stream.
 */
import type { Socket } from 'socket.io';
import type { FrameAck } from '../../../shared/protocol.js';
import { UNIT_KINDS, type UnitsAck } from '../../../shared/units.js';
import type { Ingest } from '../../relay/ingest.js';
import type { Relay } from '../../relay/relay.js';
import { offersH264 } from '../../relay/unit-check.js';
import { takeUnits, unitTakers } from '../../relay/unit-takers.js';

const replier = <R>(ack: unknown): ((r: R) => void) => (typeof ack === 'function' ? (ack as (r: R) => void) : () => {});

/** Takes media units on one capture connection for `cameraId`, one per event or in batches; its JPEGs go by `ingest`. */
export function attachUnitIngest(socket: Socket, relay: Relay, cameraId: string, ingest: Ingest): void {
  const takers = unitTakers(relay, cameraId, offersH264(socket.handshake.auth), (meta, jpeg) => ingest.push(meta, jpeg));
  for (const kind of UNIT_KINDS) socket.on(kind, (meta: unknown, bytes: unknown, ack: unknown) => replier<FrameAck>(ack)(takers[kind](meta, bytes)));
  socket.on('frame', (meta: unknown, jpeg: unknown, ack: unknown) => replier<FrameAck>(ack)(takers.jpeg(meta, jpeg)));
  socket.on('units', (head: unknown, payload: unknown, ack: unknown) => replier<UnitsAck>(ack)(takeUnits(relay, takers, head, payload)));
}
