/**
 * Leg 2, capture client → server: frames arrive as chunks on the data channel, bounded by the JPEG kind's bytes
 * (unit-kinds.ts). The first whole frame proves the path and is answered with `webrtc:using` (it was also sent the
 * carrier's way, so it is not ingested twice); from then on each frame goes to the jpeg taker (unit-takers.ts), as
 * a `frame` event's does. The server is the receiver here, so it runs the watchdog: no frame for `webrtcStallMs` ends the upgrade.
 */
import { CamrelayError } from '../../../shared/errors.js';
import { validateFrameMeta } from '../../../shared/validate.js';
import { FrameAssembler } from '../../../shared/webrtc/chunks.js';
import type { Relay } from '../../relay/relay.js';
import { UNIT_BOUNDS } from '../../relay/unit-kinds.js';
import { jpegTaker } from '../../relay/unit-takers.js';
import type { SignaledIngest } from '../../modules/signaling.js';
import type { Leg, WebrtcHub } from './signaling.js';

export function ingestLeg({ peer, ingest, subject }: SignaledIngest, hub: WebrtcHub, relay: Relay): Leg {
  let watch: NodeJS.Timeout | undefined;

  return {
    subject,
    channel(dc, upgrade) {
      const assembler = new FrameAssembler({ maxFrameBytes: UNIT_BOUNDS.jpeg.maxBytes(hub.config), maxPartial: 4 });
      const take = jpegTaker(relay, (meta, jpeg) => ingest.push(meta, jpeg, 'webrtc'));
      let using = false;
      let lastFrameAt = Date.now();
      dc.onMessage.subscribe((data) => {
        if (typeof data === 'string' || upgrade.peer.isEnded) return;
        const result = assembler.push(data);
        if (result.kind === 'partial') return;
        if (result.kind === 'bad') return relay.admission.noteRefused(new CamrelayError('BAD_FRAME_META', `Bad WebRTC chunk: ${result.reason}.`));
        lastFrameAt = Date.now();
        const jpeg = result.frame.jpeg;
        if (using) return void take(result.frame.meta, Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength));
        // Only a frame whose meta is good proves the path.
        const meta = validateFrameMeta(result.frame.meta);
        if (!meta.ok) return relay.admission.noteRefused(meta.error);
        using = true;
        peer.emit('webrtc:using');
      });
      watch = setInterval(() => {
        const silent = Date.now() - lastFrameAt;
        if (silent > hub.config.webrtcStallMs) upgrade.abandon('no-frames', `none for ${(silent / 1000).toFixed(1)} s`);
      }, 250);
      watch.unref();
    },
    ended() {
      clearInterval(watch);
      if (peer.open) ingest.showCarrierLink();
    },
  };
}
