/**
 * Arrow keys between the review cards' play buttons: left/right to the card before or after, up/down
 * to the card above or below in the grid (as many cards on as the first row holds). Tab still goes
 * through every control; the arrows are a shortcut.
 */

/** Where focus goes from card `index` of `count`, `columns` a row, for `key`; null for a key that does not move it. */
export function nextIndex(key: string, index: number, count: number, columns: number): number | null {
  const step =
    key === 'ArrowRight'
      ? 1
      : key === 'ArrowLeft'
        ? -1
        : key === 'ArrowDown'
          ? columns
          : key === 'ArrowUp'
            ? -columns
            : key === 'Home'
              ? -index
              : key === 'End'
                ? count - 1 - index
                : null;
  if (step === null) return null;
  return Math.min(count - 1, Math.max(0, index + step));
}

/** Moves the focus from one play button to another on an arrow key; other keys pass. */
export function moveFocus(list: HTMLElement, e: KeyboardEvent): void {
  const target = e.target as HTMLElement;
  if (target.dataset.testid !== 'review-play') return;
  const buttons = [...list.querySelectorAll<HTMLElement>('[data-testid="review-play"]')];
  const index = buttons.indexOf(target);
  if (index < 0) return;
  const top = buttons[0]!.offsetTop;
  const columns = Math.max(1, buttons.filter((b) => b.offsetTop === top).length);
  const next = nextIndex(e.key, index, buttons.length, columns);
  if (next === null) return;
  e.preventDefault();
  buttons[next]!.focus();
}
