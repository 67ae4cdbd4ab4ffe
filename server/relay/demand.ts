/**
 * What each capture connection is asked to make (shared/demand.ts): H.264 while its camera records
 * or a viewer takes it as live H.264 (#30), and the client offers `h264`; the JPEG widths viewers watch it at, and motion detection's small
 * picture, while it offers `rungs`; the H.264 widths live viewers watch it at, while it offers `h264-rungs`; detector verdicts at a
 * rate while motion lasts, while it offers `detect` (#39); its sound (with the H.264, or a browser camera's microphone) while
 * the camera's sound is on and it records or a viewer listens (#40). Worked out again on a tick and sent only when it changed, so a
 * connection hears at most one `demand` per tick however often viewers come and go.
 */
import {
  DEMAND_WIDTHS_MAX,
  DETECT_RATE_MAX,
  DETECT_RATE_MIN,
  DETECT_WHERE_BOXES_MAX,
  type CaptureDemand,
  type CaptureOffer,
  type DetectWhere,
} from '../../shared/demand.js';

/** Where a camera's needs come from: the viewers (fan-out), the recorder and motion detection. */
/**
 * What one reader of a camera's tracks needs of its capture side (#56): the recorder and live viewers the
 * full-size H.264 (`live` says whether someone watches it now), live viewers a rung of it, listeners the sound,
 * motion detection a small JPEG, the detector verdicts at a rate. The demand is worked out from every reader's need.
 */
export type TrackNeed =
  | { track: 'h264'; live: boolean }
  | { track: 'h264'; width: number }
  | { track: 'sound' }
  | { track: 'jpeg'; width: number }
  | { track: 'detections'; rate: number; where?: () => WhereHints | undefined };

/** Where a detector would look (common/detect/regions.ts's LookHints): motion's and tracked objects' boxes in a `width`×`height` picture. */
export interface WhereHints {
  width: number;
  height: number;
  motion: ReadonlyArray<readonly number[]>;
  objects: ReadonlyArray<readonly number[]>;
}

export interface DemandSources {
  /** Widths (px) some viewer watches the camera at below its full picture, now. */
  viewedWidths(cameraId: string): Iterable<number>;
  /** Whether the camera's sound is on in the Admin (#40): off, its capture side is asked for none. */
  soundOn?(cameraId: string): boolean;
}

export interface DemandOptions {
  /** How often demand is worked out again; also the most often one connection hears it. Default 250 ms. */
  tickMs?: number;
}

/** One capture connection's demand, for as long as it is open. */
export interface DemandHandle {
  /** The demand last sent (NO_DEMAND-like for a client that offers nothing). */
  readonly current: CaptureDemand;
  close(): void;
}

interface Connection {
  cameraId: string;
  offers: ReadonlySet<CaptureOffer>;
  send: (demand: CaptureDemand) => void;
  /** Asks the client for a keyframe of the full-size stream, or of one rung's (the `keyframe` hint, #30); absent where the transport has none. */
  keyframe?: (rung?: number) => void;
  current: CaptureDemand;
}

const sameList = (a: readonly number[] = [], b: readonly number[] = []) => a.length === b.length && a.every((w, i) => w === b[i]);
const same = (a: CaptureDemand, b: CaptureDemand) =>
  a.h264 === b.h264 &&
  a.h264Live === b.h264Live &&
  a.units === b.units &&
  a.audio === b.audio &&
  a.sound === b.sound &&
  a.detect?.rate === b.detect?.rate &&
  sameWhere(a.detect?.where, b.detect?.where) &&
  sameList(a.widths, b.widths) &&
  sameList(a.h264Widths, b.h264Widths);

const sameBoxes = (a: DetectWhere['motion'], b: DetectWhere['motion']) => a.length === b.length && a.every((box, i) => box.every((v, j) => v === b[i]![j]));
const sameWhere = (a: DetectWhere | undefined, b: DetectWhere | undefined) =>
  a === b ||
  (a !== undefined && b !== undefined && a.width === b.width && a.height === b.height && sameBoxes(a.motion, b.motion) && sameBoxes(a.objects, b.objects));

