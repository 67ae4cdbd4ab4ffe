/**
 * Prometheus metrics (prom-client), on a registry of this server's own (tests start many servers).
 * Counters are fed by the relay as frames move; gauges are read from the relay at scrape time.
 */
import type { Express, Request } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CAMERA_STATUSES, LINKS, type CameraInfo, type Transport } from '../../shared/protocol.js';
import { CamrelayError } from '../../shared/errors.js';
import type { Authenticator } from '../auth/authenticator.js';
import { tokenMatches } from '../auth/capture-token.js';
import { sendError } from '../http/http-errors.js';
import type { Frame } from '../relay/frame.js';
import type { LiveH264Counts } from '../relay/live-h264.js';
import type { DropReason, RelayObserver } from '../relay/observer.js';
import type { RenditionCounts } from '../relay/renditions.js';

/**
 * How often the event-loop delay histogram samples (ms). Node records each sample as the whole time
 * between two timer firings, this interval included, so `camrelay_nodejs_eventloop_lag_{min,max,mean,p50,p90,p99}_seconds`
 * read about 0.1 s on an idle relay: the delay the loop added is the figure less this interval.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

/** What the gauges read at scrape time: this node's cameras and its viewers. */
export interface MetricsSource {
  cameras(): CameraInfo[];
  viewers(): Array<{ transport: Transport }>;
  /** Renditions made, dropped (the resizer busy) and failed, per rung. */
  renditions(): RenditionCounts[];
  /** Live H.264 to viewers (#30): its counts since start, and the viewer–camera pairs taking it now. */
  liveH264(): { counts: LiveH264Counts; viewers: number };
}

/** Refusal codes grouped into the reasons an operator cares about. */
const REFUSAL_REASON: Record<string, string> = {
  FRAME_TOO_LARGE: 'too_large',
  NOT_JPEG: 'invalid',
  BAD_FRAME_META: 'invalid',
  BAD_CONTENT_TYPE: 'invalid',
  STALE_FRAME: 'stale',
  RATE_LIMITED: 'fps_limit',
  SOUND_TOO_FAST: 'sound_ahead',
};

export class Metrics implements RelayObserver {
  readonly registry = new Registry();
  private readonly framesIn: Counter<'camera' | 'link'>;
  private readonly bytesIn: Counter<'camera'>;
  private readonly framesOut: Counter<'camera' | 'transport'>;
  private readonly bytesOut: Counter<'camera' | 'transport'>;
  private readonly droppedFrames: Counter<'reason'>;
  private readonly refusals: Counter<'code'>;
  private readonly latency: Histogram<'transport'>;
  private readonly latencyChildren = new Map<Transport, { observe(v: number): void }>();
  private readonly out = new Map<string, Map<Transport, { frames: number; bytes: number }>>();

