/**
 * A bench viewer that upgrades the way the dashboard does: Socket.IO on /monitor (frames until the
 * upgrade lands, and the signaling), the dashboard's own WebrtcReceiver on top, werift as the peer.
 * A tap on the data channel times each frame from its first chunk, to tell transfer from queueing.
 */
import { io } from 'socket.io-client';
import { RTCPeerConnection } from 'werift';
import { WebrtcReceiver } from '../../dashboard/src/receivers/webrtc/receiver.js';
import type { CameraInfo, MonitorFrameMeta } from '../../shared/protocol.js';
import type { PeerFactory, PeerLike } from '../../common/webrtc/peer-types.js';
import { BENCH_ADMIN } from '../systems/credentials.js';
import { ChunkTap } from './chunk-tap.js';

/** Milliseconds from `upgrade()` to each step of the attempt that delivered first (null: not reached). */
export interface UpgradeTimes {
  iceConnectedMs: number | null;
  channelOpenMs: number | null;
  firstFrameMs: number | null;
  /** Whether frames arrive over the data channel right now. */
  delivering: boolean;
  /** Why each attempt that ended did so (a fallback to Socket.IO, unless the bench closed it). */
  ends: string[];
}

export interface BenchWebrtcViewer {
  /** The dashboard toggle switched on: the upgrade starts here, and its clock with it. */
  upgrade(): void;
  times(): UpgradeTimes;
  close(): void;
}

export interface WebrtcViewerHooks {
  onConnect(): void;
  onSocketioFrame(meta: MonitorFrameMeta, bytes: number): void;
  /** `spanMs`: first chunk → whole frame (undefined when the tap missed chunk 0's metadata). */
  onChannelFrame(meta: MonitorFrameMeta, bytes: number, spanMs: number | undefined): void;
  /** A frame whose chunks began to arrive but never all did. */
  onIncomplete(): void;
}

/** werift as in test/helpers/webrtc.ts, with every data-channel message shown to the tap first. */
function tappedPeer(tap: ChunkTap): PeerFactory {
  return (config) => {
    const pc = new RTCPeerConnection(config as ConstructorParameters<typeof RTCPeerConnection>[0]);
    const create = pc.createDataChannel.bind(pc);
    pc.createDataChannel = (...args) => {
      const channel = create(...args);
      // werift runs onMessage subscribers before `onmessage`, so the tap sees a chunk before the assembler.
      channel.onMessage.subscribe((data) => typeof data !== 'string' && tap.push(data));
      return channel;
    };
    return pc as unknown as PeerLike;
  };
}

export function connectWebrtcViewer(port: number, hooks: WebrtcViewerHooks): BenchWebrtcViewer {
  const socket = io(`http://127.0.0.1:${port}/monitor`, { transports: ['websocket'], forceNew: true, auth: BENCH_ADMIN });
  let cameras: CameraInfo[] = [];
  socket.on('connect', () => {
    hooks.onConnect();
    socket.emit('subscribe', { cameraIds: '*' });
  });
  socket.on('cameras', (list: CameraInfo[]) => (cameras = list));
  socket.on('frame', (meta: MonitorFrameMeta, jpeg: ArrayBuffer | Buffer, ack?: () => void) => {
    ack?.();
    hooks.onSocketioFrame(meta, jpeg.byteLength);
  });

  const tap = new ChunkTap(hooks.onIncomplete);
  let startedAt = 0;
  const t: Omit<UpgradeTimes, 'delivering' | 'ends'> = { iceConnectedMs: null, channelOpenMs: null, firstFrameMs: null };
  const ends: string[] = [];
  let lastEnd: unknown = null;
  const receiver: WebrtcReceiver = new WebrtcReceiver({
    socket: socket as never,
    createPeer: tappedPeer(tap),
    expectFrames: () => cameras.some((c) => c.status === 'live'),
    onFrame: (meta, jpeg) => {
      t.firstFrameMs ??= Date.now() - startedAt;
      hooks.onChannelFrame(meta, jpeg.byteLength, tap.complete(meta.seq));
    },
    onChange: () => {
      const u = receiver.upgrade;
      if (startedAt && u && t.firstFrameMs === null) {
        // werift reports a spurious `completed` before `checking`: only a state after checking counts.
        const checking = u.iceHistory.findIndex((h) => h.state === 'checking');
        const ice = checking < 0 ? undefined : u.iceHistory.slice(checking).find((h) => h.state === 'connected' || h.state === 'completed');
        if (ice) t.iceConnectedMs = ice.at - startedAt;
        if (u.state === 'trial') t.channelOpenMs ??= Date.now() - startedAt;
      }
      if (receiver.lastEnd && receiver.lastEnd !== lastEnd) {
        lastEnd = receiver.lastEnd;
        ends.push(`${receiver.lastEnd.reason}${receiver.lastEnd.detail ? ` (${receiver.lastEnd.detail})` : ''}`);
      }
    },
  });

  return {
    upgrade() {
      startedAt = Date.now();
      receiver.setWanted(true);
    },
    times: () => ({ ...t, delivering: receiver.delivering, ends }),
    close() {
      receiver.close();
      socket.close();
    },
  };
}
