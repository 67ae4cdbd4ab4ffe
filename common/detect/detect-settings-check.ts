/**
 * The check of a camera's object detection settings (detect-settings.ts's types and bounds): the relay
 * and the capture program check the same value with the same words. A bad value is refused with
 * BAD_DETECT_SETTINGS, naming the field and why; arrays and strings are bounded before zod reads them.
 */
import { z } from 'zod';
import { CamrelayError } from '../../shared/errors.js';
import { nameRefusal } from '../../shared/names.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { alertZones } from './alert-rule.js';
import {
  DETECT_DEFAULTS,
  LABEL_GROUPS,
  LOITER_LIMITS,
  MAX_ZONE_POINTS,
  MAX_ZONES,
  polygonArea,
  RATE_LIMITS,
  STATIONARY_LIMITS,
  TRACKED_NAMES,
  ZONE_NAME_MAX,
  type DetectSettings,
  type TrackedName,
} from './detect-settings.js';

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
