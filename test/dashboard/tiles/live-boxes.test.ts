import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoxesChoice, isLook } from '../../../dashboard/src/tiles/live-boxes.js';

/** A localStorage for the choice to read and write (unit tests have no window). */
function withStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  vi.stubGlobal('window', {
    localStorage: { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => data.set(k, v), removeItem: (k: string) => data.delete(k) },
  });
  return data;
}

afterEach(() => vi.unstubAllGlobals());

describe('BoxesChoice', () => {
  it('remembers the cameras boxes are shown on across a reload, and asks again on each toggle', () => {
    const data = withStorage();
    const changed = vi.fn();
    const choice = new BoxesChoice(changed);
    choice.toggle('door');
    choice.toggle('yard');
    choice.toggle('yard');
    expect(changed).toHaveBeenCalledTimes(3);
    expect(new BoxesChoice(() => {}).of(['yard', 'door', 'garden'])).toEqual(['door']);
    choice.toggle('door');
    expect(data.has('camrelay.boxes')).toBe(false);
  });

  it('takes a damaged or hand-edited store as no boxes, and keeps only ids it could be', () => {
    withStorage({ 'camrelay.boxes': '{nope' });
    expect(new BoxesChoice(() => {}).of(['door'])).toEqual([]);
    withStorage({ 'camrelay.boxes': JSON.stringify(['door', 42, 'x'.repeat(65), { id: 'yard' }]) });
    expect(new BoxesChoice(() => {}).of(['door', 'yard', 'x'.repeat(65)])).toEqual(['door']);
  });
});

describe('isLook', () => {
  const good = { cameraId: 'door', at: 1, width: 640, height: 360, boxes: [{ label: 'person', score: 0.8, box: [1, 2, 3, 4] }] };

  it('takes a look as the relay sends it', () => {
    expect(isLook(good)).toBe(true);
    expect(isLook({ ...good, boxes: [] })).toBe(true);
  });

  it('refuses one whose fields drawing reads are missing or of the wrong type', () => {
    expect(isLook(null)).toBe(false);
    expect(isLook({ ...good, cameraId: 7 })).toBe(false);
    expect(isLook({ ...good, width: '640' })).toBe(false);
    expect(isLook({ ...good, boxes: {} })).toBe(false);
    expect(isLook({ ...good, boxes: [null] })).toBe(false);
    expect(isLook({ ...good, boxes: [{ label: 'person', score: 0.8, box: [1, 2, 3] }] })).toBe(false);
    expect(isLook({ ...good, boxes: [{ label: 'person', score: 0.8, box: [1, 2, 3, '4'] }] })).toBe(false);
  });
});
