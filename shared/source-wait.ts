/** What a capture client says while it waits for its camera (`source-status` on `/capture`): codes, bounds, shapes. */
/** Why a connected capture client sends no frames: its camera is in use, unplugged, blocked, or failing. */
export const SOURCE_WAIT_CODES = ['CAMERA_BUSY', 'CAMERA_GONE', 'CAMERA_DENIED', 'CAMERA_AUTH', 'CAMERA_UNREACHABLE', 'SOURCE_FAILED'] as const;
export type SourceWaitCode = (typeof SOURCE_WAIT_CODES)[number];
/** Longest `message` of a `source-status` the relay keeps; longer ones are cut. */
export const SOURCE_MESSAGE_MAX = 300;

/** A capture client waiting for its camera: the code, its own message, and since when (server clock). */
export interface SourceWaiting {
  state: 'waiting';
  error: SourceWaitCode;
  message: string;
  since: number;
}

/** `source-status` on `/capture`: the camera gives frames (`ok`), or the client waits for it and says why. */
export type SourceStatus = { state: 'ok' } | { state: 'waiting'; error: SourceWaitCode; message: string };
