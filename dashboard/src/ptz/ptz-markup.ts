/** The PTZ pad's elements, built with `el` so no preset name is ever parsed as HTML. */
import type { PtzCaps } from '../../../shared/ptz.js';
import { el } from '../dom.js';
import type { PtzDirection } from './ptz-keys.js';

const BUTTONS: Array<{ id: string; d: PtzDirection; text: string; label: string }> = [
  { id: 'up', d: { axis: 'tilt', sign: 1 }, text: '▲', label: 'Tilt up (Shift+↑)' },
  { id: 'left', d: { axis: 'pan', sign: -1 }, text: '◀', label: 'Pan left (Shift+←)' },
  { id: 'right', d: { axis: 'pan', sign: 1 }, text: '▶', label: 'Pan right (Shift+→)' },
  { id: 'down', d: { axis: 'tilt', sign: -1 }, text: '▼', label: 'Tilt down (Shift+↓)' },
  { id: 'zoom-in', d: { axis: 'zoom', sign: 1 }, text: '+', label: 'Zoom in (Shift and +)' },
  { id: 'zoom-out', d: { axis: 'zoom', sign: -1 }, text: '−', label: 'Zoom out (Shift and −)' },
];

export class PtzMarkup {
  readonly root = el('div', 'ptz-pad', 'ptz-pad');
  readonly buttons = new Map<HTMLButtonElement, PtzDirection>();
  readonly presets = el('select', 'ptz-presets', 'ptz-presets');
  readonly message = el('p', 'ptz-message', 'ptz-message');

  constructor() {
    this.root.setAttribute('role', 'group');
    this.root.setAttribute('aria-label', 'Pan, tilt and zoom');
    // The pad is not the picture: no swipe to the next camera, no zoom drag, no opening (single-view.ts, zoom.ts).
    this.root.dataset.noSwipe = '';
    this.root.hidden = true;
    const pad = el('div', 'ptz-buttons');
    for (const b of BUTTONS) {
      const button = el('button', `ptz-button ptz-${b.id}`, `ptz-${b.id}`, b.text);
      button.type = 'button';
      button.title = b.label;
      button.setAttribute('aria-label', b.label);
      this.buttons.set(button, b.d);
      pad.append(button);
    }
    this.presets.setAttribute('aria-label', 'Go to a preset');
    this.message.setAttribute('role', 'status');
    this.message.hidden = true;
    this.root.append(this.presets, pad);
  }

  /** Puts the pad and its message line over a picture box (the message apart: a phone's picture is short). */
  mount(view: HTMLElement): void {
    if (this.root.parentElement !== view) view.append(this.root, this.message);
    this.root.hidden = false;
  }

  hide(): void {
    this.root.hidden = true;
    this.say(null);
  }

  /** Shows the buttons the camera allows and its presets. */
  fit(caps: PtzCaps): void {
    for (const [button, d] of this.buttons) button.hidden = !caps[d.axis];
    this.presets.replaceChildren(new Option('Presets…', ''), ...caps.presets.map((p) => new Option(p.name, p.token)));
    this.presets.hidden = caps.presets.length === 0;
  }

  say(text: string | null): void {
    this.message.textContent = text ?? '';
    this.message.hidden = text === null;
  }
}
