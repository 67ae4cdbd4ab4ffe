/**
 * `h264-rung` on `/capture` (#30): a capture client's H.264 made at one of the demand's `h264Widths`
 * for live grid tiles. Each unit is checked as an `h264` one (its own seq per rung: each rung is its
 * own stream), then against the demand by the relay core, which passes it to the rung's viewers.
 */
import type { Socket } from 'socket.io';
import type { FrameAck } from '../../../shared/protocol.js';
import type { Relay } from '../../relay/relay.js';
import { checkH264 } from './h264-ingest.js';

/** Takes `h264-rung` events on one capture connection for `cameraId`. */
export function attachH264RungIngest(socket: Socket, relay: Relay, cameraId: string): void {
  // Only widths the demand lists get an entry (the rest are refused), so this stays as short as the demand.
  const lastSeqs = new Map<number, number>();
  socket.on('h264-rung', (meta: unknown, au: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (r: FrameAck) => void) : () => {};
    const rung = (meta as { rung?: unknown } | null)?.rung;
    const checked = checkH264(meta, au, typeof rung === 'number' ? (lastSeqs.get(rung) ?? -1) : -1);
    // Gated per rung the demand lists (any other is refused next, so the gates stay as few as the demand's widths).
    const listed = typeof rung === 'number' && relay.cameraSide.demand.h264WidthsOf(cameraId).includes(rung);
    const limited = checked.ok && listed ? relay.admission.unit(cameraId, `rung ${rung}`) : null;
    if (limited) return reply(limited.toJSON());
    const taken = checked.ok ? relay.cameraSide.ingestH264Rung(cameraId, checked.value.meta, rung, checked.value.au) : checked;
    if (!taken.ok) {
      relay.admission.noteRefused(taken.error);
      return reply(taken.error.toJSON());
    }
    lastSeqs.set(taken.value.rung, taken.value.seq);
    reply({ ok: true, seq: taken.value.seq });
  });
}
