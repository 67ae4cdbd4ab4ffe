/**
 * A camera's sound, live (#40): the AAC frames its capture side sends (shared/demand.ts `AacFrameMeta`)
 * passed on untouched to every viewer that listens (`SubscribeRequest.audio`), one `aac` event per frame on
 * `/monitor`. Only for a camera whose sound is on (`CameraInfo.sound`); the page decodes them
 * (WebCodecs' AudioDecoder, else Media Source with an audio-only fMP4) and plays them in step with the picture.
 */

/** What comes with each AAC frame: the same object for every viewer of the frame (its JSON is made once). */
export interface LiveAacMeta {
  cameraId: string;
  /** +1 per frame of the camera's audio stream; a gap is frames lost on the way (the page plays silence there). */
  seq: number;
  /** Capture time of the frame's first sample, ms since the epoch on the relay's clock (as a picture's). */
  capturedAt: number;
  sampleRate: number;
  channels: number;
  /** The AudioSpecificConfig, hex: what a decoder needs (for Opus, the body of its `dOps` box). */
  config: string;
  /** 'opus': an Opus packet (a browser camera's microphone, shared/demand.ts `AacFrameMeta.codec`); absent: AAC. */
  codec?: 'opus';
}

/** Frames a listening viewer may hold unacked at once: ~170 ms of 48 kHz AAC, enough to ride a round trip. */
export const AUDIO_WINDOW = 8;
/** Frames waiting behind the window, at most: past ~1 s of 48 kHz sound the oldest go (live sound stays live). */
export const AUDIO_WAITING_MAX = 48;
