/**
 * Plates as one reader of followed objects (#58 item 2, events/object-reads.ts): a car, truck, bus or
 * motorcycle of a camera that reads plates, at most READS_PER_OBJECT times on its best views. The best
 * reading (most plate characters, then the best confidence) is kept per object and named when it is a
 * known plate; each better one, or a new name, is handed on.
 */
import type { Box } from '../../common/detect/boxes.js';
import { matchPlate, type KnownPlate } from '../../common/plates/plate-text.js';
import type { PlateRead } from '../../common/plates/plate-thread.js';
import type { EventPlate } from '../../shared/events.js';
import { ObjectReads } from '../events/object-reads.js';

/** A vehicle is read at most this many times: on its best views (a plate read three times at rising scores is read). */
export const READS_PER_OBJECT = 3;
/** Labels whose plates are read (bicycles carry none). */
export const PLATE_LABELS: ReadonlySet<string> = new Set(['car', 'truck', 'bus', 'motorcycle']);

export interface PlateReadsDeps {
  read(jpeg: Uint8Array, crop: Box): Promise<PlateRead>;
  /** Whether `camera` reads plates (its detection settings). */
  wants(camera: string): boolean;
  known(): readonly KnownPlate[];
  /** A better reading of object `id` of `camera` (or its known name, new). */
  onPlate(camera: string, id: number, plate: EventPlate): void;
  onError(camera: string, message: string): void;
}

export class PlateReads extends ObjectReads<EventPlate> {
  constructor(deps: PlateReadsDeps) {
    super({
      labels: PLATE_LABELS,
      perObject: READS_PER_OBJECT,
      wants: deps.wants,
      async read(view) {
        const { reading } = await deps.read(view.jpeg, view.object.box);
        if (!reading) return null;
        const plate: EventPlate = { text: reading.plate, confidence: Math.round(reading.confidence * 1000) / 1000 };
        const known = matchPlate(reading.plate, deps.known());
        if (known) plate.name = known.name;
        return plate;
      },
      better,
      onResult: deps.onPlate,
      onError: deps.onError,
    });
  }
}

/** Whether `plate` is worth telling over `before`: the first, one with more characters, a surer one of as many, or one newly named. */
function better(plate: EventPlate, before: EventPlate | null): boolean {
  if (!before) return true;
  if (plate.name && !before.name) return true;
  // A reading that names a known plate is kept over one that names none.
  if (before.name && !plate.name) return false;
  if (plate.text.length !== before.text.length) return plate.text.length > before.text.length;
  return plate.confidence > before.confidence && plate.text !== before.text;
}
