/** Messages between the page and the WebCodecs worker (decode.worker.ts). */

export type ToWorker =
  { type: 'unit'; seq: number; capturedAt: number; keyframe: boolean; codec: string; catchUp: boolean; au: ArrayBuffer } | { type: 'close' };

/** `caught-up`: a catch-up unit was decoded and its picture closed, never made a bitmap; `late`: a unit or picture skipped as late. */
export type FromWorker =
  | { type: 'picture'; seq: number; capturedAt: number; bitmap: ImageBitmap }
  | { type: 'caught-up'; seq: number }
  | { type: 'late'; seq: number; behindMs: number }
  | { type: 'error'; detail: string };
