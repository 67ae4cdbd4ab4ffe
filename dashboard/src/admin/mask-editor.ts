/**
 * Mask rectangles drawn over the camera's current picture: drag to draw one (pointer events, so a
 * finger works as a mouse does), × or select + Delete to remove one. Rectangles are kept in
 * fractions of the picture (0-1), as the relay's motion settings take them.
 */
import { el, setText } from '../dom.js';
import { button } from './admin-markup.js';
import type { Mask } from './recording-data.js';

/** server/recording/settings.ts allows at most this many. */
export const MAX_MASKS = 16;
/** A drag shorter than this (of the picture's width or height) is a click, not a rectangle. */
const MIN_SIZE = 0.02;

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number) => Math.round(v * 10_000) / 10_000;

/** The rectangle between two points (fractions), whichever way the drag went. */
export function rectBetween(a: { x: number; y: number }, b: { x: number; y: number }): Mask {
  const x = clamp(Math.min(a.x, b.x));
  const y = clamp(Math.min(a.y, b.y));
  return { x: round(x), y: round(y), w: round(clamp(Math.max(a.x, b.x)) - x), h: round(clamp(Math.max(a.y, b.y)) - y) };
}

export class MaskEditor {
  readonly root = el('div', 'mask-editor', 'mask-editor');
  private readonly stage = el('div', 'mask-stage');
  private readonly picture = el('img', 'mask-picture', 'mask-picture');
  private readonly layer = el('div', 'mask-layer', 'mask-layer');
  private readonly count = el('span', 'mask-count', 'mask-count');
  private readonly note = el('p', 'rec-hint mask-note', 'mask-note');
  private list: Mask[] = [];
  private selected = -1;
  private draft: { from: { x: number; y: number }; node: HTMLElement; id: number } | null = null;

  constructor(
    private readonly snapshotUrl: string,
    masks: Mask[],
  ) {
    const head = el('div', 'mask-head');
    const reload = button('diag-button', 'mask-reload', 'New picture');
    const clear = button('diag-button admin-danger', 'mask-clear', 'Remove all');
    head.append(el('span', 'mask-title', undefined, 'Masks'), this.count, reload, clear);
    this.picture.alt = '';
    // Loaded when the camera's fold first opens, not for every camera as the section opens.
    this.picture.loading = 'lazy';
    this.picture.src = snapshotUrl;
    this.picture.addEventListener('load', () => this.stage.style.setProperty('aspect-ratio', `${this.picture.naturalWidth} / ${this.picture.naturalHeight}`));
    this.picture.addEventListener('error', () => this.say('No picture of this camera yet: masks can still be drawn on the grey area.'));
    this.layer.tabIndex = 0;
    this.layer.setAttribute('role', 'group');
    this.layer.setAttribute('aria-label', 'Masks over the picture: drag to draw a rectangle; Delete removes the selected one');
    this.stage.append(this.picture, this.layer);
    this.root.append(head, el('p', 'rec-hint', undefined, 'Motion in a shaded rectangle is ignored. Drag on the picture to add one.'), this.stage, this.note);
    this.note.hidden = true;
    reload.addEventListener('click', () => (this.picture.src = `${snapshotUrl}?t=${Date.now()}`));
    clear.addEventListener('click', () => this.set([]));
    this.layer.addEventListener('pointerdown', (e) => this.down(e));
    this.layer.addEventListener('pointermove', (e) => this.move(e));
    this.layer.addEventListener('pointerup', (e) => this.up(e));
    this.layer.addEventListener('pointercancel', () => this.cancel());
    this.layer.addEventListener('keydown', (e) => {
      if ((e.key === 'Delete' || e.key === 'Backspace') && this.selected >= 0) {
        e.preventDefault();
        this.remove(this.selected);
      }
    });
    this.set(masks);
  }

  get masks(): Mask[] {
    return this.list.map((m) => ({ ...m }));
  }

  set(masks: Mask[]): void {
    this.list = masks.map((m) => ({ ...m }));
    this.selected = -1;
    this.render();
  }

  setDisabled(disabled: boolean): void {
    this.root.toggleAttribute('data-disabled', disabled);
    this.layer.tabIndex = disabled ? -1 : 0;
  }

  private say(text: string | null): void {
    setText(this.note, text ?? '');
    this.note.hidden = !text;
  }

  private point(e: PointerEvent): { x: number; y: number } {
    const box = this.layer.getBoundingClientRect();
    return { x: clamp((e.clientX - box.left) / box.width), y: clamp((e.clientY - box.top) / box.height) };
  }

  private down(e: PointerEvent): void {
    if (this.root.hasAttribute('data-disabled') || e.button !== 0) return;
    const target = e.target as HTMLElement;
    const index = target.closest<HTMLElement>('[data-index]')?.dataset.index;
    if (target.closest('button')) return;
    if (index !== undefined) {
      this.selected = Number(index);
      this.render();
      this.layer.focus();
      return;
    }
    if (this.list.length >= MAX_MASKS) return this.say(`At most ${MAX_MASKS} masks: remove one to draw another.`);
    e.preventDefault();
    this.layer.setPointerCapture(e.pointerId);
    const node = el('div', 'mask-rect mask-draft');
    this.layer.append(node);
    this.draft = { from: this.point(e), node, id: e.pointerId };
    this.place(node, rectBetween(this.draft.from, this.draft.from));
  }

  private move(e: PointerEvent): void {
    if (this.draft?.id !== e.pointerId) return;
    this.place(this.draft.node, rectBetween(this.draft.from, this.point(e)));
  }

  private up(e: PointerEvent): void {
    if (this.draft?.id !== e.pointerId) return;
    const rect = rectBetween(this.draft.from, this.point(e));
    this.cancel();
    if (rect.w < MIN_SIZE || rect.h < MIN_SIZE) return;
    this.list.push(rect);
    this.selected = this.list.length - 1;
    this.say(null);
    this.render();
    this.layer.focus();
  }

  private cancel(): void {
    this.draft?.node.remove();
    this.draft = null;
  }

  private remove(index: number): void {
    this.list.splice(index, 1);
    this.selected = -1;
    this.say(null);
    this.render();
  }

  private place(node: HTMLElement, m: Mask): void {
    Object.assign(node.style, { left: `${m.x * 100}%`, top: `${m.y * 100}%`, width: `${m.w * 100}%`, height: `${m.h * 100}%` });
  }

  private render(): void {
    const nodes = this.list.map((m, i) => {
      const node = el('div', 'mask-rect', 'mask-rect');
      node.dataset.index = String(i);
      node.toggleAttribute('data-selected', i === this.selected);
      this.place(node, m);
      const x = button('mask-remove', 'mask-remove', '×');
      x.setAttribute('aria-label', `Remove mask ${i + 1}`);
      x.addEventListener('click', () => this.remove(i));
      node.append(x);
      return node;
    });
    this.layer.replaceChildren(...nodes);
    setText(this.count, `${this.list.length} of ${MAX_MASKS}`);
  }
}
