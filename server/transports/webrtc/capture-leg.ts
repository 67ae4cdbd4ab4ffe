/**
 * Leg 2, capture client → server: frames arrive as chunks on the data channel. The first whole
 * frame proves the path and is answered with `webrtc:using` (it was also sent by Socket.IO, so it is
 * not ingested twice); from then on frames are ingested from the channel. The server is the
 * receiver here, so it runs the watchdog: no frame for `webrtcStallMs` ends the upgrade.
 */
import type { Socket } from 'socket.io';
import { CamrelayError } from '../../../shared/errors.js';
import { validateFrameMeta } from '../../../shared/validate.js';
import { FrameAssembler } from '../../../shared/webrtc/chunks.js';
import type { Relay } from '../../relay/relay.js';
import { linkOf } from '../socketio/link.js';
import type { Leg, WebrtcHub } from './signaling.js';

export function captureLeg(socket: Socket, hub: WebrtcHub, relay: Relay): Leg {
  const cameraId: string = socket.data.cameraId;
  const name: string | undefined = socket.data.name;
  const session: string | undefined = socket.data.session;
  let watch: NodeJS.Timeout | undefined;

  return {
    subject: `camera-${cameraId}`,
    channel(dc, upgrade) {
      const assembler = new FrameAssembler({ maxFrameBytes: hub.config.maxFrameBytes, maxPartial: 4 });
      let using = false;
      let lastFrameAt = Date.now();
      dc.onMessage.subscribe((data) => {
        if (typeof data === 'string' || upgrade.peer.isEnded) return;
        const result = assembler.push(data);
        if (result.kind === 'partial') return;
        if (result.kind === 'bad') return relay.noteRefused(new CamrelayError('BAD_FRAME_META', `Bad WebRTC chunk: ${result.reason}.`));
        lastFrameAt = Date.now();
        const meta = validateFrameMeta(result.frame.meta);
        if (!meta.ok) return relay.noteRefused(meta.error);
        if (!using) {
          using = true;
          socket.emit('webrtc:using');
          return;
        }
        meta.value.session = session;
        const jpeg = result.frame.jpeg;
        relay.ingest(cameraId, meta.value, Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength), 'webrtc', name);
      });
      watch = setInterval(() => {
        const silent = Date.now() - lastFrameAt;
        if (silent > hub.config.webrtcStallMs) upgrade.abandon('no-frames', `none for ${(silent / 1000).toFixed(1)} s`);
      }, 250);
      watch.unref();
    },
    ended() {
      clearInterval(watch);
      if (socket.connected) relay.registry.setLink(cameraId, linkOf(socket));
    },
  };
}
