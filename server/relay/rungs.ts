/**
 * The rungs renditions are made at: the protocol's widths (RENDITION_WIDTHS), each with its JPEG
 * quality, and one more below the narrowest for the automatic step-down only, the same width at a
 * lower quality. Rungs are constants: code compares them by identity and keys maps by them.
 */
import { RENDITION_WIDTHS, renditionFor } from '../../shared/subscription.js';

export interface Rung {
  readonly width: number;
  readonly quality: number;
  /** How metrics and the viewer's figures name it: `640`, or `320-q40` for the low-quality rung. */
  readonly label: string;
}

/** Small renditions are viewed small, where artefacts hide; 80 is what capture clients send by default. */
const QUALITY: Record<(typeof RENDITION_WIDTHS)[number], number> = { 320: 70, 640: 75, 960: 78, 1280: 80 };
const BY_WIDTH = new Map<number, Rung>(RENDITION_WIDTHS.map((width) => [width, { width, quality: QUALITY[width], label: String(width) }]));
/**
 * A link too thin for 320 px at quality 70 (about 10 KB a 720p scene) gets quality 40 (about 6 KB,
 * measured on the bench fixtures): the same picture, blockier, at about 1.6× the frames.
 */
export const LOW_QUALITY_RUNG: Rung = { width: RENDITION_WIDTHS[0], quality: 40, label: `${RENDITION_WIDTHS[0]}-q40` };

/** The rung a viewer showing `width` px of a camera `nativeWidth` wide gets, or null for native. */
export function rungFor(width: number | undefined, nativeWidth = Infinity): Rung | null {
  const w = renditionFor(width, nativeWidth);
  return w === null ? null : BY_WIDTH.get(w)!;
}

/** The rung `steps` below `asked` (null: native) for a camera `nativeWidth` wide, and whether one more step exists. */
export function lowerRung(asked: Rung | null, steps: number, nativeWidth: number): { rung: Rung | null; canStepDown: boolean } {
  const ladder: Array<Rung | null> = [LOW_QUALITY_RUNG, ...[...BY_WIDTH.values()].filter((r) => r.width < nativeWidth), null];
  const from = asked === null ? ladder.length - 1 : Math.max(0, ladder.indexOf(asked));
  const at = Math.max(0, from - steps);
  return { rung: ladder[at]!, canStepDown: at > 0 };
}

/** Every rung, narrowest and lowest quality first (the benchmark's resize-cost row). */
export const RUNGS: readonly Rung[] = [LOW_QUALITY_RUNG, ...BY_WIDTH.values()];
