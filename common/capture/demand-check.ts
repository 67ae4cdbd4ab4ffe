/**
 * The relay's `demand`, checked before the engine acts on it: a relay is trusted, but a bad demand
 * must cost the capture PC nothing (at most DEMAND_WIDTHS_MAX sane widths per list, one boolean, DETECT_WHERE_BOXES_MAX boxes per list).
 */
import { DEMAND_WIDTHS_MAX, DETECT_RATE_MAX, DETECT_RATE_MIN, DETECT_WHERE_BOXES_MAX, type CaptureDemand, type DetectWhere } from '../../shared/demand.js';

const isWidth = (w: unknown): w is number => Number.isInteger(w) && (w as number) >= 16 && (w as number) <= 7680;

const isSide = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 7680;
const isBox = (b: unknown): b is [number, number, number, number] =>
  Array.isArray(b) && b.length === 4 && b.every((v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 100_000);
const isBoxes = (list: unknown): list is Array<[number, number, number, number]> =>
  Array.isArray(list) && list.length <= DETECT_WHERE_BOXES_MAX && list.every(isBox);

/** Where to look (#57): kept only when its picture size is sane and each list holds at most DETECT_WHERE_BOXES_MAX boxes; else the whole picture. */
function whereOf(where: unknown): DetectWhere | null {
  const w = where as Partial<DetectWhere> | null | undefined;
  if (typeof w !== 'object' || w === null || !isSide(w.width) || !isSide(w.height) || !isBoxes(w.motion) || !isBoxes(w.objects)) return null;
  return { width: w.width, height: w.height, motion: w.motion, objects: w.objects };
}

/** Detection (#39): kept only as a rate in bounds; anything else present asks for none, so a bad demand starts no detector. */
function detectOf(detect: unknown): Pick<CaptureDemand, 'detect'> {
  if (detect === undefined) return {};
  const d = detect as { rate?: unknown; where?: unknown } | null;
  const rate = d?.rate;
  if (typeof rate !== 'number' || !(rate >= DETECT_RATE_MIN && rate <= DETECT_RATE_MAX)) return { detect: null };
  const where = whereOf(d!.where);
  return { detect: where ? { rate, where } : { rate } };
}

/** The demand as the engine keeps it (widths ascending, no repeats), or null when it is malformed. */
export function readDemand(value: unknown): CaptureDemand | null {
  const d = value as Partial<CaptureDemand> | null;
  if (typeof d !== 'object' || d === null || typeof d.h264 !== 'boolean' || !Array.isArray(d.widths)) return null;
  if (d.widths.length > DEMAND_WIDTHS_MAX || !d.widths.every(isWidth)) return null;
  const widths = [...new Set(d.widths)].sort((a, b) => a - b);
  // Batches (#38): kept only as the booleans they are; anything else is an older relay's absence.
  const batches = {
    ...(d.units === true ? { units: true } : {}),
    // JPEG as a unit kind (#56): only a relay that says so takes `jpeg` units; any other relay gets `frame` events.
    ...(d.jpegUnits === true ? { jpegUnits: true } : {}),
    ...(typeof d.h264Live === 'boolean' ? { h264Live: d.h264Live } : {}),
    ...detectOf(d.detect),
    // Sound (#40): false sends none; absent (an older relay) sends it with the H.264 as before.
    ...(typeof d.audio === 'boolean' ? { audio: d.audio } : {}),
    ...(typeof d.sound === 'boolean' ? { sound: d.sound } : {}),
  };
  // Absent (an older relay) is none; present, it is bounded as `widths` is.
  if (d.h264Widths === undefined) return { h264: d.h264, widths, ...batches };
  if (!Array.isArray(d.h264Widths) || d.h264Widths.length > DEMAND_WIDTHS_MAX || !d.h264Widths.every(isWidth)) return null;
  return { h264: d.h264, widths, h264Widths: [...new Set(d.h264Widths)].sort((a, b) => a - b), ...batches };
}
