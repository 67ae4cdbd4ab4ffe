/**
 * The camrelay wire protocol: namespaces, event maps and the shapes they carry.
 * Imported by the server, the capture client and the dashboard; documented in docs/protocol.md.
 */
import type { CameraTalk, TalkEnded, TalkReply, TalkRequest } from './talk.js';
import type { AacFrameMeta, CaptureDemand, CaptureOffer, H264FrameMeta, H264RungMeta, KeyframeRequest } from './demand.js';
import type { ErrorCodeName } from './errors.js';
import type { CaptureFrameMeta, FrameAck, UnitsAck, UnitsHead } from './units.js';
import type { WebrtcClientEvents, WebrtcServerEvents } from './webrtc/protocol.js';
import type { PtzCaps, PtzCommand, PtzReply } from './ptz.js';
import type { SourceStatus, SourceWaiting } from './source-wait.js';
import type { RenditionNotice, SubscribeReply, SubscribeRequest } from './subscription.js';
import type { LiveAacMeta } from './live-audio.js';
import type { LiveObjects } from './live-objects.js';

/** Transport modules, one name each: folder names, config values, `--transport` values. */
export const TRANSPORTS = ['socketio', 'http', 'webrtc', 'mjpeg'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/**
 * What actually carries frames on one leg, as shown by the indicators: Socket.IO is either
 * `polling` or `websocket` at any moment; `http` is the capture client's POST fallback.
 */
export const LINKS = ['polling', 'websocket', 'http', 'webrtc'] as const;
export type Link = (typeof LINKS)[number];

export const CAPTURE_NAMESPACE = '/capture';
export const MONITOR_NAMESPACE = '/monitor';
export const DEFAULT_PORT = 3000;

/** Camera ids appear in URLs and room names, so they are restricted to a safe alphabet. */
export const CAMERA_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Handshake `auth` of a capture client on `/capture`. */
export interface CaptureAuth {
  token: string;
  cameraId: string;
  name?: string;
  /** Random id of this run of the capture client; a new session's frames win over an old one's. */
  session?: string;
  /** What it can make when the relay asks (`demand`): H.264 for recording, JPEGs at smaller widths. */
  offers?: CaptureOffer[];
  /** Wait (CAMERA_IN_USE) while another run sends this camera id, rather than take it over: an unattended program asks so. */
  standby?: boolean;
}

// The JPEG unit's meta and a unit's ack live with the other kinds' (units.ts), which this file's `units` event uses.
export type { CaptureFrameMeta, FrameAck } from './units.js';

/** Metadata the server sends to viewers with each JPEG. */
export interface MonitorFrameMeta {
  cameraId: string;
  seq: number;
  /** Numbers the camera's capture sessions, growing across restarts and nodes: frames of a higher epoch are newer. */
  epoch: number;
  /** Capture time on the server's clock when the capture client reported its offset, else on the capture PC's clock. */
  capturedAt: number;
  /** True when `capturedAt` was corrected onto the server's clock. */
  clockSynced: boolean;
  /** Server clock, ms since the epoch, when the frame arrived. */
  receivedAt: number;
  width: number;
  height: number;
}

/** One H.264 access unit to a viewer (`h264` on `/monitor`; the payload is Annex B, ack when taken). */
export interface MonitorH264Meta extends MonitorFrameMeta {
  /** +1 per access unit of the camera's H.264 stream; a viewer sees a gap only just before a keyframe (a skip). */
  seq: number;
  /** An IDR picture with its SPS and PPS in-band: a decoder may (re)start here. */
  keyframe: boolean;
  /** RFC 6381 codec string read from the SPS (`avc1.42E01F`), for `VideoDecoder.configure` and `MediaSource.isTypeSupported`. */
  codec: string;
  /** Decode, never draw: a unit of the GOP the relay kept, before its newest, to a viewer that joins or resumes (live-video.ts). */
  catchUp?: true;
  /** The newest `pause.resume` the relay had from this viewer at the send (live-video.ts); absent from older relays. */
  resume?: number;
}

/**
 * `starting`: connected (a capture client announced it, or the relay's own process for an IP camera
 * did) and no frame yet this run; a camera that has not sent is not stalled (#37 item 14). After its
 * first frame: `live`, `stalled` after the stall timeout, `offline` once neither connected nor heard from.
 */
export const CAMERA_STATUSES = ['starting', 'live', 'stalled', 'offline'] as const;
export type CameraStatus = (typeof CAMERA_STATUSES)[number];

/** One entry of the camera list (`cameras` event, `GET /api/cameras`). */
export interface CameraInfo {
  id: string;
  name: string;
  online: boolean;
  status: CameraStatus;
  /**
   * Server clock of the last accepted frame, or null before the first one; for a saved camera not
   * seen since the relay started, when it was last seen (its last frame, or later while connected).
   */
  lastFrameAt: number | null;
  fps: number;
  framesIn: number;
  /** How frames reach the server right now, or null while offline. */
  ingest: Link | null;
  width: number | null;
  height: number | null;
  /** The group an admin put it in, or null; absent from servers older than the saved camera list. */
  group?: string | null;
  /** While its capture client is connected but waits for the camera (in use, unplugged): why, in its words. */
  source?: SourceWaiting;
  /** True while its capture side can send H.264 (it offered `h264`): a viewer may ask for it as H.264 (#30). */
  h264?: boolean;
  /** True while its capture side can also send H.264 at rung widths (it offered `h264-rungs`): a tile smaller than the camera may ask for it so. */
  h264Rungs?: boolean;
  /** Only for a camera that can move (its capture client sent `ptz-caps`): what it can do. */
  ptz?: PtzCaps;
  /** True while an object detector runs for it (#39): a viewer may ask for its boxes (`SubscribeRequest.objects`). */
  objects?: boolean;
  /** True while the camera's sound is on in the Admin (#40, off for a new camera): a viewer may listen (`SubscribeRequest.audio`). */
  sound?: boolean;
  /** While its capture program can talk to the camera (it offered `talk`, #40): an admin may talk; `talking` names who does now. */
  talk?: CameraTalk;
}

// The source-status wire types live in source-wait.ts; re-exported, so every import of them stays as it is.
export * from './source-wait.js';

/** Longest camera name (an admin's or the capture client's) and group name. */
export const CAMERA_NAME_MAX = 100;
export const CAMERA_GROUP_MAX = 64;

/** Body of `PATCH /api/cameras/:id` (admin): each field given is set, null clears it. */
export interface CameraSettings {
  /** Shown instead of the name the capture client sends; null: the capture client's again. */
  name?: string | null;
  group?: string | null;
  /** The camera's sound (#40): true, the relay takes it (live listening, recording with sound); false, never. */
  sound?: boolean;
}

/**
 * Longest JSON text one Socket.IO message from a client may carry, in characters, unless the relay
 * takes more cameras than the default (then 256 per camera it may take). Longer messages are refused
 * unread (`MESSAGE_TOO_LARGE`): JSON.parse of a 2 MB subscribe stalled the relay for every viewer (#25).
 */
export const MESSAGE_MAX_CHARS = 64 * 1024;

export interface ServerTime {
  now: number;
  version: string;
  /** Cluster mode only: whether this node reaches Redis (`degraded`: only its own cameras flow). */
  cluster?: 'ok' | 'degraded';
}

/** Events the server emits on `/capture` (the WebRTC upgrade's signaling included). */
export interface CaptureServerEvents extends WebrtcServerEvents {
  'server-shutdown': (notice: ShutdownNotice) => void;
  /** A viewer's PTZ command for this camera (shared/ptz.ts), already checked; answer with the camera's result. */
  ptz: (command: PtzCommand, ack: (reply: PtzReply) => void) => void;
  /** The server refuses further frames from this client (e.g. another client took the camera over). */
  kicked: (reason: { error: ErrorCodeName; message: string }) => void;
  /** What the relay needs of this camera now (shared/demand.ts); on connect and on each change. */
  demand: (demand: CaptureDemand) => void;
  /**
   * A viewer joined or fell behind: make the next picture an IDR if the encoder can (a hint; at most one per
   * KEYFRAME_REQUEST_MIN_MS per stream). With `{ rung }`: of that rung's stream; without: of the full-size one.
   */
  keyframe: (request?: KeyframeRequest) => void;
}

/** Events a capture client emits on `/capture`. */
export interface CaptureClientEvents extends WebrtcClientEvents {
  frame: (meta: CaptureFrameMeta, jpeg: Uint8Array, ack: (result: FrameAck) => void) => void;
  time: (ack: (t: ServerTime) => void) => void;
  /** Sent on each change and again on each connect; the relay shows it on the camera's entry (`CameraInfo.source`). */
  'source-status': (status: SourceStatus) => void;
  /** What the camera can do (pan, tilt, zoom, presets); on each connect, and on change. Absent: it cannot move. */
  'ptz-caps': (caps: PtzCaps) => void;
  /** One H.264 access unit, sent only while the demand asks for `h264`; every one counts (no newest-wins). */
  h264: (meta: H264FrameMeta, au: Uint8Array, ack: (result: FrameAck) => void) => void;
  /** One access unit of the H.264 stream made at `meta.rung`, one of the demand's `h264Widths`, for live viewers only. */
  'h264-rung': (meta: H264RungMeta, au: Uint8Array, ack: (result: FrameAck) => void) => void;
  /** One AAC frame of the main stream's audio, sent with the `h264` events (shared/demand.ts); every one counts. */
  aac: (meta: AacFrameMeta, frame: Uint8Array, ack: (result: FrameAck) => void) => void;
  /** Several of the three above in one message and one ack (shared/units.ts), to a relay whose demand says `units`. */
  units: (head: UnitsHead, payload: Uint8Array, ack: (reply: UnitsAck) => void) => void;
}

/** Sent on both namespaces when the server stops on purpose; clients keep retrying. */
export interface ShutdownNotice {
  reason: 'shutdown';
}

/** Events the server emits on `/monitor`. */
export interface MonitorServerEvents extends WebrtcServerEvents {
  'server-shutdown': (notice: ShutdownNotice) => void;
  cameras: (list: CameraInfo[]) => void;
  /** Viewers must call `ack` once they have the frame: it is the server's flow control. */
  frame: (meta: MonitorFrameMeta, jpeg: Uint8Array, ack: () => void) => void;
  /**
   * To a viewer that sent `widths`: the relay changed how it sends a camera to this viewer because
   * of its link (a rung down or up, or more frames in flight), and why, in a sentence.
   */
  rendition: (notice: RenditionNotice) => void;
  /**
   * Once, on connect, to a viewer that connected with `auth.fetchFrames: true`: while its link is
   * polling, its frames answer GETs of `path` instead of coming as `frame` (each GET is the ack).
   */
  'frame-fetch': (path: string) => void;
  /** One H.264 access unit of a camera this viewer asked for as H.264 (shared/live-video.ts); `ack` once taken. */
  h264: (meta: MonitorH264Meta, au: Uint8Array, ack: () => void) => void;
  /** The detector's newest look at a camera this viewer asked boxes of (`SubscribeRequest.objects`); `ack` once taken. */
  objects: (look: LiveObjects, ack: () => void) => void;
  /** One AAC frame of a camera this viewer listens to (`SubscribeRequest.audio`, shared/live-audio.ts); `ack` once taken. */
  aac: (meta: LiveAacMeta, frame: ArrayBuffer, ack: () => void) => void;
  /** To the page that talked through a camera (shared/talk.ts): the relay or the camera side ended it, and why. */
  'talk-ended': (why: TalkEnded) => void;
  /** To every page that may view `camera`: one of its events started, gained objects or ended (its files written), so a page listing events asks again now. */
  'event-news': (news: EventNews) => void;
}

/** News of an event, with no more of it than its camera, id and what happened: the page asks the API for the rest, with its own rights. */
export interface EventNews {
  camera: string;
  id: string;
  type: 'start' | 'object' | 'end';
}

/** Where `frame-fetch` paths point: `${FRAME_FETCH_PATH}/<connection key>`. */
export const FRAME_FETCH_PATH = '/api/monitor/frames';

/** Events a dashboard emits on `/monitor`. */
export interface MonitorClientEvents extends WebrtcClientEvents {
  /** The ack: the cameras it now gets; or `error` (`BAD_REQUEST`, `TOO_MANY_IDS`, `MESSAGE_TOO_LARGE`) and the subscription unchanged. */
  subscribe: (req: SubscribeRequest, ack?: (res: SubscribeReply) => void) => void;
  time: (ack: (t: ServerTime) => void) => void;
  /** Moves a camera whose `CameraInfo.ptz` says it can (admins only); the ack is the camera's result. */
  ptz: (req: { cameraId: string; command: PtzCommand }, ack?: (reply: PtzReply) => void) => void;
  /** A hidden or frozen page pauses: no frames until it unpauses, then the newest; `resume` numbers its returns (live-video.ts). */
  pause: (req: { paused: boolean; resume?: number }) => void;
  /** Starts talking through a camera whose `CameraInfo.talk` says it can (shared/talk.ts); the ack comes once its back channel is open. */
  'talk-start': (req: TalkRequest, ack?: (reply: TalkReply) => void) => void;
  /** A piece of what is said: 16-bit little-endian PCM at 8 kHz, at most TALK_PIECE_MAX_BYTES. */
  talk: (req: TalkRequest, pcm: ArrayBuffer) => void;
  'talk-stop': (req: TalkRequest) => void;
}

/** Headers of the HTTP POST ingest. */
export const HTTP_HEADERS = {
  seq: 'x-frame-seq',
  capturedAt: 'x-captured-at',
  clockOffset: 'x-clock-offset',
  serverTime: 'x-server-time',
  session: 'x-capture-session',
  /** `1`: wait while another run sends this camera (CAMERA_IN_USE) instead of taking it over, as the Socket.IO handshake's `standby`. */
  standby: 'x-capture-standby',
} as const;
