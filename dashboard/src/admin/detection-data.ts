/**
 * A camera's object detection as the settings page shows it (#39): `GET /api/cameras/<id>/detection`
 * (a DetectionAnswer, shared/detection.ts) in plain words, what its rate costs, and the form's values
 * turned into the change `PUT` takes, checked first with the relay's own validateDetectSettings so a
 * bad value is named before anything is sent. Pure, so unit-tested.
 */
import { COCO_LABELS, type CocoLabel } from '../../../common/detect/coco-labels.js';
import { DETECT_DEFAULTS, filterFor, LABEL_GROUPS, type LabelGroup } from '../../../common/detect/detect-settings.js';
import { validateDetectSettings } from '../../../common/detect/detect-settings-check.js';
import type { AlertRule } from '../../../common/detect/detect-settings.js';
import type { DetectionStatus, DetectorState, DetectSettings, EngineName, TrackedName, Zone } from '../../../shared/detection.js';

export type { AlertRule, DetectSettings, TrackedName, Zone };

export interface DetectionFacts {
  settings: DetectSettings;
  status: DetectionStatus;
}

const STATES: readonly DetectorState[] = ['off', 'starting', 'ready', 'restarting', 'failed'];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** The answer from untrusted JSON, or null when it is not one (an older relay, an error page, settings the relay's own check refuses). */
export function parseAnswer(value: unknown): DetectionFacts | null {
  if (!isRecord(value) || !isRecord(value.status)) return null;
  const settings = validateDetectSettings(value.settings);
  if (!settings.ok) return null;
  const s = value.status;
  const error = isRecord(s.error) && typeof s.error.message === 'string' ? { code: String(s.error.code ?? ''), message: s.error.message.slice(0, 500) } : null;
  const counts = isRecord(s.counts) ? s.counts : {};
  const objects: Record<string, number> = {};
  if (isRecord(s.objects)) for (const [name, n] of Object.entries(s.objects).slice(0, 100)) if (num(n) > 0) objects[name.slice(0, 40)] = num(n);
  return {
    settings: settings.value,
    status: {
      detector: STATES.includes(s.detector as DetectorState) ? (s.detector as DetectorState) : 'off',
      error,
      // Left out by a relay older than #57, and until the detector has started.
      ...(s.engine === 'onnxruntime' || s.engine === 'tfjs-wasm'
        ? { engine: s.engine, fallbackReason: typeof s.fallbackReason === 'string' ? s.fallbackReason.slice(0, 500) : null }
        : {}),
      where: s.where === 'camera' ? 'camera' : 'relay',
      motion: s.motion !== false,
      counts: { detected: num(counts.detected), skipped: num(counts.skipped), failed: num(counts.failed) },
      costPercent: num(s.costPercent),
      objects,
    },
  };
}

/** `Person`, `Vehicle (car, truck, bus, motorcycle, bicycle)`, `Traffic light`: a followed name in a picker. */
export function nameWords(name: string, withMembers = false): string {
  const words = name.charAt(0).toUpperCase() + name.slice(1);
  const members = (LABEL_GROUPS as Record<string, readonly string[]>)[name];
  return withMembers && members ? `${words} (${members.join(', ')})` : words;
}

/** The picker's choices: the groups first, then every COCO label, those already followed left out. */
export function namesToAdd(followed: readonly string[]): { groups: TrackedName[]; labels: TrackedName[] } {
  const groups = (Object.keys(LABEL_GROUPS) as LabelGroup[]).filter((g) => !followed.includes(g));
  return {
    groups: ['person' as TrackedName, ...groups].filter((n) => !followed.includes(n)),
    labels: COCO_LABELS.filter((l) => l !== 'person' && !followed.includes(l)),
  };
}

/** The score a box of `name` needs when the camera sets none (the relay's defaults, common/detect/detect-settings.ts). */
export function defaultMinScore(name: TrackedName): number {
  // A group's default is its members' (a member without its own takes the group's).
  const label = (LABEL_GROUPS as Record<string, readonly CocoLabel[]>)[name]?.[0] ?? (name as CocoLabel);
  return filterFor(label, { filters: {} }).minScore;
}

/**
 * What the rate costs while motion lasts, in % of a core: the relay's figure for the saved rate
 * (status.costPercent), scaled to the rate typed so far; null when neither is known.
 */
export function costPercent(status: DetectionStatus, savedRate: number, typedRate: number): number | null {
  if (!(status.costPercent > 0) || !(savedRate > 0) || !(typedRate > 0)) return null;
  return Math.round((status.costPercent * typedRate) / savedRate);
}

export function costText(percent: number | null, where: DetectionStatus['where']): string {
  const on = where === 'camera' ? "on the camera's PC" : 'on the relay';
  return percent === null ? `Its cost ${on} is not known yet.` : `Costs about ${percent}% of a CPU core ${on} while motion lasts.`;
}

export type Tone = 'off' | 'ok' | 'wait' | 'bad';
export interface StatusLine {
  key: 'summary' | 'where' | 'detector' | 'engine' | 'error' | 'counts' | 'objects' | 'motion';
  text: string;
  tone: Tone;
}

const DETECTOR_WORDS: Record<Exclude<DetectorState, 'failed'>, [string, Tone]> = {
  off: ["Detector off: it starts when a camera detects on the relay's CPU.", 'off'],
  starting: ['Detector starting (loading the model)…', 'wait'],
  ready: ['Detector ready.', 'ok'],
  restarting: ['Detector restarting after a failure; motion events go on meanwhile.', 'wait'],
};

/** The fold's one-line summary. */
export function summaryOf(f: DetectionFacts): { text: string; tone: Tone } {
  const { settings: s, status } = f;
  if (!s.enabled) return { text: 'Off', tone: 'off' };
  const following = `Following ${s.labels.map((l) => nameWords(l)).join(', ')}`;
  // Why it failed is said once, in the lines under the summary.
  if (status.detector === 'failed') return { text: `${following} · detector failed: motion events go on, without objects`, tone: 'bad' };
  const rate = `${Number(s.rate.toFixed(2))}/s while motion lasts`;
  return { text: `${following} · ${rate}`, tone: status.motion ? 'ok' : 'wait' };
}

/** Everything the section says of a camera's detection, line by line, in the order shown. */
/** "Engine: onnxruntime-node (CPU)", or tfjs-wasm with why it fell back (docs/detection.md). */
export function engineLine(engine: EngineName, fallbackReason: string | null): StatusLine {
  if (engine === 'onnxruntime') return { key: 'engine', text: 'Engine: onnxruntime-node (CPU)', tone: 'off' };
  return { key: 'engine', text: `Engine: tfjs-wasm (fallback: ${fallbackReason ?? 'no reason given'})`, tone: 'wait' };
}

export function describeStatus(f: DetectionFacts): StatusLine[] {
  const { status: st, settings } = f;
  const lines: StatusLine[] = [];
  if (settings.enabled && !st.motion)
    lines.push({ key: 'motion', text: 'Detection runs while motion lasts: turn on motion detection in Recording.', tone: 'wait' });
  lines.push({
    key: 'where',
    text: st.where === 'camera' ? "Detects on the camera's PC: its capture program sends what it finds." : "Detects on the relay's CPU.",
    tone: 'off',
  });
  if (st.detector === 'failed') {
    lines.push({ key: 'detector', text: `Detector failed: ${st.error?.message ?? 'it stopped with an error.'}`, tone: 'bad' });
    lines.push({ key: 'error', text: 'Motion events go on meanwhile, without objects.', tone: 'off' });
  } else {
    if (st.where === 'relay') lines.push({ key: 'detector', text: DETECTOR_WORDS[st.detector][0], tone: DETECTOR_WORDS[st.detector][1] });
    if (st.where === 'relay' && st.engine) lines.push(engineLine(st.engine, st.fallbackReason ?? null));
    if (st.error) lines.push({ key: 'error', text: st.error.message, tone: 'bad' });
  }
  const { detected, skipped, failed } = st.counts;
  const parts = [`${count(detected)} frames detected`];
  if (skipped > 0) parts.push(`${count(skipped)} skipped (the detector was busy: a newer frame took the turn)`);
  if (failed > 0) parts.push(`${count(failed)} failed`);
  lines.push({ key: 'counts', text: `${parts.join(' · ')} since the relay started.`, tone: skipped > 0 || failed > 0 ? 'wait' : 'off' });
  const now = Object.entries(st.objects).map(([name, n]) => `${count(n)} ${name}`);
  if (now.length > 0) lines.push({ key: 'objects', text: `Seen now: ${now.join(', ')}.`, tone: 'ok' });
  return lines;
}

/** The form's values, as typed: numbers stay text until they are sent. */
export interface DetectFormValues {
  enabled: boolean;
  rate: string;
  labels: TrackedName[];
  /** Per followed name: its min score as typed, blank for the default. */
  minScores: Partial<Record<TrackedName, string>>;
  zones: Zone[];
  /** What makes an event an alert on the review page. */
  alerts: AlertRule;
  /** Read the plates of followed vehicles (#58); left out: as saved. */
  plates?: boolean;
  /** Recognise the faces of followed persons (#58); left out: as saved. */
  faces?: boolean;
}

// A blank or non-numeric field goes as NaN → null, so the check names it.
const asNumber = (text: string): number | null => (text.trim() === '' || !Number.isFinite(Number(text)) ? null : Number(text));
/** JSON with each object's keys sorted: `{minScore, minAreaPercent}` is the same filter in either order. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_key, value: unknown) => (isRecord(value) ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1))) : value));
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The filters the form asks for: the current ones, with each followed name's min score as typed (blank: the default). */
function filtersOf(current: DetectSettings, v: DetectFormValues): Record<string, unknown> {
  const filters: Record<string, unknown> = structuredClone(current.filters);
  for (const name of v.labels) {
    const text = v.minScores[name] ?? '';
    const { minScore: _old, ...rest } = (filters[name] ?? {}) as Record<string, unknown>;
    const entry = text.trim() === '' ? rest : { ...rest, minScore: asNumber(text) };
    if (Object.keys(entry).length > 0) filters[name] = entry;
    else delete filters[name];
  }
  return filters;
}

/** Only what differs from the current settings. */
export function changeOf(current: DetectSettings, v: DetectFormValues): Record<string, unknown> {
  const change: Record<string, unknown> = {};
  if (v.enabled !== current.enabled) change.enabled = v.enabled;
  const rate = asNumber(v.rate);
  if (rate !== current.rate) change.rate = rate;
  if (!same(v.labels, current.labels)) change.labels = v.labels;
  const filters = filtersOf(current, v);
  if (!same(filters, current.filters)) change.filters = filters;
  if (!same(v.zones, current.zones)) change.zones = v.zones;
  if (!same(v.alerts, current.alerts)) change.alerts = v.alerts;
  if (v.plates !== undefined && v.plates !== current.plates) change.plates = v.plates;
  if (v.faces !== undefined && v.faces !== current.faces) change.faces = v.faces;
  return change;
}

/** A refusal as the form shows it: the field it names (`rate`, `labels`, `filters`, `zones`), the zone or label at fault, and the words. */
export interface Refusal {
  field: string | null;
  /** `zones[2]…` → 2; `filters.person…` → 'person'. */
  item: number | string | null;
  message: string;
}

/** Where a refusal's message points inside its field: `zones[2].name` → 2, `filters.person.minScore` → 'person'. */
export function itemOf(message: string): number | string | null {
  const zone = /\bzones\[(\d+)\]/.exec(message);
  if (zone) return Number(zone[1]);
  const filter = /\bfilters\.([a-z][a-z ]*?)\.(?:minScore|minAreaPercent)\b/.exec(message);
  return filter ? filter[1]! : null;
}

/** The change checked as the relay will check it: null when it would pass, else what is wrong and where. */
export function checkChange(current: DetectSettings, change: Record<string, unknown>): Refusal | null {
  const r = validateDetectSettings(change, current);
  if (r.ok) return null;
  return { field: r.error.field ?? null, item: itemOf(r.error.message), message: r.error.message };
}

/** The relay's refusal (400 BAD_DETECT_SETTINGS, BAD_NAME for a zone's name or UNKNOWN_ZONE for an alert's, names `field`), or any other failure, as the form shows it. */
export function refusalOf(error: { error: string; message: string; field?: string }, status: number): Refusal {
  if (error.error === 'BAD_DETECT_SETTINGS' || error.error === 'BAD_NAME' || error.error === 'UNKNOWN_ZONE')
    return { field: error.field ?? null, item: itemOf(error.message), message: error.message };
  const why =
    status === 403
      ? ' Only an admin may change detection: sign in as one.'
      : status === 401
        ? ' Your session ended: sign in again.'
        : status === 0
          ? ' Nothing was saved; try again when the relay answers.'
          : status === 404
            ? ' This relay may not detect objects yet (an older version), or the camera is gone.'
            : '';
  return { field: null, item: null, message: `${error.message}${why}` };
}

export { DETECT_DEFAULTS };
