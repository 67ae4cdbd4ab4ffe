/**
 * A camera's object detection settings (#39): whether it detects, how often while motion lasts,
 * which labels it follows, the score and size a box needs per label, its zones (each with an
 * optional loitering time), how long an object stands still before it is stationary, and which of its
 * events the review page calls alerts (#57). Pure: the relay
 * and the capture program check the same value with the same words. A bad value is refused with
 * BAD_DETECT_SETTINGS, naming the field and why; arrays and strings are bounded before zod reads them.
 */
import { z } from 'zod';
import { CamrelayError } from '../../shared/errors.js';
import { nameRefusal } from '../../shared/names.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { alertZones } from './alert-rule.js';
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

const fraction = z
  .number({ error: 'must be a number' })
  .min(0, { error: 'must be a fraction from 0 to 1' })
  .max(1, { error: 'must be a fraction from 0 to 1' });
const nameText = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: `must be 1-${ZONE_NAME_MAX} characters` })
  .max(ZONE_NAME_MAX, { error: `must be 1-${ZONE_NAME_MAX} characters` });
const point = z.strictObject({ x: fraction, y: fraction }, { error: 'must be a point {x, y}' });
/** A number of seconds within [min, max], said the same way for every field. */
const seconds = ([min, max]: readonly [number, number]) =>
  z
    .number({ error: 'must be a number' })
    .min(min, { error: `must be from ${min} to ${max} seconds` })
    .max(max, { error: `must be from ${min} to ${max} seconds` });
const zone = z.strictObject(
  {
    name: nameText,
    points: z.array(point, { error: 'must be a list of points' }).min(3, { error: 'must have at least 3 points' }),
    loiterSeconds: seconds(LOITER_LIMITS).optional(),
  },
  { error: 'must be a zone {name, points, loiterSeconds?}' },
);
const trackedName = z.enum(TRACKED_NAMES as [TrackedName, ...TrackedName[]], {
  error: `must be a COCO label (common/detect/coco-labels.ts) or a group: ${Object.keys(LABEL_GROUPS).join(', ')}`,
});
const filter = z.strictObject(
  {
    minScore: z
      .number({ error: 'must be a number' })
      .min(0.05, { error: 'must be a score from 0.05 to 1' })
      .max(1, { error: 'must be a score from 0.05 to 1' }),
    minAreaPercent: z.number({ error: 'must be a number' }).min(0, { error: 'must be a % from 0 to 100' }).max(100, { error: 'must be a % from 0 to 100' }),
  },
  { error: 'must be {minScore?, minAreaPercent?}' },
);
const [rateMin, rateMax] = RATE_LIMITS;
const schema = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }),
  rate: z
    .number({ error: 'must be a number' })
    .min(rateMin, { error: `must be from ${rateMin} to ${rateMax} per second` })
    .max(rateMax, {
      error: `must be from ${rateMin} to ${rateMax} per second`,
    }),
  labels: z.array(trackedName, { error: 'must be a list of labels' }).min(1, { error: 'must name at least one label (person, vehicle…)' }),
  filters: z.partialRecord(trackedName, filter.partial(), { error: 'must be an object of labels' }),
  zones: z.array(zone, { error: 'must be a list of zones' }),
  stationarySeconds: seconds(STATIONARY_LIMITS),
  alerts: z.strictObject(
    { labels: z.array(trackedName, { error: 'must be a list of labels' }), zones: z.array(nameText, { error: 'must be a list of zone names' }) },
    { error: 'must be {labels, zones}' },
  ),
  plates: z.boolean({ error: 'must be true or false' }),
  faces: z.boolean({ error: 'must be true or false' }),
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sizes checked by hand before zod walks anything (zod reads a whole array before its length check). */
function tooLarge(raw: Record<string, unknown>): [string, string] | null {
  const keys = Object.keys(raw);
  if (keys.length > Object.keys(DETECT_DEFAULTS).length) return ['', `has ${keys.length} keys; known: ${Object.keys(DETECT_DEFAULTS).join(', ')}`];
  const { labels, filters, zones, alerts } = raw;
  if (Array.isArray(labels) && labels.length > TRACKED_NAMES.length) return ['labels', `must list at most ${TRACKED_NAMES.length} labels`];
  if (isObject(alerts)) {
    if (Array.isArray(alerts.labels) && alerts.labels.length > TRACKED_NAMES.length)
      return ['alerts.labels', `must list at most ${TRACKED_NAMES.length} labels`];
    if (Array.isArray(alerts.zones) && alerts.zones.length > MAX_ZONES) return ['alerts.zones', `must name at most ${MAX_ZONES} zones`];
    if (Array.isArray(alerts.zones) && alerts.zones.some((n) => typeof n === 'string' && n.length > ZONE_NAME_MAX * 4))
      return ['alerts.zones', `must be names of 1-${ZONE_NAME_MAX} characters`];
  }
  if (isObject(filters) && Object.keys(filters).length > TRACKED_NAMES.length) return ['filters', `must have at most ${TRACKED_NAMES.length} labels`];
  if (!Array.isArray(zones)) return null;
  if (zones.length > MAX_ZONES) return ['zones', `must be at most ${MAX_ZONES} zones`];
  for (const [i, z] of zones.entries()) {
    if (isObject(z) && Array.isArray(z.points) && z.points.length > MAX_ZONE_POINTS)
      return [`zones[${i}].points`, `must have at most ${MAX_ZONE_POINTS} points`];
    if (isObject(z) && typeof z.name === 'string' && z.name.length > ZONE_NAME_MAX * 4) return [`zones[${i}].name`, `must be 1-${ZONE_NAME_MAX} characters`];
  }
  return null;
}

