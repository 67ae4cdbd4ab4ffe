/**
 * Looking for faces (face-look.ts) in a worker thread of its own (face-worker.ts), as a ModelThread:
 * one picture at a time; a missing or altered model (FACE_MODEL_MISSING, _CORRUPT) fails every look
 * at once, anything else is FACE_READ_FAILED and the next look starts a new thread.
 */
import { ModelThread } from '../model-thread/model-thread.js';
import type { ModelWorkerInit } from '../model-thread/messages.js';
import type { FaceInput, FaceLook } from './face-look.js';

export class FaceThread extends ModelThread<FaceInput, FaceLook> {
  constructor(init: ModelWorkerInit = {}) {
    super({
      here: import.meta.url,
      worker: 'face-worker',
      what: 'face reader',
      failed: 'FACE_READ_FAILED',
      permanent: ['FACE_MODEL_MISSING', 'FACE_MODEL_CORRUPT'],
      init,
    });
  }
}
