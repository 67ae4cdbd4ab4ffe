/**
 * How a camera is recorded, in the Admin area's words (recording by copy, docs/recording.md): by copy of
 * the camera side's H.264, or by the relay encoding the JPEGs, and why. Pure, so unit-tested.
 */
import type { RecordingSource } from '../../../shared/recording-status.js';

/** `source` of `GET /api/cameras/<id>/recording`, reduced to what the page shows. */
export type SourceFacts = Pick<RecordingSource, 'mode' | 'note' | 'uplinkBytes' | 'fallbacks'> & { encoder: string | null };

/** The relay's own words are shown as they come, but no longer than this. */
const NOTE_MAX = 200;
const ENCODER_MAX = 40;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const text = (v: unknown, max: number): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null);

/** The status's `source` from untrusted JSON, or null when there is none (an older relay, a camera not recorded). */
export function parseSource(value: unknown): SourceFacts | null {
  if (!isRecord(value) || (value.mode !== 'copy' && value.mode !== 'encode')) return null;
  return {
    mode: value.mode,
    note: text(value.note, NOTE_MAX),
    encoder: text(value.encoder, ENCODER_MAX),
    uplinkBytes: num(value.uplinkBytes),
    fallbacks: num(value.fallbacks),
  };
}

/** One line on how the camera is recorded, or null when it is not (off, no recorder). */
export function describeSource(source: SourceFacts | null): { text: string; how: 'copy' | 'encode' | 'fallback' } | null {
  if (!source) return null;
  if (source.mode === 'copy') {
    return { text: `Recording by copy: the camera side's H.264${source.encoder ? ` (${source.encoder})` : ''}, no encoder on the relay`, how: 'copy' };
  }
  if (source.note) return { text: `Encoding on the relay (${source.note})`, how: 'fallback' };
  return { text: 'Encoding on the relay: the capture side sends JPEG only', how: 'encode' };
}
