/**
 * The words people see for an object event: "Person at Front door", "Person at Front door ·
 * Driveway", "Car and person at Front door". One function for notifications, MQTT and event cards,
 * so they all say the same thing. Pure; every name passed in is cleaned and bounded.
 */

import { withoutRefused } from '../../shared/names.js';

/** What the summary needs of an object: a TrackedObject fits. */
export interface SummaryObject {
  label: string;
  /** Names of the zones it was in. */
  zones?: readonly string[];
  /** A vehicle's plate (#58): its known name says who ("Mum's car"), else its text follows the label ("car AB123C"). */
  plate?: { text: string; name?: string };
  /** A person's face (#58): a known person's name says who ("Alice"); a face no one enrolled is "unknown person". */
  face?: { name?: string };
}

/** Labels named before "and N more". */
const MAX_LABELS = 3;
/** Zones named before "+N". */
const MAX_ZONES = 3;
/** At most this many objects are read: a crowd is summed up by its first ones. */
const MAX_OBJECTS = 100;
/** The longest text: a phone shows about this much of a notification's title. */
export const SUMMARY_MAX = 160;
const NAME_MAX = 100;

/** A name without the characters no name may hold (a header or MQTT payload must not break on a newline), trimmed and bounded. */
function clean(name: string): string {
  return withoutRefused(name).trim().slice(0, NAME_MAX);
}

/** "Car", "Car and person", "Car, dog and person", "Car, dog, person and 2 more". */
function labelWords(labels: readonly string[]): string {
  const named = labels.slice(0, MAX_LABELS);
  const rest = labels.length - named.length;
  const words = rest > 0 ? [...named, `${rest} more`] : named;
  const text = words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What an object is called: its plate's or face's name, else its label with its plate's text, "unknown person" for a face no one knows, else its label. */
function objectWords(o: SummaryObject): string {
  const label = clean(String(o.label)).toLowerCase();
  const name = o.plate?.name ? clean(o.plate.name) : o.face?.name ? clean(o.face.name) : '';
  if (name) return name;
  if (o.face) return `unknown ${label}`;
  const text = o.plate ? clean(o.plate.text) : '';
  return text ? `${label} ${text}` : label;
}

/**
 * "Person at Front door · Driveway": the objects' labels in the order given (pass them first seen
 * first), each once, then the camera's display name, then the zones they were in, each once.
 * A vehicle whose plate was read is named by it ("Mum's car at Front door", "Car AB123C at Front door"),
 * a person whose face was seen by it ("Alice at Front door", "Unknown person at Back door").
 * No objects (a motion event) gives "Motion at Front door".
 */
export function eventSummary(camera: string, objects: readonly SummaryObject[]): string {
  const place = clean(camera) || 'camera';
  const labels: string[] = [];
  const zones: string[] = [];
  for (const o of objects.slice(0, MAX_OBJECTS)) {
    const label = objectWords(o);
    if (label && !labels.includes(label)) labels.push(label);
    for (const z of (o.zones ?? []).slice(0, MAX_OBJECTS)) {
      const zone = clean(String(z));
      if (zone && !zones.includes(zone)) zones.push(zone);
    }
  }
  let text = `${labels.length ? labelWords(labels) : 'Motion'} at ${place}`;
  if (zones.length) {
    const more = zones.length - MAX_ZONES;
    text += ` · ${zones.slice(0, MAX_ZONES).join(', ')}${more > 0 ? ` +${more}` : ''}`;
  }
  return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text;
}

/** "30 s", "2 min", "1 h 5 min": how long a stay lasted, in the largest unit that reads well. */
export function durationWords(ms: number): string {
  // Floored: an alert told at 30.4 s of a 30 s loitering time says 30 s.
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} min`;
  return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

/** "Person in Driveway for 30 s": a loitering alert's words, for notifications, MQTT and cards alike. */
export function loiterSummary(label: string, zone: string, forMs: number): string {
  const what = clean(String(label)).toLowerCase() || 'object';
  const text = `${what.charAt(0).toUpperCase()}${what.slice(1)} in ${clean(zone) || 'zone'} for ${durationWords(forMs)}`;
  return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text;
}

/** "Person left Driveway after 2 min": a leaving alert's words; `place` is the last zone it was in, or the camera's name. */
export function leftSummary(label: string, place: string, forMs: number): string {
  const what = clean(String(label)).toLowerCase() || 'object';
  const text = `${what.charAt(0).toUpperCase()}${what.slice(1)} left ${clean(place) || 'camera'} after ${durationWords(forMs)}`;
  return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text;
}
