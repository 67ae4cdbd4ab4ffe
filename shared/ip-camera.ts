/**
 * IP cameras the relay itself takes in (#29, "the relay as the camera side"): what an admin sends to
 * add one, and what the Admin area is shown. The URL's password is never sent back: `url` is masked.
 */
import { z } from 'zod';
import { cameraUrlProblem } from './camera-url.js';
import { CamrelayError } from './errors.js';
import { nameRefusal } from './names.js';
import { CAMERA_ID_PATTERN, CAMERA_NAME_MAX } from './protocol.js';
import type { Result } from './result.js';

export const IP_CAMERA_KINDS = ['rtsp', 'mjpeg', 'snapshot'] as const;
export type IpCameraKind = (typeof IP_CAMERA_KINDS)[number];
/** At most this many IP cameras on one relay: each is a capture process on the relay's machine. */
export const IP_CAMERAS_MAX = 64;
const URL_MAX = 2048;

const SCHEMES: Record<IpCameraKind, readonly string[]> = { rtsp: ['rtsp:', 'rtsps:'], mjpeg: ['http:', 'https:'], snapshot: ['http:', 'https:'] };

/** What an admin sends to add (or replace) an IP camera. */
export interface IpCameraInput {
  id: string;
  name?: string;
  kind: IpCameraKind;
  /** The stream shown live (an NVR's sub stream), credentials inside: `rtsp://user:pass@host/…`. */
  url: string;
  /** rtsp: the main stream, recorded by copy; absent: `url` serves both. */
  recordUrl?: string;
  rtspTransport?: 'tcp' | 'udp';
  fps?: number;
}

/** How the relay runs it now. */
export type IpCameraState = 'starting' | 'running' | 'restarting' | 'stopped';

/** What the Admin area is shown of one: never the password. */
export interface IpCameraView {
  id: string;
  name: string;
  kind: IpCameraKind;
  /** Masked: `rtsp://admin:***@192.168.1.20/sub`. */
  url: string;
  recordUrl: string | null;
  rtspTransport: 'tcp' | 'udp';
  fps: number;
  state: IpCameraState;
  /** The capture process's last words (masked), e.g. why it waits; null while it has said nothing. */
  lastLine: string | null;
  /** Times its capture process was started again after it ended. */
  restarts: number;
  /** Send it back with a change (docs/cameras.md); who saved it last and when, null when the relay does not know. */
  revision?: string;
  savedBy?: string | null;
  savedAt?: number | null;
}

const schema = z.object({
  id: z.string().regex(CAMERA_ID_PATTERN, 'use 1-64 letters, digits, _ or -, starting with a letter or digit'),
  name: z.string().max(CAMERA_NAME_MAX).optional(),
  kind: z.enum(IP_CAMERA_KINDS),
  url: z.string().max(URL_MAX),
  recordUrl: z.string().max(URL_MAX).optional(),
  rtspTransport: z.enum(['tcp', 'udp']).optional(),
  fps: z.number().int().min(1).max(30).optional(),
});

/** BAD_CAMERA_URL naming the field, checked on the raw string (shared/camera-url.ts), or null. */
function urlRefusal(kind: IpCameraKind, field: 'url' | 'recordUrl', value: string): CamrelayError | null {
  const problem = cameraUrlProblem(value, SCHEMES[kind]);
  if (!problem) return null;
  const error = new CamrelayError('BAD_CAMERA_URL', `${field}: the address ${problem}.`);
  error.field = field;
  return error;
}

/** An admin's IP camera, checked; BAD_IP_CAMERA (or BAD_CAMERA_URL for an address) names the field at fault and never echoes the URL. */
export function validateIpCamera(value: unknown): Result<IpCameraInput> {
  const parsed = schema.safeParse(value);
  const bad = (why: string, field?: PropertyKey) => {
    const error = new CamrelayError('BAD_IP_CAMERA', `${why}.`);
    if (typeof field === 'string') error.field = field;
    return { ok: false as const, error };
  };
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return bad(`${issue.path.join('.') || 'body'}: ${issue.message}`, issue.path[0]);
  }
  const v = parsed.data;
  const badName = v.name === undefined ? null : nameRefusal('name', v.name);
  if (badName) return { ok: false, error: badName };
  const refused = urlRefusal(v.kind, 'url', v.url) ?? (v.recordUrl === undefined ? null : urlRefusal(v.kind, 'recordUrl', v.recordUrl));
  if (refused) return { ok: false, error: refused };
  if (v.kind !== 'rtsp' && (v.recordUrl !== undefined || v.rtspTransport !== undefined)) return bad('recordUrl and rtspTransport are for rtsp cameras only');
  return { ok: true, value: v };
}
