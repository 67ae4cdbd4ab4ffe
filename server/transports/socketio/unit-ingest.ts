/**
 * A capture connection's media units on `/capture` (#38): `h264`, `h264-rung` and `aac` one per event, as older
 * capture programs send them, and `units`, several of any kind in one message and one ack (shared/units.ts).
 * Both ways reach the core's taker per kind (server/relay/unit-takers.ts), so a unit is checked, rate-limited
 * and sequenced alike however it came, and a connection that mixes them keeps one rising seq per stream.
 */
import type { Socket } from 'socket.io';
import type { FrameAck } from '../../../shared/protocol.js';
import { UNIT_KINDS, type UnitsAck } from '../../../shared/units.js';
import type { Relay } from '../../relay/relay.js';
import { offersH264 } from '../../relay/unit-check.js';
import { takeUnits, unitTakers } from '../../relay/unit-takers.js';

const replier = <R>(ack: unknown): ((r: R) => void) => (typeof ack === 'function' ? (ack as (r: R) => void) : () => {});

/** Takes media units on one capture connection for `cameraId`, one per event or in batches. */
export function attachUnitIngest(socket: Socket, relay: Relay, cameraId: string): void {
  const takers = unitTakers(relay, cameraId, offersH264(socket.handshake.auth));
  for (const kind of UNIT_KINDS) socket.on(kind, (meta: unknown, bytes: unknown, ack: unknown) => replier<FrameAck>(ack)(takers[kind](meta, bytes)));
  socket.on('units', (head: unknown, payload: unknown, ack: unknown) => replier<UnitsAck>(ack)(takeUnits(relay, takers, head, payload)));
}
