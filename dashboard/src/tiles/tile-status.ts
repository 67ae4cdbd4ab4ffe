/** What a tile says about its camera, in its status pill and over its picture: pure, so it is tested without a DOM. */
import type { CameraStatus } from '../../../shared/protocol.js';
import { formatAge } from './indicators.js';

/**
 * What a tile says: the camera's status, or what this page knows better: the person paused it, the
 * relay cannot be reached (then nothing is known about the camera), or no frame has come yet.
 */
export type TileStatus = CameraStatus | 'paused' | 'unreachable' | 'waiting';

export const OVERLAY: Record<TileStatus, string> = {
  live: '',
  waiting: 'Waiting for the first frame…',
  stalled: 'Stalled',
  offline: 'Camera offline',
  paused: 'Paused',
  unreachable: 'Relay unreachable',
};

export const PILL: Record<TileStatus, string> = {
  live: 'live',
  waiting: 'starting',
  stalled: 'stalled',
  offline: 'offline',
  paused: 'paused',
  unreachable: 'no relay',
};

export interface OverlayFacts {
  /** Ms since the last drawn frame or the start of the current wait. */
  sinceFresh: number;
  /** Ms since this page last drew a frame of the camera, or null before the first. */
  sinceDraw: number | null;
  /** Server clock of the camera's last frame at the relay, or null. */
  lastFrameAt: number | null;
  serverNow: number;
}

/** The smaller line under the overlay's title. */
export function overlayDetail(status: TileStatus, f: OverlayFacts): string {
  switch (status) {
    case 'stalled':
      // The relay's word (its last frame from the camera) when it is older than our last draw.
      return `no new frame for ${formatAge(Math.max(f.sinceFresh, f.lastFrameAt === null ? 0 : f.serverNow - f.lastFrameAt))}`;
    case 'paused':
      return 'paused in this browser; press ▶ to resume';
    case 'unreachable':
      return f.sinceDraw === null ? 'nothing is known about this camera until the relay is back' : `last frame shown ${formatAge(f.sinceDraw)} ago`;
    case 'offline':
      if (f.lastFrameAt === null) return 'no frame received yet';
      return `offline since ${new Date(f.lastFrameAt).toLocaleTimeString()} (${formatAge(f.serverNow - f.lastFrameAt)} ago)`;
    default:
      return '';
  }
}
