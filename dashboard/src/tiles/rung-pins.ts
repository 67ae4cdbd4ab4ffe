/**
 * The picture size a person chose for a camera (issue #17): `auto` lets the relay size frames to the
 * tile and step them down on a thin link; a width or `full` pins that size, which the relay then
 * keeps whatever the link. Kept in localStorage, so a pin survives a reload.
 */
import { RENDITION_WIDTHS } from '../../../shared/subscription.js';
import { readStored, writeStored } from '../local-store.js';

export type Pin = 'auto' | 'full' | (typeof RENDITION_WIDTHS)[number];

/** The choices, in the order a size menu lists them, with what each says. */
export const PIN_CHOICES: ReadonlyArray<{ pin: Pin; label: string }> = [
  { pin: 'auto', label: 'auto' },
  ...RENDITION_WIDTHS.map((w) => ({ pin: w, label: `${w} px` })),
  { pin: 'full', label: 'full' },
];

const KEY = 'camrelay.pins';

/** A `<select>` value or a stored one; anything else is `auto`. */
export function parsePin(raw: unknown): Pin {
  if (raw === 'full') return 'full';
  const width = Number(raw);
  return (RENDITION_WIDTHS as readonly number[]).includes(width) ? (width as Pin) : 'auto';
}

export class RungPins {
  private readonly pins = new Map<string, Pin>();

  constructor(private readonly onChange: () => void) {
    let stored: unknown = null;
    try {
      stored = JSON.parse(readStored(KEY) ?? 'null');
    } catch {
      // hand-edited or damaged: nothing pinned
    }
    if (stored && typeof stored === 'object') {
      for (const [id, raw] of Object.entries(stored)) if (parsePin(raw) !== 'auto') this.pins.set(id, parsePin(raw));
    }
  }

  of(cameraId: string): Pin {
    return this.pins.get(cameraId) ?? 'auto';
  }

  set(cameraId: string, pin: Pin): void {
    if (pin === this.of(cameraId)) return;
    if (pin === 'auto') this.pins.delete(cameraId);
    else this.pins.set(cameraId, pin);
    writeStored(KEY, this.pins.size ? JSON.stringify(Object.fromEntries(this.pins)) : null);
    this.onChange();
  }

  /** Cameras whose size the relay must keep (the subscription's `pinned`). */
  pinned(): string[] {
    return [...this.pins.keys()];
  }

  /** The widths measured from the tiles, with each pin in place of its camera's: a width, or none (native) for `full`. */
  apply(measured: Record<string, number>): Record<string, number> {
    const widths = { ...measured };
    for (const [id, pin] of this.pins) {
      if (pin === 'full') delete widths[id];
      else if (pin !== 'auto') widths[id] = pin;
    }
    return widths;
  }
}
