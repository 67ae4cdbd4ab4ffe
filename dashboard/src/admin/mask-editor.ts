/** Mask rectangles over the camera's picture (drawn in a later commit): for now it keeps the saved ones. */
import { el } from '../dom.js';
import type { Mask } from './recording-data.js';

export class MaskEditor {
  readonly root = el('div', 'mask-editor', 'mask-editor');
  private list: Mask[] = [];

  constructor(
    readonly snapshotUrl: string,
    masks: Mask[],
  ) {
    this.root.hidden = true;
    this.set(masks);
  }

  get masks(): Mask[] {
    return this.list.map((m) => ({ ...m }));
  }

  set(masks: Mask[]): void {
    this.list = masks.map((m) => ({ ...m }));
  }

  setDisabled(_disabled: boolean): void {}
}
