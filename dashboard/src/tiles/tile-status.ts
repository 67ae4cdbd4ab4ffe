/** What a tile says about its camera, in its status pill and over its picture: pure, so it is tested without a DOM. */
import type { CameraInfo, CameraStatus, Link, SourceWaitCode, SourceWaiting } from '../../../shared/protocol.js';
import { formatAge } from './indicators.js';

/**
 * What a tile says: the camera's status, or what this page knows better: the person paused it, the
 * relay cannot be reached (then nothing is known about the camera), or no frame has come yet; or
 * `no-camera`: the capture PC is connected but says its camera is in use, unplugged or blocked; or
 * `off-screen`: a live camera nobody can see here (scrolled away, hidden tab) is sent nothing (#28).
 * `starting` is the relay's word (connected, no frame yet); `waiting` is this page's (live at the
 * relay, nothing drawn here yet): both say Starting, and which picture they wait for.
 */
export type TileStatus = CameraStatus | 'paused' | 'unreachable' | 'waiting' | 'no-camera' | 'off-screen';

export const OVERLAY: Record<TileStatus, string> = {
  live: '',
  starting: 'Starting',
  waiting: 'Starting',
  stalled: 'Stalled',
  offline: 'Camera offline',
  paused: 'Paused',
  unreachable: 'Relay unreachable',
  'no-camera': 'No camera on the capture PC',
  'off-screen': 'Paused off-screen',
};

/** The overlay's title for what the capture PC says it waits for (`CameraInfo.source`). */
export const SOURCE_TITLE: Record<SourceWaitCode, string> = {
  CAMERA_BUSY: 'Camera in use by another app on the capture PC',
  CAMERA_GONE: 'Camera unplugged on the capture PC — waiting for it',
  CAMERA_DENIED: 'Camera blocked by privacy settings on the capture PC',
  CAMERA_AUTH: 'IP camera refused the user name or password',
  CAMERA_UNREACHABLE: 'IP camera not answering at its address — retrying',
  SOURCE_FAILED: 'Camera failing on the capture PC — retrying',
};

export const PILL: Record<TileStatus, string> = {
  live: 'live',
  starting: 'starting',
  waiting: 'starting',
  stalled: 'stalled',
  offline: 'offline',
  paused: 'paused',
  unreachable: 'no relay',
  'no-camera': 'no camera',
  'off-screen': 'paused',
};

/** What the tile knows beside the relay's word, which can make the status it shows another. */
export interface TileFacts {
  relayReachable: boolean;
  userPaused: boolean;
  /** The capture client waits for its camera (`CameraInfo.source`). */
  waitingForCamera: boolean;
  /** Nobody can see the tile: it is sent nothing by design. */
  unseen: boolean;
  /** A picture was drawn since the tile was made. */
  drawn: boolean;
}

/** The status a tile shows for the relay's `status`, given what it knows itself. */
export function displayedStatus(status: CameraStatus, f: TileFacts): TileStatus {
  if (!f.relayReachable) return 'unreachable';
  if (f.userPaused) return 'paused';
  if (f.waitingForCamera && status !== 'offline') return 'no-camera'; // not a frozen frame that claims to be live
  // Sent nothing by design: not stalled, not waiting (issue #28).
  if (f.unseen && status === 'live') return 'off-screen';
  if (status === 'live' && !f.drawn) return 'waiting';
  return status;
}

export interface OverlayFacts {
  /** Ms since the last drawn frame or the start of the current wait. */
  sinceFresh: number;
  /** Ms since this page last drew a frame of the camera, or null before the first. */
  sinceDraw: number | null;
  /** Server clock of the camera's last frame at the relay, or null. */
  lastFrameAt: number | null;
  serverNow: number;
  /** What the capture PC says it waits for, while it does. */
  source?: SourceWaiting | undefined;
}

/** The overlay's title, its smaller line, and a tooltip with the capture side's own message ('' for none). */
export function overlayText(status: TileStatus, f: OverlayFacts): { title: string; detail: string; tooltip: string } {
  if (status === 'no-camera' && f.source) {
    const since = `since ${new Date(f.source.since).toLocaleTimeString()} (${formatAge(f.serverNow - f.source.since)})`;
    return { title: SOURCE_TITLE[f.source.error], detail: `${since}; the capture program keeps trying`, tooltip: f.source.message };
  }
  return { title: OVERLAY[status], detail: overlayDetail(status, f), tooltip: '' };
}

/** The smaller line under the overlay's title. */
export function overlayDetail(status: TileStatus, f: OverlayFacts): string {
  switch (status) {
    case 'starting':
      return "waiting for the camera's first picture";
    case 'waiting':
      // Live at the relay (it has had frames: with none it says starting), nothing drawn here yet.
      return 'waiting for its first picture to reach this browser';
    case 'stalled':
      // The relay's word (its last frame from the camera) when it is older than our last draw.
      return `no new frame for ${formatAge(Math.max(f.sinceFresh, f.lastFrameAt === null ? 0 : f.serverNow - f.lastFrameAt))}`;
    case 'paused':
      return 'paused in this browser; press ▶ to resume';
    case 'off-screen':
      return 'not sent while out of sight; the newest frame comes when it is seen';
    case 'unreachable':
      return f.sinceDraw === null ? 'nothing is known about this camera until the relay is back' : `last frame shown ${formatAge(f.sinceDraw)} ago`;
    case 'offline':
      if (f.lastFrameAt === null) return 'no frame received yet';
      return `offline since ${new Date(f.lastFrameAt).toLocaleTimeString()} (${formatAge(f.serverNow - f.lastFrameAt)} ago)`;
    default:
      return '';
  }
}

/** One camera as the Diagnostics panel lists it: enough to tell which leg is slow. */
export interface CameraDiagnostics {
  id: string;
  name: string;
  status: TileStatus;
  ingest: Link | null;
  drawn: number;
  lost: number;
  /** Ms since this browser last drew a frame of the camera, or null before the first. */
  drawnAgo: number | null;
  /** Ms since the server last received a frame from the camera, or null before the first. */
  receivedAgo: number | null;
  /** How it is drawn here (`h264` or `jpeg`, #30), and for JPEG why not H.264 ('' when JPEG suits the tile). */
  codec: { codec: string; why: string };
}

/** A tile's row in the Diagnostics panel from what it shows: read once a second while the panel is open, never per frame. */
export function tileDiagnostics(
  info: CameraInfo,
  status: TileStatus,
  stats: { drawn: number; lost: number },
  at: { drawnAgo: number | null; serverNow: number },
  codec: { codec: string; why: string },
): CameraDiagnostics {
  const last = info.lastFrameAt;
  return {
    id: info.id,
    name: info.name || info.id,
    // The relay's word for a tile off screen, as the header's (#25): it is live, only not shown here.
    status: status === 'off-screen' ? 'live' : status,
    ingest: info.ingest,
    drawn: stats.drawn,
    lost: stats.lost,
    drawnAgo: at.drawnAgo,
    receivedAgo: last === null ? null : at.serverNow - last,
    codec,
  };
}
