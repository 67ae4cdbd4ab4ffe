/**
 * Whether a camera's capture connection holds it against a newcomer that asked to wait (`standby`,
 * what an unattended capture program asks). Two programs reading one camera under one id used to
 * take it from each other in a loop: the one taken over ended, was started again (by the relay's
 * IP-camera backoff, a service manager) and took it back, each time a new capture session, a stall
 * and a reconnect for every viewer and recorder (#37 item 8). Pure.
 */

/** A connection that sent a frame this recently is live and holds its camera (a few missed frames are no reason to let go). */
export const HOLD_MS = 5000;

export interface Holder {
  /** The capture session of the connection that has the camera now. */
  session: string | undefined;
  /** When the camera's last frame came (server clock), or null before any. */
  lastFrameAt: number | null;
}

/**
 * True when `holder` keeps the camera from a standby newcomer of session `session`: it is live, and
 * of another run (the same run reconnecting takes its own camera back, as it always did: its old
 * connection is a half-dead one it left behind).
 */
export function holdsCamera(holder: Holder | undefined, session: string | undefined, now: number): boolean {
  if (!holder || holder.lastFrameAt === null || now - holder.lastFrameAt > HOLD_MS) return false;
  return session === undefined || holder.session !== session;
}
