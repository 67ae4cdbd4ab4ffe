import { describe, expect, it } from 'vitest';
import { moveOf, ptzKey, PTZ_SPEED } from '../../../dashboard/src/ptz/ptz-keys.js';

const all = { pan: true, tilt: true, zoom: true, presets: [] };
const key = (key: string, code = key, shiftKey = true) => ({ key, code, shiftKey, altKey: false, ctrlKey: false, metaKey: false });

describe('ptzKey', () => {
  it('reads Shift with an arrow as pan or tilt, and Shift with + or − as zoom, on any layout', () => {
    expect(ptzKey(key('ArrowRight'), all)).toEqual({ axis: 'pan', sign: 1 });
    expect(ptzKey(key('ArrowUp'), all)).toEqual({ axis: 'tilt', sign: 1 });
    expect(ptzKey(key('+', 'Equal'), all)).toEqual({ axis: 'zoom', sign: 1 });
    expect(ptzKey(key('_', 'Minus'), all)).toEqual({ axis: 'zoom', sign: -1 });
    expect(ptzKey(key('*', 'NumpadSubtract'), all)).toEqual({ axis: 'zoom', sign: -1 });
  });

  it('leaves an arrow without Shift to the single view, and an axis the camera lacks alone', () => {
    expect(ptzKey(key('ArrowRight', 'ArrowRight', false), all)).toBeNull();
    expect(ptzKey(key('ArrowUp'), { ...all, tilt: false })).toBeNull();
  });
});

describe('moveOf', () => {
  it('moves one axis at the pad speed, the others held', () => {
    expect(moveOf({ axis: 'pan', sign: -1 })).toEqual({ op: 'move', pan: -PTZ_SPEED, tilt: 0, zoom: 0 });
  });
});