/** Where to look, as sent: whole pixels, the largest DETECT_WHERE_BOXES_MAX boxes of each list (the readers give them largest first). */
function sentWhere(where: WhereHints): DetectWhere {
  const boxes = (list: WhereHints['motion']) =>
    list
      .slice(0, DETECT_WHERE_BOXES_MAX)
      .map((b) => [Math.round(b[0]!), Math.round(b[1]!), Math.round(b[2]!), Math.round(b[3]!)] as [number, number, number, number]);
  return { width: Math.round(where.width), height: Math.round(where.height), motion: boxes(where.motion), objects: boxes(where.objects) };
}

const ascending = (widths: Iterable<number>) => [...widths].sort((a, b) => a - b).slice(0, DEMAND_WIDTHS_MAX);

export class Demand {
  private readonly connections = new Set<Connection>();
  /** The newest connection per camera: looked up for every rung frame that comes in, so not a scan. */
  private readonly byCamera = new Map<string, Connection>();
  /** Per camera, what each of its readers needs (keyed by reader). */
  private readonly needs = new Map<string, Map<string, TrackNeed>>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly tickMs: number;

  constructor(
    private readonly sources: DemandSources,
    options: DemandOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 250;
  }

  /**
   * A capture connection with its handshake's offers: told its demand now and on each change. A
   * client that offers nothing is told nothing, so an older client never sees an event it does not know.
   */
  open(cameraId: string, offers: readonly CaptureOffer[], send: (demand: CaptureDemand) => void, keyframe?: (rung?: number) => void): DemandHandle {
    const c: Connection = { cameraId, offers: new Set(offers), send, keyframe, current: { h264: false, widths: [] } };
    if (c.offers.size === 0) return { current: c.current, close: () => {} };
    this.connections.add(c);
    this.byCamera.set(cameraId, c);
    c.current = this.of(c);
    send(c.current);
    this.timer ??= setInterval(() => this.refresh(), this.tickMs);
    (this.timer as { unref?: () => void }).unref?.();
    return {
      get current() {
        return c.current;
      },
      close: () => {
        this.connections.delete(c);
        if (this.byCamera.get(cameraId) === c) {
          // A camera taken over keeps its older connection until it is kicked: the newest left answers meanwhile.
          this.byCamera.delete(cameraId);
          for (const other of this.connections) if (other.cameraId === cameraId) this.byCamera.set(cameraId, other);
        }
        if (this.connections.size === 0) this.stop();
      },
    };
  }

  /**
   * `reader` (the recorder, live viewers, listeners, motion detection, the detector: one name per reader) needs
   * `need` of `cameraId` from now on, or nothing any more (null); told at the next tick.
   */
  read(cameraId: string, reader: string, need: TrackNeed | null): void {
    let readers = this.needs.get(cameraId);
    if (need === null) {
      readers?.delete(reader);
      if (readers?.size === 0) this.needs.delete(cameraId);
      return;
    }
    if (!readers) this.needs.set(cameraId, (readers = new Map()));
    if (need.track !== 'detections') return void readers.set(reader, need);
    const rate = Math.min(DETECT_RATE_MAX, Math.max(DETECT_RATE_MIN, need.rate));
    readers.set(reader, { ...need, rate });
  }

  /** True when the camera's capture connection on this node offers H.264. */
  offersH264(cameraId: string): boolean {
    return this.byCamera.get(cameraId)?.offers.has('h264') ?? false;
  }

  /** True when the camera's capture connection on this node offers H.264 at rung widths. */
  offersH264Rungs(cameraId: string): boolean {
    return this.byCamera.get(cameraId)?.offers.has('h264-rungs') ?? false;
  }

  /** True when the camera's capture connection on this node detects objects itself (#39): its verdicts stand for the relay's detector. */
  offersDetect(cameraId: string): boolean {
    return this.byCamera.get(cameraId)?.offers.has('detect') ?? false;
  }

