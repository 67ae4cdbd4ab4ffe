/** The page's side of the WebCodecs worker: units posted to it (their bytes moved, not copied), pictures back. */
import type { Decoder, DecoderEvents, DecodeUnit } from './decoder.js';
import type { FromWorker, ToWorker } from './decode-worker-protocol.js';

export class WebcodecsDecoder implements Decoder {
  private readonly worker: Worker;

  constructor(events: DecoderEvents) {
    this.worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.type === 'picture') events.picture(m);
      else if (m.type === 'caught-up') events.caughtUp(m.seq);
      else if (m.type === 'late') events.late(m.seq, m.behindMs);
      else events.error(m.detail);
    };
    this.worker.onerror = (e) => events.error(`decoder worker: ${e.message || 'failed to start'}`);
  }

  decode(u: DecodeUnit): void {
    // The unit's bytes are the socket's; a copy is what may be transferred away.
    const au = u.au.slice().buffer;
    const m: ToWorker = { type: 'unit', seq: u.seq, capturedAt: u.capturedAt, keyframe: u.keyframe, codec: u.codec, catchUp: u.catchUp, au };
    this.worker.postMessage(m, [au]);
  }

  close(): void {
    this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    this.worker.terminate();
  }
}
