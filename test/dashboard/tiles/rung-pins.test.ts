import { afterEach, describe, expect, it, vi } from 'vitest';
import { parsePin, PIN_CHOICES, RungPins } from '../../../dashboard/src/tiles/rung-pins.js';

/** A localStorage for the store to read and write (unit tests have no window). */
function withStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  vi.stubGlobal('window', {
    localStorage: { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => data.set(k, v), removeItem: (k: string) => data.delete(k) },
  });
  return data;
}

afterEach(() => vi.unstubAllGlobals());

describe('parsePin', () => {
  it('takes a rung width or full, and anything else as auto', () => {
    expect(parsePin('640')).toBe(640);
    expect(parsePin('full')).toBe('full');
    expect(parsePin('700')).toBe('auto');
    expect(parsePin(null)).toBe('auto');
    expect(PIN_CHOICES.map((c) => c.label)).toEqual(['auto', '320 px', '640 px', '960 px', '1280 px', 'full']);
  });
});

describe('RungPins', () => {
  it('puts each pin in place of the measured width (full: none, so native) and lists the pinned cameras', () => {
    withStorage();
    const changes = vi.fn();
    const pins = new RungPins(changes);
    pins.set('door', 320);
    pins.set('yard', 'full');
    pins.set('yard', 'full');
    expect(changes).toHaveBeenCalledTimes(2);
    expect(pins.apply({ door: 900, yard: 640, porch: 500 })).toEqual({ door: 320, porch: 500 });
    expect(pins.pinned()).toEqual(['door', 'yard']);
  });

  it('remembers pins across a reload, forgets one set back to auto, and ignores a damaged entry', () => {
    const data = withStorage({ 'camrelay.pins': JSON.stringify({ door: 640, yard: 'huge' }) });
    const pins = new RungPins(() => {});
    expect(pins.of('door')).toBe(640);
    expect(pins.of('yard')).toBe('auto');
    pins.set('door', 'auto');
    expect(data.has('camrelay.pins')).toBe(false);
    expect(new RungPins(() => {}).pinned()).toEqual([]);
  });

  it('starts with nothing pinned when the stored value is not JSON', () => {
    withStorage({ 'camrelay.pins': '{oops' });
    expect(new RungPins(() => {}).pinned()).toEqual([]);
  });
});
