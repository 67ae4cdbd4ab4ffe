/**
 * `webrtc`: the optional upgrade of the live connection: frames and H.264 units over a data channel, signaled on
 * `/monitor`, while Socket.IO keeps working underneath (docs/webrtc.md). The header's switch asks for it.
 */
import type { PeerLike } from '../../../../common/webrtc/peer-types.js';
import { byTestId } from '../../dom.js';
import type { ReceiverModule } from '../receiver.js';
import { WebrtcEvents } from './events.js';
import { webrtcFigures, WEBRTC_ROWS } from './format.js';
import { WebrtcReceiver } from './receiver.js';
import { WebrtcToggle } from './toggle.js';

export const webrtc: ReceiverModule = {
  name: 'webrtc',
  links: ['webrtc'],
  probes: [],
  section: { title: 'WebRTC', rows: WEBRTC_ROWS },
  start(ctx) {
    const toggle = new WebrtcToggle(byTestId<HTMLInputElement>('webrtc-toggle'), byTestId('webrtc-toggle-label'), (wanted) => receiver.setWanted(wanted));
    const events = new WebrtcEvents(ctx.log);
    const receiver: WebrtcReceiver = new WebrtcReceiver({
      socket: ctx.socket,
      createPeer: (config) => new RTCPeerConnection(config as RTCConfiguration) as unknown as PeerLike,
      // The same path as Socket.IO frames: during the trial both carry a frame, and the renderer never draws an older one.
      onFrame: (meta, jpeg) => ctx.feed.frame(meta, jpeg),
      // Units come one way at a time: the relay moves a stream to the channel, from its keyframe, once the page says it takes media so.
      onH264: (meta, au) => ctx.feed.h264?.(meta, au),
      expectFrames: () => ctx.feed.expectsFrames,
      onChange: () => {
        toggle.show(receiver.serverMode, receiver.enabled);
        events.note(receiver);
        ctx.onChange();
      },
    });
    if (toggle.stored !== null) receiver.setWanted(toggle.stored);
    return {
      // `delivering` turns false by time alone, when data-channel frames stop coming; while the
      // live connection is down the header shows its link, dimmed, whatever the data channel does.
      get link() {
        return receiver.delivering && ctx.connection.state.status === 'connected' ? 'webrtc' : null;
      },
      figures: (now) => webrtcFigures(receiver, now),
    };
  },
};
