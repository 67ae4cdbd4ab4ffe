/** The capture page's choices (size, frame rate, which camera) and the getUserMedia constraints they make. Pure. */

export interface Resolution {
  label: string;
  width: number;
  height: number;
}

/** Landscape sizes a phone or webcam commonly offers; the camera may give the nearest it has. */
export const RESOLUTIONS: readonly Resolution[] = [
  { label: '480p', width: 854, height: 480 },
  { label: '720p', width: 1280, height: 720 },
  { label: '1080p', width: 1920, height: 1080 },
];

export const FRAME_RATES: readonly number[] = [5, 10, 15, 30];

/** 720p at 15 fps: sharp enough to read a number plate, light enough for a phone on Wi-Fi. */
export const DEFAULT_RESOLUTION = RESOLUTIONS[1]!;
export const DEFAULT_FPS = 15;
/** JPEG quality for `convertToBlob`: the capture client's ffmpeg default gives about the same size. */
export const JPEG_QUALITY = 0.8;

export interface CaptureChoice {
  width: number;
  height: number;
  fps: number;
  /** A camera picked from the list; null: the back camera of a phone, or the only one. */
  deviceId: string | null;
}

/** `1280x720` → the preset, or the default for anything else (a stale or hand-edited value). */
export function resolutionByKey(key: string | null): Resolution {
  return RESOLUTIONS.find((r) => `${r.width}x${r.height}` === key) ?? DEFAULT_RESOLUTION;
}

export function fpsOf(value: string | null): number {
  const fps = Number(value);
  return FRAME_RATES.includes(fps) ? fps : DEFAULT_FPS;
}

/**
 * The video constraints for `getUserMedia`: `ideal` sizes (a camera without that mode still opens,
 * at its nearest), a frame rate at most the one asked, and a phone's back camera unless one was picked.
 */
export function videoConstraints(choice: CaptureChoice): MediaTrackConstraints {
  const constraints: MediaTrackConstraints = {
    width: { ideal: choice.width },
    height: { ideal: choice.height },
    frameRate: { ideal: choice.fps, max: choice.fps },
  };
  if (choice.deviceId) constraints.deviceId = { exact: choice.deviceId };
  else constraints.facingMode = { ideal: 'environment' };
  return constraints;
}
