/**
 * The plate reader (plate-reader.ts) in a worker thread of its own (plate-worker.ts), as a ModelThread:
 * one vehicle's picture at a time; a missing or altered model (PLATE_MODEL_MISSING, _CORRUPT) fails
 * every read at once, anything else is PLATE_READ_FAILED and the next read starts a new thread.
 */
import { ModelThread } from '../model-thread/model-thread.js';
import type { ModelWorkerInit } from '../model-thread/messages.js';
import type { Box } from '../detect/boxes.js';
import type { PlateReading, PlateTimings } from './plate-reader.js';

/** `crop`: the vehicle's box on the picture, [x, y, w, h] in its pixels. */
export interface PlateInput {
  jpeg: Uint8Array;
  crop: Box;
}

export interface PlateRead {
  reading: PlateReading | null;
  timings: PlateTimings;
}

export class PlateThread extends ModelThread<PlateInput, PlateRead> {
  constructor(init: ModelWorkerInit = {}) {
    super({
      here: import.meta.url,
      worker: 'plate-worker',
      what: 'plate reader',
      failed: 'PLATE_READ_FAILED',
      permanent: ['PLATE_MODEL_MISSING', 'PLATE_MODEL_CORRUPT'],
      init,
    });
  }

  /** The plate on `crop` of `jpeg`, or null when no text there reads as one. */
  read(jpeg: Uint8Array, crop: Box): Promise<PlateRead> {
    return this.run({ jpeg, crop });
  }
}
