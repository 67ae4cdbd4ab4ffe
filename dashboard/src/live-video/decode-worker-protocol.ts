/** Messages between the page and the WebCodecs worker (decode.worker.ts). */

export type ToWorker = { type: 'unit'; seq: number; capturedAt: number; keyframe: boolean; codec: string; au: ArrayBuffer } | { type: 'close' };

export type FromWorker = { type: 'picture'; seq: number; capturedAt: number; bitmap: ImageBitmap } | { type: 'error'; detail: string };
