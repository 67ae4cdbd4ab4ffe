/** The status line of a camera sender, in words both the capture client and the browser camera print. */
import type { CaptureStats } from './stats.js';

/** `sourceNote`: what the source says about its own costly work, e.g. `ffmpeg re-encodes JPEG (cpu 23%)`. */
export function formatStatus(cameraId: string, s: CaptureStats, fps: number, sourceNote: string | null = null): string {
  // A reconnect the sender chose (to offer H.264, say) is not a lost link: it says so, and why.
  const link = s.link ?? (s.relink ? `reconnecting ${s.relink}` : 'no link');
  const parts = [
    `${cameraId} → ${link}`,
    `sent ${s.sent} acked ${s.acked} dropped ${s.dropped} failed ${s.failed}`,
    `${fps.toFixed(1)} fps`,
    `rtt ${s.rttMs === null ? '–' : `${s.rttMs} ms`}`,
    `reconnects ${s.reconnects}`,
  ];
  if (sourceNote) parts.push(sourceNote);
  if (s.lastError) parts.push(`last error ${s.lastError}${s.lastErrorMessage ? `: ${s.lastErrorMessage}` : ''}`);
  // While frames go some other way, why WebRTC is not carrying them.
  if (s.webrtcEnd && s.link !== 'webrtc') parts.push(`webrtc ${s.webrtcEnd.reason}: ${s.webrtcEnd.message}`);
  return parts.join(' | ');
}

/** A refused token, said in plain words: what is wrong, what to do, and what the client does now. */
export function authRefusal(code: string, message: string, cameraId: string, exiting: boolean): string {
  const what: Record<string, string> = {
    BAD_TOKEN: `The server refused the token for "${cameraId}" (BAD_TOKEN). Check --token: the capture token the server printed at start, or a token made for this camera id.`,
    REVOKED: `The token for "${cameraId}" was revoked (REVOKED). Ask an admin for a new one.`,
    TOO_MANY_ATTEMPTS: `The server is refusing this PC for now after too many wrong tokens (TOO_MANY_ATTEMPTS): ${message}`,
    FORBIDDEN: `The server does not let this token send "${cameraId}" (FORBIDDEN): ${message}`,
  };
  const next = exiting ? 'Exiting (--exit-on-auth-error).' : 'Nothing is sent meanwhile; asking again every 30 s.';
  return `${what[code] ?? `${code}: ${message}`} ${next}`;
}
