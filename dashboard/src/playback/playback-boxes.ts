/**
 * The detector's boxes over a recording (#56 item 5): the looks the recorder kept beside the segment
 * played (`GET /api/cameras/<id>/looks`), drawn as a live tile draws them (snapshot-boxes.ts): the
 * latest look at or before the moment on screen, while within LIVE_OBJECTS_SHOWN_MS of it. A toggle
 * beside the sound's, remembered in this browser, as the live tile's is.
 */
import { LIVE_OBJECTS_SHOWN_MS, type RecordedLook, type RecordedLooks } from '../../../shared/live-objects.js';
import type { Segment } from '../../../shared/segments.js';
import type { ApiResult } from '../api.js';
import { el } from '../dom.js';
import { icon } from '../icons.js';
import { readStored, writeStored } from '../local-store.js';
import { boxNodes } from './snapshot-boxes.js';

const KEY = 'camrelay.playback.boxes';
/** The relay gives at most an hour of looks per request: a longer segment shows its first hour's. */
const RANGE_MAX_MS = 3_600_000;
/** A segment still being written gains looks: asked for again at most this often while its end plays. */
const FOLLOW_MS = 2000;

/** The latest look at or before `t` (looks oldest first), or null. */
export function lookAt(looks: readonly RecordedLook[], t: number): RecordedLook | null {
  let lo = 0;
  let hi = looks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (looks[mid]!.at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? looks[lo - 1]! : null;
}

/** The look whose boxes show at `t`: the latest at or before it, unless it is older than the live tile's shown window or empty. */
export function shownAt(looks: readonly RecordedLook[], t: number): RecordedLook | null {
  const look = lookAt(looks, t);
  return look && t - look.at < LIVE_OBJECTS_SHOWN_MS && look.boxes.length > 0 ? look : null;
}

interface Loaded {
  segment: string;
  to: number;
  at: number;
  looks: RecordedLook[];
}

export class PlaybackBoxes {
  readonly button = el('button', 'bar-button', 'playback-boxes');
  readonly layer = el('div', 'ev-boxes', 'playback-boxes-layer');
  private on = readStored(KEY) === 'on';
  private camera: string | null = null;
  private loaded: Loaded | null = null;
  private asking: string | null = null;
  private drawn: { look: RecordedLook; width: number; height: number } | null = null;
  private last: { segment: Segment | null; t: number | null } = { segment: null, t: null };

  constructor(private readonly get: <T>(path: string) => Promise<ApiResult<T>>) {
    this.button.type = 'button';
    this.layer.setAttribute('aria-hidden', 'true');
    this.button.addEventListener('click', () => {
      this.on = !this.on;
      writeStored(KEY, this.on ? 'on' : null);
      this.apply();
      this.show(this.last.segment, this.last.t);
    });
    this.apply();
    // A phone turned, a window resized: the boxes are placed again for the screen's new shape (the picture may get bars).
    new ResizeObserver(() => this.show(this.last.segment, this.last.t)).observe(this.layer);
  }

  /** Turns the boxes on, as the toggle does (the review page plays a moment with its boxes, #57). */
  turnOn(): void {
    if (this.on) return;
    this.on = true;
    writeStored(KEY, 'on');
    this.apply();
    this.show(this.last.segment, this.last.t);
  }

  /** Another camera: the looks loaded were the old one's. */
  setCamera(camera: string | null): void {
    if (camera === this.camera) return;
    this.camera = camera;
    this.loaded = null;
    this.clear();
  }

  /** The moment `t` of `segment` is on screen (null: nothing): its boxes are drawn when the toggle is on. */
  show(segment: Segment | null, t: number | null): void {
    this.last = { segment, t };
    if (!this.on || !segment || t === null || !this.camera) return this.clear();
    const loaded = this.loaded?.segment === segment.id ? this.loaded : null;
    const stale = loaded && segment.state === 'open' && t > loaded.to - LIVE_OBJECTS_SHOWN_MS && Date.now() - loaded.at > FOLLOW_MS;
    if (!loaded || stale) void this.load(this.camera, segment);
    const look = loaded ? shownAt(loaded.looks, t) : null;
    if (!look) return this.clear();
    const { offsetWidth: width, offsetHeight: height } = this.layer;
    if (!(width > 0 && height > 0)) return;
    const d = this.drawn;
    if (d && d.look === look && d.width === width && d.height === height) return;
    // The layer is the screen's box and the video fits the picture in it (object-fit: contain), as a live tile's canvas does.
    this.layer.replaceChildren(...boxNodes(look, width / height, 'contain', 'playback-box'));
    this.layer.dataset.at = String(look.at);
    this.drawn = { look, width, height };
  }

  private async load(camera: string, segment: Segment): Promise<void> {
    const key = `${camera}/${segment.id}`;
    if (this.asking === key) return;
    this.asking = key;
    const to = Math.min(segment.end + 1, segment.start + RANGE_MAX_MS);
    const at = Date.now();
    const r = await this.get<RecordedLooks>(`/api/cameras/${encodeURIComponent(camera)}/looks?from=${segment.start}&to=${to}`);
    this.asking = null;
    if (camera !== this.camera) return;
    // No looks (or an older relay without the route): nothing is drawn, and the recording plays on.
    this.loaded = { segment: segment.id, to, at, looks: r.ok && Array.isArray(r.body.looks) ? r.body.looks : [] };
    this.layer.dataset.segment = segment.id;
    this.show(this.last.segment, this.last.t);
  }

  private clear(): void {
    if (!this.drawn && this.layer.childElementCount === 0) return;
    this.drawn = null;
    this.layer.replaceChildren();
    delete this.layer.dataset.at;
  }

  private apply(): void {
    this.button.replaceChildren(icon('boxes'), this.on ? ' Boxes on' : ' Boxes off');
    this.button.setAttribute('aria-pressed', String(this.on));
    const label = this.on ? 'Hide the detected objects' : 'Show the objects the detector saw, at their times';
    this.button.setAttribute('aria-label', label);
    this.button.title = label;
  }
}
