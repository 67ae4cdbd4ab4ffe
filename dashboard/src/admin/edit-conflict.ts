/**
 * Beside a form's Save button: another admin saved the same settings after this page read them
 * (409 EDIT_CONFLICT). It says who and when, and offers both ways out; the form keeps what was typed.
 */
import './edit-conflict.css';
import { el, setText } from '../dom.js';
import { button, whileBusy } from './admin-markup.js';

/** Who saved what is saved now, and when; null both when the relay does not know. */
export interface LastSave {
  savedBy: string | null;
  savedAt: number | null;
}

/** A section's answer's revision (sent back with a save) and last save, from untrusted JSON. */
export interface Revised extends LastSave {
  revision: string | null;
}

const short = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null);

export function parseRevised(value: unknown): Revised {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const savedAt = typeof v.savedAt === 'number' && Number.isFinite(v.savedAt) ? v.savedAt : null;
  return { revision: short(v.revision), savedBy: short(v.savedBy), savedAt };
}

/** The conflict in words: "ana saved these settings at 10:42, after you opened them. …". */
export function conflictText(last: LastSave, now = Date.now()): string {
  const tail = 'Reload to see theirs (your changes go), or save yours over them.';
  if (!last.savedBy || last.savedAt === null)
    return `These settings were changed after you opened them (by another admin, an MQTT command or the config file). ${tail}`;
  const at = new Date(last.savedAt);
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  // A save of another day says its day: "at 10:42" alone would read as today.
  const when = now - last.savedAt < 12 * 3_600_000 ? time : `${at.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${time}`;
  return `${last.savedBy} saved these settings at ${when}, after you opened them. ${tail}`;
}

export class EditConflict {
  readonly root = el('div', 'edit-conflict', 'edit-conflict');
  private readonly words = el('p', 'edit-conflict-words', 'edit-conflict-words');
  private readonly reload = button('diag-button', 'edit-conflict-reload', 'Reload theirs');
  private readonly mine = button('diag-button', 'edit-conflict-mine', 'Save mine anyway');
  private onReload: () => Promise<void> | void = () => {};
  private onMine: () => Promise<void> | void = () => {};

  constructor() {
    this.root.setAttribute('role', 'alert');
    this.root.hidden = true;
    const actions = el('div', 'edit-conflict-actions');
    actions.append(this.reload, this.mine);
    this.root.append(this.words, actions);
    this.reload.addEventListener('click', () => void whileBusy(this.reload, async () => this.onReload()));
    this.mine.addEventListener('click', () => void whileBusy(this.mine, async () => this.onMine()));
  }

  /** Shows the conflict; each button runs its action (the box stays until `hide()`). */
  show(last: LastSave, actions: { reload: () => Promise<void> | void; mine: () => Promise<void> | void }): void {
    this.onReload = actions.reload;
    this.onMine = actions.mine;
    setText(this.words, conflictText(last));
    this.root.hidden = false;
  }

  /** Hides it and lets go of its actions (one may hold a form's body, passwords and all). */
  hide(): void {
    this.root.hidden = true;
    this.onReload = this.onMine = () => {};
  }
}