  constructor(source: MetricsSource) {
    const registers = [this.registry];
    // The event-loop delay histogram samples every 100 ms instead of prom-client's 10: a timer firing
    // 100 times a second was most of an idle server's CPU (6 ms/s, now about 2).
    collectDefaultMetrics({ register: this.registry, prefix: 'camrelay_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
    this.framesIn = new Counter({ name: 'camrelay_frames_in_total', help: 'Frames accepted from capture clients.', labelNames: ['camera', 'link'], registers });
    this.bytesIn = new Counter({ name: 'camrelay_bytes_in_total', help: 'JPEG bytes accepted from capture clients.', labelNames: ['camera'], registers });
    // Per delivery (per frame per viewer) only plain numbers are added up; the labelled series are
    // built at scrape time, so no label hashing runs on the hot path.
    const out = this.out;
    const outCounter = (name: string, help: string, field: 'frames' | 'bytes') =>
      new Counter({
        name,
        help,
        labelNames: ['camera', 'transport'],
        registers,
        collect() {
          this.reset();
          for (const [camera, byTransport] of out) for (const [transport, t] of byTransport) this.inc({ camera, transport }, t[field]);
        },
      });
    this.refusals = new Counter({
      name: 'camrelay_refusals_total',
      help: 'Capture handshakes and Socket.IO connections refused (tokens, handshake limits), by error code.',
      labelNames: ['code'],
      registers,
    });
    this.framesOut = outCounter('camrelay_frames_out_total', 'Frames taken by viewers.', 'frames');
    this.bytesOut = outCounter('camrelay_bytes_out_total', 'JPEG bytes taken by viewers.', 'bytes');
    this.droppedFrames = new Counter({
      name: 'camrelay_frames_dropped_total',
      help: 'Frames dropped: replaced for a slow viewer, or refused (too large, invalid, stale).',
      labelNames: ['reason'],
      registers,
    });
    this.latency = new Histogram({
      name: 'camrelay_delivery_latency_seconds',
      help: 'From a frame arriving at the server to a viewer taking it.',
      labelNames: ['transport'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    // Gauges read the source at scrape time; inside `collect`, `this` is the gauge itself.
    new Gauge({
      name: 'camrelay_capture_clients',
      help: 'Cameras sending right now, by the link their frames arrive on.',
      labelNames: ['link'],
      registers,
      collect() {
        this.reset();
        for (const cam of source.cameras()) if (cam.ingest) this.inc({ link: cam.ingest });
      },
    });
    new Gauge({
      name: 'camrelay_viewers',
      help: 'Viewers connected, by transport.',
      labelNames: ['transport'],
      registers,
      collect() {
        this.reset();
        for (const v of source.viewers()) this.inc({ transport: v.transport });
      },
    });
    new Gauge({
      name: 'camrelay_cameras',
      help: 'Known cameras, by status.',
      labelNames: ['status'],
      registers,
      collect() {
        this.reset();
        for (const status of CAMERA_STATUSES) this.set({ status }, 0);
        for (const cam of source.cameras()) this.inc({ status: cam.status });
      },
    });
    // Read from the relay's own counts at scrape time: nothing is added on the resize path.
    for (const [name, help, field] of [
      ['camrelay_renditions_total', 'Renditions made (resized frames), by rung width.', 'made'],
      ['camrelay_renditions_dropped_total', 'Frames not resized because a newer one came while the resizer was busy, by rung width.', 'dropped'],
      ['camrelay_renditions_supplied_total', 'Renditions the camera side made and the relay passed on untouched, by rung width.', 'supplied'],
      [
        'camrelay_renditions_fallbacks_total',
        'Times the camera side stopped sending a demanded rung for over 2 s and the relay resized it again.',
        'fallbacks',
      ],
    ] as const) {
      new Counter({
        name,
        help,
        labelNames: ['rung'],
        registers,
        collect() {
          this.reset();
          for (const c of source.renditions()) this.inc({ rung: String(c.rung) }, c[field]);
        },
      });
    }
    liveH264Metrics(registers, source);
  }

  frameIn(frame: Frame): void {
    this.framesIn.inc({ camera: frame.cameraId, link: frame.link });
    this.bytesIn.inc({ camera: frame.cameraId }, frame.jpeg.length);
  }

  refused(code: string): void {
    this.droppedFrames.inc({ reason: REFUSAL_REASON[code] ?? 'invalid' });
  }

  /** A refused handshake or request (every one is counted, even when its log line is summed up). */
  refusal(code: string): void {
    this.refusals.inc({ code });
  }

  delivered(frame: Frame, transport: Transport, ms: number): void {
    let byTransport = this.out.get(frame.cameraId);
    if (!byTransport) this.out.set(frame.cameraId, (byTransport = new Map()));
    let totals = byTransport.get(transport);
    if (!totals) byTransport.set(transport, (totals = { frames: 0, bytes: 0 }));
    totals.frames++;
    totals.bytes += frame.jpeg.length;
    let latency = this.latencyChildren.get(transport);
    if (!latency) this.latencyChildren.set(transport, (latency = this.latency.labels(transport)));
    latency.observe(ms / 1000);
  }

  forgotten(cameraId: string): void {
    this.out.delete(cameraId);
    this.bytesIn.remove({ camera: cameraId });
    for (const link of LINKS) this.framesIn.remove({ camera: cameraId, link });
  }

  dropped(_cameraId: string, reason: DropReason): void {
    this.droppedFrames.inc({ reason });
  }
}

/** Live H.264's series, read from its own counts at scrape time: nothing is added per unit here. */
function liveH264Metrics(registers: Registry[], source: MetricsSource): void {
  for (const [name, help, field] of [
    ['camrelay_h264_units_out_total', 'H.264 access units sent to live viewers.', 'sent'],
    ['camrelay_h264_bytes_out_total', 'H.264 bytes sent to live viewers.', 'bytes'],
    ['camrelay_h264_skips_total', 'Times a slow H.264 viewer skipped its waiting units to the next keyframe.', 'skipped'],
    ['camrelay_h264_keyframe_requests_total', 'Keyframe requests sent to capture sides (at most one per camera per 2 s).', 'keyframes'],
  ] as const) {
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(source.liveH264().counts[field]);
      },
    });
  }
  new Gauge({
    name: 'camrelay_h264_viewers',
    help: 'Viewer and camera pairs taking live H.264 on this node now.',
    registers,
    collect() {
      this.set(source.liveH264().viewers);
    },
  });
}

/**
 * `GET /metrics`: for `Authorization: Bearer <CAMRELAY_METRICS_TOKEN>` (Prometheus), or a signed-in
 * admin. Viewers get nothing: the series name every camera, and a viewer may see only some.
 */
export function attachMetrics(app: Express, metrics: Metrics, token: string | undefined, auth: Authenticator): void {
  const allowed = async (req: Request) => {
    const header = req.headers.authorization;
    if (token && tokenMatches(header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined, token)) return true;
    if (header?.startsWith('Bearer ')) return false;
    const who = await auth.fromHeaders(req.headers, req.ip ?? '');
    return who.ok && who.value.role === 'admin';
  };
  app.get('/metrics', async (req, res) => {
    if (!(await allowed(req))) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="camrelay metrics"');
      return sendError(res, new CamrelayError('BAD_TOKEN', 'The metrics token (CAMRELAY_METRICS_TOKEN) is missing or wrong.'));
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
}
