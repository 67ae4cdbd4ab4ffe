/**
 * Leg 2, capture client → server: frames arrive as chunks on the data channel. The first whole
 * frame proves the path and is answered with `webrtc:using` (it was also sent the carrier's way,
 * so it is not ingested twice); from then on frames are ingested from the channel. The server is
 * the receiver here, so it runs the watchdog: no frame for `webrtcStallMs` ends the upgrade.
 */
import { CamrelayError } from '../../../shared/errors.js';
import { validateFrameMeta } from '../../../shared/validate.js';
import { FrameAssembler } from '../../../shared/webrtc/chunks.js';
import type { Relay } from '../../relay/relay.js';
import type { SignaledIngest } from '../../modules/signaling.js';
import type { Leg, WebrtcHub } from './signaling.js';

export function ingestLeg({ peer, ingest, subject }: SignaledIngest, hub: WebrtcHub, relay: Relay): Leg {
  let watch: NodeJS.Timeout | undefined;

  return {
    subject,
    channel(dc, upgrade) {
      const assembler = new FrameAssembler({ maxFrameBytes: hub.config.maxFrameBytes, maxPartial: 4 });
      let using = false;
      let lastFrameAt = Date.now();
      dc.onMessage.subscribe((data) => {
        if (typeof data === 'string' || upgrade.peer.isEnded) return;
        const result = assembler.push(data);
        if (result.kind === 'partial') return;
        if (result.kind === 'bad') return relay.admission.noteRefused(new CamrelayError('BAD_FRAME_META', `Bad WebRTC chunk: ${result.reason}.`));
        lastFrameAt = Date.now();
        const meta = validateFrameMeta(result.frame.meta);
        if (!meta.ok) return relay.admission.noteRefused(meta.error);
        if (!using) {
          using = true;
          peer.emit('webrtc:using');
          return;
        }
        const jpeg = result.frame.jpeg;
        ingest.push(meta.value, Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength), 'webrtc');
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
