/**
 * The keyboard's PTZ: Shift with an arrow pans or tilts, Shift with + or − zooms, while held.
 * Shift, because the arrows alone already move between cameras in the single view.
 */
import type { PtzCaps, PtzCommand } from '../../../shared/ptz.js';

/** How fast the pad and the keys move a camera (of ONVIF's -1…1): slow enough to aim by eye. */
export const PTZ_SPEED = 0.5;

type Axis = 'pan' | 'tilt' | 'zoom';

/** The axis and direction a pad button or key asks for. */
export interface PtzDirection {
  axis: Axis;
  sign: 1 | -1;
}

// By `code` as well as `key`: Shift+= gives "+" on one layout and "=" on none other than US.
const KEYS: Record<string, PtzDirection> = {
  ArrowLeft: { axis: 'pan', sign: -1 },
  ArrowRight: { axis: 'pan', sign: 1 },
  ArrowUp: { axis: 'tilt', sign: 1 },
  ArrowDown: { axis: 'tilt', sign: -1 },
  '+': { axis: 'zoom', sign: 1 },
  '=': { axis: 'zoom', sign: 1 },
  Equal: { axis: 'zoom', sign: 1 },
  NumpadAdd: { axis: 'zoom', sign: 1 },
  '-': { axis: 'zoom', sign: -1 },
  _: { axis: 'zoom', sign: -1 },
  Minus: { axis: 'zoom', sign: -1 },
  NumpadSubtract: { axis: 'zoom', sign: -1 },
};

/** The direction a key press asks of a camera with `caps`, or null when it asks nothing of it. */
export function ptzKey(e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>, caps: PtzCaps): PtzDirection | null {
  if (!e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return null;
  const d = KEYS[e.key] ?? KEYS[e.code];
  return d && caps[d.axis] ? d : null;
}

/** The move command for one direction. */
export function moveOf(d: PtzDirection): PtzCommand {
  const move = { op: 'move' as const, pan: 0, tilt: 0, zoom: 0 };
  move[d.axis] = d.sign * PTZ_SPEED;
  return move;
}
