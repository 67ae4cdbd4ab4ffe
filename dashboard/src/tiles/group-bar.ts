/** Chips above the grid to show one group of cameras, or all: only when an admin has made groups. */
import { byTestId, el } from '../dom.js';
import type { Grid } from './grid.js';
import { readStored, writeStored } from '../local-store.js';

const KEY = 'camrelay.group';

export class GroupBar {
  private readonly root = byTestId('group-bar');
  private chosen: string | null = readStored(KEY);
  private shown = '';

  /** `onChange`: the set of tiles shown changed (the layout refits). */
  constructor(
    private readonly grid: Grid,
    private readonly onChange: () => void = () => {},
  ) {}

  /** Redraws the chips when the set of groups changed, and applies the choice to the grid. */
  update(): void {
    const groups = this.grid.groups;
    // A group that no longer exists (renamed, emptied) shows all cameras; an empty list (signed
    // out, or not here yet) keeps the choice for when the cameras come.
    const shownGroup = this.chosen !== null && groups.includes(this.chosen) ? this.chosen : null;
    this.grid.setGroup(shownGroup);
    const key = JSON.stringify(groups);
    if (key !== this.shown) {
      this.shown = key;
      this.root.hidden = groups.length === 0;
      this.root.replaceChildren(...[null, ...groups].map((g) => this.chip(g)));
    }
    // Only the pressed state changes on a choice, so keyboard focus stays on the chip.
    for (const chip of this.root.children)
      chip.setAttribute('aria-pressed', String((chip.textContent === 'All cameras' ? null : chip.textContent) === shownGroup));
  }

  private chip(group: string | null): HTMLButtonElement {
    const chip = el('button', 'group-chip', 'group-chip', group ?? 'All cameras');
    chip.type = 'button';
    chip.addEventListener('click', () => {
      this.chosen = group;
      writeStored(KEY, group);
      this.update();
      this.onChange();
    });
    return chip;
  }
}
