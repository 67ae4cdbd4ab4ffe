/**
 * Which of a frame's detections count for a camera: a followed label (or group), a score and a box
 * size at least its minimum, and the zones each one is in. Pure; the detections may have come over
 * the network from a capture side, so each is checked and at most MAX_DETECTIONS are read.
 */
import { COCO_LABELS, type CocoLabel } from './coco-labels.js';
import { filterFor, trackedAs, type DetectSettings, type TrackedName, type ZonePoint } from './detect-settings.js';
import type { Detection } from './nanodet-decode.js';

/** At most this many detections of one frame are looked at (the decoder gives at most 100). */
export const MAX_DETECTIONS = 100;

/** A detection that counts: the name it is followed as (`vehicle` for a truck, say) and the zones it is in. */
export interface CountedDetection extends Detection {
  tracked: TrackedName;
  /** Names of the camera's zones it is in, in the settings' order. */
  zones: string[];
}

/** The picture the boxes are in, in pixels. */
export interface FrameSize {
  width: number;
  height: number;
}

const isLabel = (v: unknown): v is CocoLabel => typeof v === 'string' && (COCO_LABELS as readonly string[]).includes(v);

/** A detection with a known label, a score in 0-1 and a finite box of positive size. */
function wellFormed(d: unknown): d is Detection {
  if (typeof d !== 'object' || d === null) return false;
  const { label, score, box } = d as Partial<Detection>;
  if (!isLabel(label) || typeof score !== 'number' || !(score >= 0 && score <= 1)) return false;
  if (!Array.isArray(box) || box.length !== 4 || !box.every((v) => typeof v === 'number' && Number.isFinite(v))) return false;
  return box[2] > 0 && box[3] > 0;
}

/** Even-odd ray casting: true when (x, y) is inside the polygon (points on an edge may go either way). */
export function insidePolygon(x: number, y: number, points: readonly ZonePoint[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i]!;
    const b = points[j]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/**
 * The zones a box is in. A box is in a zone when its bottom-centre point is: that is where a person
 * stands or a car touches the ground, so a person walking past the driveway's far edge, whose head
 * overlaps the drawn driveway, is not in it, and one standing on it is (the rule Frigate uses too).
 */
export function zonesOf(box: Detection['box'], frame: FrameSize, zones: DetectSettings['zones']): string[] {
  const x = (box[0] + box[2] / 2) / frame.width;
  const y = (box[1] + box[3]) / frame.height;
  return zones.filter((z) => insidePolygon(x, y, z.points)).map((z) => z.name);
}

/**
 * The detections of one frame that count under `settings`, best first as given. A box's size is its
 * area in % of the picture's; `frame` is the picture the boxes' pixels are in. Malformed entries and
 * those past MAX_DETECTIONS are left out.
 */
export function countDetections(raw: readonly unknown[], settings: Pick<DetectSettings, 'labels' | 'filters' | 'zones'>, frame: FrameSize): CountedDetection[] {
  if (!(frame.width > 0 && frame.height > 0 && Number.isFinite(frame.width * frame.height))) return [];
  const area = frame.width * frame.height;
  const counted: CountedDetection[] = [];
  for (const d of raw.slice(0, MAX_DETECTIONS)) {
    if (!wellFormed(d)) continue;
    const tracked = trackedAs(d.label, settings.labels);
    if (!tracked) continue;
    const { minScore, minAreaPercent } = filterFor(d.label, settings);
    if (d.score < minScore || ((d.box[2] * d.box[3]) / area) * 100 < minAreaPercent) continue;
    counted.push({ label: d.label, score: d.score, box: [...d.box], tracked, zones: zonesOf(d.box, frame, settings.zones) });
  }
  return counted;
}