  /** Passes a keyframe request for the full-size stream, or rung `rung`'s, to the camera's capture connection (rate-limited by the caller). */
  requestKeyframe(cameraId: string, rung?: number): void {
    this.byCamera.get(cameraId)?.keyframe?.(rung);
  }

  /** The widths demanded of `cameraId`'s connection now ([] when none is open or it offers no rungs). */
  widthsOf(cameraId: string): readonly number[] {
    return this.byCamera.get(cameraId)?.current.widths ?? [];
  }

  /** The H.264 rung widths demanded of `cameraId`'s connection now ([] when none is open or it offers none). */
  h264WidthsOf(cameraId: string): readonly number[] {
    return this.byCamera.get(cameraId)?.current.h264Widths ?? [];
  }

  /** Works every connection's demand out again and tells those whose demand changed. */
  refresh(): void {
    for (const c of this.connections) {
      const next = this.of(c);
      if (same(next, c.current)) continue;
      c.current = next;
      c.send(next);
    }
  }

  close(): void {
    this.connections.clear();
    this.byCamera.clear();
    this.stop();
  }

  /** What the camera's readers need, gathered by track. */
  private gathered(cameraId: string) {
    const g = {
      recording: false,
      live: false,
      listened: false,
      liveRungs: [] as number[],
      small: [] as number[],
      rate: undefined as number | undefined,
      where: undefined as (() => WhereHints | undefined) | undefined,
    };
    for (const need of this.needs.get(cameraId)?.values() ?? []) {
      if (need.track === 'h264' && 'live' in need) {
        if (need.live) g.live = true;
        else g.recording = true;
      } else if (need.track === 'h264') g.liveRungs.push(need.width);
      else if (need.track === 'sound') g.listened = true;
      else if (need.track === 'jpeg') g.small.push(need.width);
      else {
        // The fastest detections reader's rate, and its hints of where to look.
        if (g.rate === undefined || need.rate > g.rate) g.where = need.where;
        g.rate = Math.max(g.rate ?? 0, need.rate);
      }
    }
    return g;
  }

  private of(c: Connection): CaptureDemand {
    const g = this.gathered(c.cameraId);
    // Sound comes with the H.264 (an IP camera's AAC from the same copy, #29): a listener alone asks for both, live.
    const sound = this.sources.soundOn?.(c.cameraId) ?? false;
    const live = g.live || (sound && g.listened);
    const h264 = c.offers.has('h264') && (g.recording || live);
    // A client that sends H.264 always hears whether to send sound: an older relay's silence meant "yes".
    // A browser camera's microphone (#40) sends no H.264: it is asked for sound while someone listens or its camera records.
    const mic = !c.offers.has('h264') && c.offers.has('mic');
    const heard = g.listened || g.recording;
    const audio = c.offers.has('h264') ? { audio: sound && h264 } : mic ? { audio: sound && heard, sound } : {};
    // Only a client that offers H.264 rungs hears of them: an older one's demand stays as it was.
    const rungs = c.offers.has('h264-rungs') ? { h264Widths: ascending(new Set(g.liveRungs)) } : {};
    // A client that sends units hears that batches are taken (#38), and whether anyone watches the main stream live:
    // recording alone may wait a moment for a fuller batch.
    const sendsUnits = c.offers.has('h264') || c.offers.has('h264-rungs') || c.offers.has('detect') || mic;
    const units = sendsUnits ? { units: true, jpegUnits: true, ...(h264 ? { h264Live: live } : {}) } : {};
    // Only a client that detects hears `detect`, always (null when nothing is asked): an older one's demand stays as it was.
    // Where to look is read here, at most once a tick, not on each frame that moves it.
    const where = g.where?.();
    const detect = c.offers.has('detect') ? { detect: g.rate === undefined ? null : { rate: g.rate, ...(where ? { where: sentWhere(where) } : {}) } } : {};
    if (!c.offers.has('rungs')) return { h264, widths: [], ...rungs, ...units, ...detect, ...audio };
    const widths = new Set(this.sources.viewedWidths(c.cameraId));
    for (const w of g.small) widths.add(w);
    return { h264, widths: ascending(widths), ...rungs, ...units, ...detect, ...audio };
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