/** BAD_NAME for the first zone name holding a character no name may hold (it goes into notification text and logs). */
function zoneNameRefusal(zones: unknown): CamrelayError | null {
  if (!Array.isArray(zones)) return null;
  for (const [i, z] of zones.entries()) {
    const refused = isObject(z) && typeof z.name === 'string' ? nameRefusal(`zones[${i}].name`, z.name) : null;
    if (!refused) continue;
    refused.field = 'zones';
    return refused;
  }
  return null;
}

/** `zones[2].points[0].x` from zod's path. */
const pathText = (path: readonly PropertyKey[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');

function refuse(path: string, why: string): Result<DetectSettings> {
  const error = new CamrelayError('BAD_DETECT_SETTINGS', `The detection settings are not valid: ${path || 'the value'} ${why}.`);
  const top = /^[a-z]+/i.exec(path)?.[0];
  if (top) error.field = top;
  return fail(error);
}

/**
 * Checks a camera's detection settings; keys left out keep `base`'s (the defaults, or the camera's
 * current settings for a change). BAD_DETECT_SETTINGS names the first field at fault.
 */
export function validateDetectSettings(raw: unknown, base: DetectSettings = DETECT_DEFAULTS): Result<DetectSettings> {
  if (!isObject(raw)) return refuse('', 'must be an object');
  const big = tooLarge(raw);
  if (big) return refuse(...big);
  const badName = zoneNameRefusal(raw.zones);
  if (badName) return fail(badName);
  // `alerts` may be given in part ({ labels } alone keeps the zones).
  const alerts = isObject(raw.alerts) ? { ...base.alerts, ...raw.alerts } : (raw.alerts ?? base.alerts);
  const parsed = schema.safeParse({ ...base, ...raw, alerts });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.slice(0, 3).map((k) => k.slice(0, ZONE_NAME_MAX));
      const what = issue.path.length === 1 && issue.path[0] === 'filters' ? 'names what is not a COCO label or a group' : 'has unknown keys';
      return refuse(pathText(issue.path), `${what}: ${keys.join(', ')}`);
    }
    return refuse(pathText(issue.path), issue.message);
  }
  const value = parsed.data as DetectSettings;
  const seen = new Set<string>();
  for (const [i, z] of value.zones.entries()) {
    const key = z.name.toLowerCase();
    if (seen.has(key)) return refuse(`zones[${i}].name`, `"${z.name}" is the name of another zone; zone names must differ`);
    seen.add(key);
    if (polygonArea(z.points) < 1e-6) return refuse(`zones[${i}].points`, 'enclose no area (all on one line, or all one point)');
  }
  const zones = alertZones(value.zones, value.alerts.zones, isObject(raw.alerts) && raw.alerts.zones !== undefined);
  if (zones instanceof CamrelayError) return fail(zones);
  return ok({ ...value, labels: [...new Set(value.labels)], alerts: { labels: [...new Set(value.alerts.labels)], zones } });
}
