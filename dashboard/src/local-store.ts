/**
 * This browser's memory of a choice, in localStorage. Privacy modes throw on access and a full
 * storage throws on write: that only costs remembering, so both come back as "nothing stored".
 */

export function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Stores `value`, or forgets the key with null. */
export function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // the choice holds for this page only
  }
}
