/**
 * Leg 1, server → browser: while the upgrade is on trial, frames go by Socket.IO and, when the data
 * channel has room, by WebRTC too; once the browser says frames arrive that way (`webrtc:using`),
 * by WebRTC only. Any end of the upgrade puts Socket.IO back at once, with the newest frames.
 */
import type { Socket } from 'socket.io';
import type { Relay } from '../../relay/relay.js';
import type { Frame, FrameSink } from '../../relay/frame.js';
import type { Viewer } from '../../relay/viewer.js';
import type { Principal } from '../../auth/authenticator.js';
import { ChannelSink } from './channel-sink.js';
import type { Leg, WebrtcHub } from './signaling.js';

/** Socket.IO stays the pipe (its acks pace the slot); the data channel gets a copy when it has room. */
function trialSink(socketio: FrameSink, channel: ChannelSink): FrameSink {
  return {
    write(frame: Frame, done: () => void) {
      socketio.write(frame, done);
      channel.offer(frame);
    },
  };
}

export function monitorLeg(socket: Socket, hub: WebrtcHub, relay: Relay): Leg {
  const viewer: Viewer = socket.data.viewer;
  const socketio: FrameSink = socket.data.socketSink;
  const principal: Principal = socket.data.principal;
  let channel: ChannelSink | null = null;
  let watch: NodeJS.Timeout | undefined;

  return {
    subject: principal.username,
    channel(dc, session) {
      channel = new ChannelSink(dc);
      viewer.setSink(trialSink(socketio, channel), 'socketio');
      const sink = channel;
      // A browser that stopped reading (frozen tab, dead path) leaves frames in the send buffer.
      watch = setInterval(() => {
        const stuck = sink.stuckFor();
        if (stuck > hub.config.webrtcStallMs) session.abandon('not-draining', `send buffer full for ${(stuck / 1000).toFixed(1)} s`);
      }, 250);
      watch.unref();
    },
    using() {
      if (!channel) return;
      viewer.setSink(channel, 'webrtc');
    },
    ended() {
      clearInterval(watch);
      channel?.release();
      channel = null;
      viewer.setSink(socketio, 'socketio');
      // No gap: the newest frame of every camera goes out by Socket.IO now, not at the next capture.
      relay.offerLatest(viewer);
    },
  };
}
