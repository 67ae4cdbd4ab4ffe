/**
 * Leg 1, server → browser: while the upgrade is on trial, frames go by the viewer's own transport
 * and, when the data channel has room, by WebRTC too; once the browser says frames arrive that way
 * (`webrtc:using`), by WebRTC only. Any end of the upgrade gives the viewer its own sink back at
 * once, with the newest frames.
 */
import type { Frame, FrameSink } from '../../relay/frame.js';
import type { H264Unit } from '../../tracks/h264-lane.js';
import type { SignaledViewer } from '../../modules/signaling.js';
import { ChannelSink } from './channel-sink.js';
import type { Leg, WebrtcHub } from './signaling.js';

/**
 * The viewer's own sink stays the pipe (its acks pace the lanes); the data channel gets a copy when it has
 * room: a frame, or an H.264 unit marked as a trial copy (the page draws JPEGs from either way, but decodes
 * each unit once, from the way its stream goes).
 */
function trialSink(own: FrameSink, channel: ChannelSink): FrameSink {
  return {
    write(frame: Frame, done: () => void) {
      own.write(frame, done);
      channel.offer(frame);
    },
    unit(unit: H264Unit, done: () => void) {
      if (own.unit) own.unit(unit, done);
      else done();
      channel.offerUnit(unit);
    },
  };
}

export function viewerLeg({ viewer, subject }: SignaledViewer, hub: WebrtcHub): Leg {
  const own = viewer.homeSink;
  let channel: ChannelSink | null = null;
  let watch: NodeJS.Timeout | undefined;

  return {
    subject,
    channel(dc, session) {
      channel = new ChannelSink(dc);
      viewer.setSink(trialSink(own, channel), viewer.transport);
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
      // No gap: the newest frame of every camera goes out the viewer's own way now, not at the next capture.
      viewer.restoreSink();
    },
  };
}
