/**
 * The HTTP fallback's stand-in for a capture connection (#38): a camera that sends by POST and offers something (the
 * `x-camrelay-offers` header) gets a session for as long as its POSTs keep coming, which holds what a Socket.IO
 * connection holds: its demand (server/relay/demand.ts, so the relay asks it for H.264 as it would a connection) and its
 * unit takers (server/relay/unit-takers.ts, one rising seq per stream). Each POST's answer carries the demand, so a
 * camera hears a change within one frame's interval and no request of its own. A new run (another session id) or new
 * offers get a new session, as a new connection would; one silent for `idleMs` is closed, as a dropped connection is.
 */
import { CAPTURE_OFFERS, type CaptureDemand, type CaptureOffer } from '../../../shared/demand.js';
import { CamrelayError } from '../../../shared/errors.js';
import type { UnitKind } from '../../../shared/units.js';
import type { Relay } from '../../relay/relay.js';
import type { DemandHandle } from '../../relay/demand.js';
import { unitTakers, type UnitTaker } from '../../relay/unit-takers.js';

/** A camera silent this long by POST is gone (a connection's ping timeout is about 25 s; frames come several a second). */
export const HTTP_SESSION_IDLE_MS = 10_000;
/** The offers header, at most: eight short names and their commas. */
const OFFERS_HEADER_MAX = 200;
const OFFERS_MAX = 8;

export interface HttpSession {
  readonly demand: DemandHandle;
  readonly takers: Record<UnitKind, UnitTaker>;
}

interface Held extends HttpSession {
  key: string;
  timer: ReturnType<typeof setTimeout>;
}

/** The offers a POST names (`h264,h264-rungs`), bounded before they are split; a name the relay does not know is BAD_OFFERS. */
export function readOffers(header: unknown): CaptureOffer[] | CamrelayError {
  if (header === undefined || header === '') return [];
  if (typeof header !== 'string' || header.length > OFFERS_HEADER_MAX) return new CamrelayError('BAD_OFFERS');
  const names = header.split(',').map((n) => n.trim());
  const known = (n: string): n is CaptureOffer => (CAPTURE_OFFERS as readonly string[]).includes(n);
  if (names.length > OFFERS_MAX || !names.every(known)) return new CamrelayError('BAD_OFFERS');
  return [...new Set(names)];
}

export class HttpCaptureSessions {
  private readonly sessions = new Map<string, Held>();

  constructor(
    private readonly relay: Relay,
    private readonly idleMs = HTTP_SESSION_IDLE_MS,
  ) {}

  /**
   * The session of `cameraId`'s run `runSession` with these offers, opened or kept alive by this POST; null for a POST
   * that offers nothing (it is told no demand, as a connection that offers nothing is) or when the relay has no room.
   */
  touch(cameraId: string, named: readonly CaptureOffer[], runSession: string | undefined): HttpSession | null {
    // A JPEG rung cannot come by POST (the frames route has no rung): its widths are never asked here.
    const offers = named.filter((o) => o !== 'rungs');
    const held = this.sessions.get(cameraId);
    const key = `${[...offers].sort().join(',')} ${runSession ?? ''}`;
    if (held?.key === key) {
      held.timer.refresh();
      return held;
    }
    if (held) this.end(cameraId, held);
    if (offers.length === 0 || !this.relay.admission.hasRoomFor(cameraId)) return null;
    // By POST the demand is read from the session at each answer: nothing to send, no keyframe hint to pass.
    const demand = this.relay.cameraSide.demand.open(cameraId, offers, () => {});
    const takers = unitTakers(this.relay, cameraId, offers.includes('h264'));
    if (offers.includes('h264') && offers.includes('h264-rungs')) this.relay.cameraSide.intake.offered(cameraId, true);
    const timer = setTimeout(() => this.end(cameraId, session), this.idleMs);
    timer.unref();
    const session: Held = { key, demand, takers, timer };
    this.sessions.set(cameraId, session);
    return session;
  }

  /** The demand of `cameraId`'s open session, or null. */
  demandOf(cameraId: string): CaptureDemand | null {
    return this.sessions.get(cameraId)?.demand.current ?? null;
  }

  close(): void {
    for (const [cameraId, held] of this.sessions) this.end(cameraId, held);
  }

  private end(cameraId: string, held: Held): void {
    clearTimeout(held.timer);
    held.demand.close();
    if (this.sessions.get(cameraId) === held) this.sessions.delete(cameraId);
  }
}
