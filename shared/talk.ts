/**
 * Talk back (#40 item 4): what a page says to a camera, through the relay to the camera's capture program, which
 * plays it through the camera's ONVIF audio back channel. Sound goes as 16-bit little-endian PCM at 8 kHz mono, the
 * rate G.711 takes, in pieces of at most 100 ms; the capture program makes it G.711 RTP. One person talks to a
 * camera at a time; every page watching it is told who (`CameraInfo.talk.talking`).
 */

export const TALK_SAMPLE_RATE = 8000;
/** The largest piece of sound in one `talk` event: 100 ms of 16-bit samples. */
export const TALK_PIECE_MAX_BYTES = 1600;
/** Pieces a second a talker may send (a page sends 25 to 50); past it the relay drops them. */
export const TALK_PIECES_PER_S_MAX = 60;
/** A talk with no sound for this long is ended by the relay (a page that froze or lost its microphone). */
export const TALK_IDLE_MS = 10_000;
/** How long the capture program has to open the camera's back channel. */
export const TALK_OPEN_MS = 8000;

/** `talk-start` and `talk-stop` from a page, and `talk`'s first argument. */
export interface TalkRequest {
  cameraId: string;
}

export type TalkReply = { ok: true } | { ok: false; error: string; message: string };

/** On a camera's entry while its capture program can talk to it (it offered `talk`); `talking` names who talks now. */
export interface CameraTalk {
  talking?: string;
}

/** `talk-ended` to the page that talked: the relay or the camera side ended it, and why. */
export interface TalkEnded {
  cameraId: string;
  error: string;
  message: string;
}

/** The camera named by a page's talk request, or null when it is not one. */
export function talkCameraOf(req: unknown): string | null {
  const id = (req as { cameraId?: unknown } | null)?.cameraId;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null;
}

/** A piece of sound as sent: a byte array of at most TALK_PIECE_MAX_BYTES whole 16-bit samples, else null. */
export function talkPieceOf(data: unknown): Uint8Array | null {
  if (!(data instanceof Uint8Array) || data.length === 0 || data.length > TALK_PIECE_MAX_BYTES || data.length % 2 !== 0) return null;
  return data;
}
