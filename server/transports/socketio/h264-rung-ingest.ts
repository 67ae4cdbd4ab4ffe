/**
 * `h264-rung` on `/capture` (#30): a capture client's H.264 made at one of the demand's `h264Widths`
 * for live grid tiles. Each unit is checked as an `h264` one (its own seq per rung: each rung is its
 * own stream), then against the demand by the relay core, which passes it to the rung's viewers.
 */
import type { Relay } from '../../relay/relay.js';
import { checkH264, type UnitTaker } from './h264-ingest.js';

/** Takes one `h264-rung` unit after another for `cameraId` on one capture connection, by event or in a batch. */
export function h264RungTaker(relay: Relay, cameraId: string): UnitTaker {
  // Only widths the demand lists get an entry (the rest are refused), so this stays as short as the demand.
  const lastSeqs = new Map<number, number>();
  return (meta, au) => {
    const rung = (meta as { rung?: unknown } | null)?.rung;
    const checked = checkH264(meta, au, typeof rung === 'number' ? (lastSeqs.get(rung) ?? -1) : -1);
    // Gated per rung the demand lists (any other is refused next, so the gates stay as few as the demand's widths).
    const listed = typeof rung === 'number' && relay.cameraSide.demand.h264WidthsOf(cameraId).includes(rung);
    const limited = checked.ok && listed ? relay.admission.unit(cameraId, `rung ${rung}`) : null;
    if (limited) return limited.toJSON();
    const taken = checked.ok ? relay.cameraSide.ingestH264Rung(cameraId, checked.value.meta, rung, checked.value.au) : checked;
    if (!taken.ok) {
      relay.admission.noteRefused(taken.error);
      return taken.error.toJSON();
    }
    lastSeqs.set(taken.value.rung, taken.value.seq);
    return { ok: true, seq: taken.value.seq };
  };
}
