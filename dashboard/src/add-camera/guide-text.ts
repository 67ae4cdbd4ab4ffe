/** The "Add a camera" guide's words (#42): the kinds, the id a name gives, and what it says as the camera comes. Pure. */
import type { CameraInfo } from '../../../shared/protocol.js';

/** The kinds of camera the guide knows, in the order it offers them. */
export const GUIDE_KINDS = [
  { id: 'windows', title: 'Windows PC', what: 'A webcam on a Windows PC: the one-file program, nothing to install.' },
  { id: 'posix', title: 'Linux or macOS PC', what: 'A webcam on a Linux or macOS PC with Node.js and the camrelay folder.' },
  { id: 'phone', title: 'Phone', what: "A phone's camera (or a laptop's): scan a code, press Start." },
  { id: 'ip', title: 'IP camera', what: 'A camera on the network (RTSP, MJPEG or snapshots): the relay takes it in itself.' },
] as const;

export type GuideKind = (typeof GUIDE_KINDS)[number]['id'];

export function isGuideKind(value: string): value is GuideKind {
  return GUIDE_KINDS.some((k) => k.id === value);
}

/** Longest name the guide takes: the relay's own limit (CAMERA_NAME_MAX) is longer, but a command line should stay readable. */
export const GUIDE_NAME_MAX = 60;

/**
 * The name as it goes on a command line: letters, digits, spaces and `-_.,'()` only. Each shell reads the rest
 * inside quotes too (cmd's `%` and `"`, PowerShell's `$` and backtick in the capture.cmd line), so they are dropped.
 */
export function commandName(name: string): string {
  return name
    .replace(/\s+/g, ' ')
    .replace(/[^\p{L}\p{N} _.,'()-]/gu, '')
    .replace(/ +/g, ' ')
    .trim()
    .slice(0, GUIDE_NAME_MAX);
}

/** The camera id a name gives (`Front door` → `front-door`), within CAMERA_ID_PATTERN; null when nothing is left of it. */
export function cameraIdOf(name: string): string | null {
  const id = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return id === '' ? null : id;
}

/** What the guide says of the camera named `name`, from its entry in the relay's list (absent until it connects). */
export function liveLine(name: string, camera: Pick<CameraInfo, 'status' | 'fps' | 'ingest'> | undefined): { live: boolean; text: string } {
  if (!camera || camera.status === 'offline') return { live: false, text: `Waiting for ${name}…` };
  if (camera.status === 'starting') return { live: false, text: `${name} is connected: waiting for its first frame…` };
  if (camera.status === 'stalled') return { live: false, text: `${name} sent frames, then stopped: waiting for the next one…` };
  // The relay measures the rate over its first second: until then the line says the link alone.
  const fps = Math.round(camera.fps) > 0 ? `: ${Math.round(camera.fps)} fps` : '';
  return { live: true, text: `${name} is live${fps}${camera.ingest ? ` over ${camera.ingest}` : ''}` };
}
