/**
 * The WebRTC ingest channel as a door of the jpeg kind (#56 item 3), with a real relay and fake channel ends (no
 * sockets): after the first frame proves the path, each frame goes to the jpeg taker, bounded by the bound table's
 * frame cap (unit-kinds.ts); a frame over it, or a bad one, is refused and the next is taken.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Relay } from '../../../../server/relay/relay.js';
import type { SignaledIngest } from '../../../../server/modules/signaling.js';
import { ingestLeg } from '../../../../server/transports/webrtc/ingest-leg.js';
import type { LegSession, WebrtcHub } from '../../../../server/transports/webrtc/signaling.js';
import { encodeFrame } from '../../../../shared/webrtc/chunks.js';
import { makeJpeg } from '../../../helpers/jpeg.js';

const FRAME_CAP = 64 * 1024;
const ends: Array<() => void> = [];
afterEach(() => ends.splice(0).forEach((end) => end()));

/** A leg on a fake channel: `deliver` hands it one frame's chunks; what the relay took and the peer was told are kept. */
function leg() {
  const relay = new Relay({ maxFrameBytes: FRAME_CAP, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000 });
  const taken: Array<{ seq: number; link: string }> = [];
  relay.onLocalFrame((f) => taken.push({ seq: f.seq, link: f.link }));
  const told: string[] = [];
  const peer = { emit: (event: string) => told.push(event), open: true };
  const ingest = relay.openIngest('porch', undefined, undefined, 'websocket');
  const hub = { config: { maxFrameBytes: FRAME_CAP, webrtcStallMs: 60_000 } } as unknown as WebrtcHub;
  const theLeg = ingestLeg({ peer, ingest, subject: 'camera-porch' } as unknown as SignaledIngest, hub, relay);
  let onMessage: (data: Uint8Array | string) => void = () => {};
  const dc = { onMessage: { subscribe: (fn: typeof onMessage) => (onMessage = fn) } };
  theLeg.channel(dc as never, { peer: { isEnded: false }, abandon: () => {} } as unknown as LegSession);
  ends.push(() => theLeg.ended());
  let frameNo = 0;
  const deliver = (meta: object, jpeg: Uint8Array) => encodeFrame(meta, jpeg, frameNo++).forEach((chunk) => onMessage(chunk));
  return { deliver, taken, told };
}

describe('ingestLeg', () => {
  it('takes each frame after the first by the jpeg taker, under the frame cap, and refuses one over it', async () => {
    const { deliver, taken, told } = leg();
    const jpeg = await makeJpeg(160, 90, 2);
    deliver({ seq: 1, capturedAt: 1 }, jpeg);
    expect(told).toEqual(['webrtc:using']);
    expect(taken).toEqual([]);
    deliver({ seq: 2, capturedAt: 2 }, jpeg);
    deliver({ seq: 3, capturedAt: 3 }, Buffer.alloc(FRAME_CAP + 1, 0xff));
    deliver({ seq: 4 }, jpeg);
    deliver({ seq: 5, capturedAt: 5 }, Buffer.from('GIF89a'));
    deliver({ seq: 6, capturedAt: 6 }, jpeg);
    expect(taken).toEqual([
      { seq: 2, link: 'webrtc' },
      { seq: 6, link: 'webrtc' },
    ]);
  });
});
