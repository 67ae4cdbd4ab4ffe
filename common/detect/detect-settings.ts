/**
 * A camera's object detection settings (#39): whether it detects, how often while motion lasts,
 * which labels it follows, the score and size a box needs per label, its zones (each with an
 * optional loitering time), how long an object stands still before it is stationary, and which of its
 * events the review page calls alerts (#57), and whether it reads plates and faces (#58): their
 * types, bounds and defaults, and how a label is followed. Pure. The check of a value sent is
 * detect-settings-check.ts's.
 */
import { COCO_LABELS, type CocoLabel } from './coco-labels.js';

/** Names a camera may follow that stand for several labels. */
export const LABEL_GROUPS = {
  vehicle: ['car', 'truck', 'bus', 'motorcycle', 'bicycle'],
  animal: ['bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'bear'],
} as const satisfies Record<string, readonly CocoLabel[]>;
export type LabelGroup = keyof typeof LABEL_GROUPS;
/** A COCO label or a group name: what `labels` and `filters` take. */
export type TrackedName = CocoLabel | LabelGroup;
export const TRACKED_NAMES: readonly TrackedName[] = [...COCO_LABELS, ...(Object.keys(LABEL_GROUPS) as LabelGroup[])];

export const MAX_ZONES = 16;
export const MAX_ZONE_POINTS = 32;
export const ZONE_NAME_MAX = 40;
/** Detector runs per second while motion lasts: NanoDet costs ~150 ms of CPU per frame on tfjs-wasm (docs/detection.md), so 5/s is most of a core. */
export const RATE_LIMITS: readonly [number, number] = [0.2, 5];
/** Seconds an object stands still before it is stationary: 5 s would quiet a person pausing at a door, an hour a car in for the day. */
export const STATIONARY_LIMITS: readonly [number, number] = [5, 3600];
/** Seconds of a zone's loitering time: a second is a glance, a day is no longer loitering. */
export const LOITER_LIMITS: readonly [number, number] = [1, 86_400];

/** A point of a zone, in fractions of the picture's width and height (0-1), as motion masks are. */
export interface ZonePoint {
  x: number;
  y: number;
}

/** A named polygon drawn on the picture ("Driveway"); objects standing in it are "in" it. */
export interface Zone {
  name: string;
  points: ZonePoint[];
  /** An object in the zone longer than this raises its own alert, once per stay ("Person in Driveway for 30 s"); left out: none. */
  loiterSeconds?: number;
}

/** What a box of one label (or group) needs to count. */
export interface LabelFilter {
  /** Lowest detector score, 0-1. */
  minScore: number;
  /** Smallest box, in % of the picture's area (0: any size). */
  minAreaPercent: number;
}

export interface DetectSettings {
  enabled: boolean;
  /** Detector runs per second while motion lasts. */
  rate: number;
  /** Labels and groups followed; boxes of any other label are ignored. */
  labels: TrackedName[];
  /** Per label or group; a label's own entry wins over its group's, and either over the defaults. */
  filters: Partial<Record<TrackedName, Partial<LabelFilter>>>;
  zones: Zone[];
  /** Seconds an object stays within a fifth of its size of where it stopped before it is stationary: no new events while it stays. */
  stationarySeconds: number;
  /** What makes an event an alert rather than a detection on the review page. */
  alerts: AlertRule;
  /** Read the plates of vehicles it follows (#58): off unless the owner turns it on (docs/faces-and-plates.md, privacy). */
  plates: boolean;
  /** Recognise the faces of people it follows (#58): off unless the owner turns it on (docs/faces-and-plates.md, privacy). */
  faces: boolean;
}

/**
 * Which events the review page calls alerts (#57 item 4, as Frigate's review.alerts): one of its objects
 * is (or is followed as) one of `labels`, and was in one of `zones` when any are named (alert-rule.ts checks the names).
 */
export interface AlertRule {
  labels: TrackedName[];
  /** Names of the camera's zones; empty: anywhere in the picture. */
  zones: string[];
}

/** Stationary after 30 s, the tracker's figure since #39: a person waiting at a door stays news that long. */
export const DETECT_DEFAULTS: DetectSettings = {
  enabled: false,
  rate: 2,
  labels: ['person', 'car'],
  filters: {},
  zones: [],
  stationarySeconds: 30,
  // People and cars are what an owner is told of first; the rest stays in detections.
  alerts: { labels: ['person', 'car'], zones: [] },
  plates: false,
  faces: false,
};

/**
 * Minimum scores when a camera sets none, from the scores measured on test/fixtures/detect (NanoDet,
 * docs/detection.md): people seen whole score 0.72, a jockey half hidden by his horse 0.49, the
 * great dane taken for a person 0.35; whole taxis 0.58-0.66, a half-hidden one 0.49, far-off
 * fragments of cars 0.25-0.37. 0.45 keeps every real person and car and drops the rest. Noise and
 * test patterns give other labels up to 0.44 (research notes), so every other label needs 0.5.
 */
const DEFAULT_MIN_SCORE: Partial<Record<TrackedName, number>> = { person: 0.45, vehicle: 0.45 };
const OTHER_MIN_SCORE = 0.5;
/** No size floor by default: the model already misses objects under ~20 px of its 416 px input. */
const DEFAULT_MIN_AREA_PERCENT = 0;

/** The group a label belongs to, if any. */
export function groupOf(label: CocoLabel): LabelGroup | null {
  for (const [group, members] of Object.entries(LABEL_GROUPS) as [LabelGroup, readonly CocoLabel[]][]) {
    if (members.includes(label)) return group;
  }
  return null;
}

/** The name in `labels` that makes `label` followed (itself before its group), or null when it is not followed. */
export function trackedAs(label: CocoLabel, labels: readonly TrackedName[]): TrackedName | null {
  if (labels.includes(label)) return label;
  const group = groupOf(label);
  return group && labels.includes(group) ? group : null;
}

/** The score and size a box of `label` needs under `settings`. */
export function filterFor(label: CocoLabel, settings: Pick<DetectSettings, 'filters'>): LabelFilter {
  const group = groupOf(label);
  const own = settings.filters[label];
  const shared = group ? settings.filters[group] : undefined;
  return {
    minScore: own?.minScore ?? shared?.minScore ?? DEFAULT_MIN_SCORE[label] ?? (group && DEFAULT_MIN_SCORE[group]) ?? OTHER_MIN_SCORE,
    minAreaPercent: own?.minAreaPercent ?? shared?.minAreaPercent ?? DEFAULT_MIN_AREA_PERCENT,
  };
}

/** Twice the signed area of a polygon (shoelace), in fractions of the picture. */
export function polygonArea(points: readonly ZonePoint[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    sum += a.x * b.y - b.x * a.y;
  }
  return Math.abs(sum) / 2;
}
