/** What a camera sender counts, the same for the capture client and the browser camera (its status line reads it). */
import type { Link } from '../../shared/protocol.js';

export interface CaptureStats {
  produced: number;
  sent: number;
  acked: number;
  /** Frames not sent: replaced by newer ones, or no transport could take them. */
  dropped: number;
  /** Frames the server answered with an error, or that timed out. */
  failed: number;
  rttMs: number | null;
  link: Link | null;
  reconnects: number;
  /** The code of the last failure (NETWORK, TIMEOUT, BAD_TOKEN...), and its message: a code alone tells a person too little. */
  lastError: string | null;
  lastErrorMessage: string | null;
  /** Why the last upgrade ended (an abandon reason), or why none can start (an error code); WebRTC is the one upgrade. */
  webrtcEnd: { reason: string; message: string } | null;
  /**
   * Why the connection is down on purpose, e.g. `to offer H.264`: a reconnect the sender chose, until the
   * connection is back or the reconnect fails. The status line says this instead of "no link" meanwhile.
   */
  relink?: string | null;
}

/** Every count at zero: what a camera sender starts from. */
export function newCaptureStats(): CaptureStats {
  return {
    produced: 0,
    sent: 0,
    acked: 0,
    dropped: 0,
    failed: 0,
    rttMs: null,
    link: null,
    reconnects: 0,
    lastError: null,
    lastErrorMessage: null,
    webrtcEnd: null,
    relink: null,
  };
}
