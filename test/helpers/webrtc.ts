/** WebRTC helpers for Node tests: werift as the peer, and a Node "dashboard" that upgrades leg 1. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { weriftPeer } from '../../capture-client/senders/webrtc.js';
import type { MonitorFrameMeta } from '../../shared/protocol.js';
import { WebrtcReceiver, type ReceiverOptions } from '../../dashboard/src/receivers/webrtc/receiver.js';
import { connectViewer, type TestViewer } from './viewer.js';

/**
 * Server settings for a test of what WebRTC carries, not of its watchdogs: a connect timeout and a stall wait long
 * enough for werift's DTLS and SCTP (JavaScript) on a loaded box, where the defaults (5 s, 2 s) end the upgrade.
 */
export const CARRY_TIMEOUTS = { webrtcConnectTimeoutMs: 20_000, webrtcStallMs: 10_000 };

/** The benchmark's real 720p frames (about 142 KB: three data-channel messages each). */
export function fixtureFrames(count = 3): Buffer[] {
  return Array.from({ length: count }, (_, i) => readFileSync(path.join(import.meta.dirname, '../../bench/fixtures', `frame-0${i}.jpg`)));
}

export interface WebrtcViewer {
  viewer: TestViewer;
  receiver: WebrtcReceiver;
  /** Frames that came over the data channel. */
  rtcFrames: MonitorFrameMeta[];
  close(): void;
}

/** A Socket.IO viewer with the dashboard's WebRTC receiver on top, toggled on. */
export function connectWebrtcViewer(url: string, opts: Partial<ReceiverOptions> & { want?: boolean } = {}): WebrtcViewer {
  const viewer = connectViewer(url);
  const rtcFrames: MonitorFrameMeta[] = [];
  const receiver = new WebrtcReceiver({
    socket: viewer.socket as never,
    createPeer: weriftPeer,
    onFrame: (meta) => rtcFrames.push(meta),
    expectFrames: () => viewer.cameras.some((c) => c.status === 'live'),
    minBackoffMs: 500,
    ...opts,
  });
  if (opts.want !== false) receiver.setWanted(true);
  return {
    viewer,
    receiver,
    rtcFrames,
    close() {
      receiver.close();
      viewer.close();
    },
  };
}
