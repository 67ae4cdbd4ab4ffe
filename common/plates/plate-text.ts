/**
 * A plate's reading as text to compare (#58): what the recogniser read, kept to the characters plates
 * use (A-Z, 0-9; letters upper-cased; spaces, dashes and dots dropped, as plates of one car are
 * written with and without them), and matched to the owner's known plates within one character (a
 * letter read as a digit, one missed or one too many). Pure.
 */

import { plateText, type KnownPlate } from '../../shared/plates.js';

export { PLATE_TEXT_MAX, plateText, type KnownPlate } from '../../shared/plates.js';

/** Edits (insert, delete, replace) from `a` to `b`, given up past `limit`: then limit + 1. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/** The known plate a reading is, exactly or within one character (the exact one first, then the first within one); null when none. */
export function matchPlate(read: string, known: readonly KnownPlate[]): KnownPlate | null {
  const text = plateText(read);
  if (text.length < 2) return null;
  return known.find((k) => plateText(k.plate) === text) ?? known.find((k) => editDistance(plateText(k.plate), text, 1) <= 1) ?? null;
}
